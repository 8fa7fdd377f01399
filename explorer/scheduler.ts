/**
 * The one door for nondeterminism. Every decision of an execution (which thread takes the next step,
 * which alternative a value choice takes) is asked of a Scheduler; strategies (dfs, dpor, bounded,
 * pct, random, replay) implement it, one file each, and see nothing else of the execution.
 */
import { access, OBJ_TIMEOUT_BUDGET, WRITE } from '../kernel/rt/footprint.ts';
import type { ChoiceKind } from '../kernel/rt/memory.ts';
import type { Program } from './program.ts';

export type { ChoiceKind };
export { conflicts } from '../kernel/rt/footprint.ts';

const TIMEOUT_FIRED = access(OBJ_TIMEOUT_BUDGET, WRITE);

/**
 * Whether a step (by its footprint) fired a timeout. Reductions treat such a step as dependent with
 * every other step: then a state where nothing but timeouts can happen (where liveness is checked) is
 * reached by every execution equivalent to one that reaches it.
 */
export function firesTimeout(footprint: readonly number[]): boolean {
  for (const a of footprint) if (a === TIMEOUT_FIRED) return true;
  return false;
}

/** Recorded decisions: a thread pick ('t') or a value pick ('v'), in the order they were asked. */
export interface Choices {
  readonly kinds: string[];
  readonly values: number[];
}

/** What a strategy may know about the state when it picks a thread. */
export interface SchedulingView {
  /** Thread that took the previous step (-1 before the first step). */
  readonly current: number;
  /** Steps taken so far in this execution. */
  readonly step: number;
  /** Number of threads (ids are 0..threadCount-1; 0 is the setup thread, done before any pick). */
  readonly threadCount: number;
  /** Whether thread `tid`'s enabled step is a timeout firing rather than ordinary progress. */
  isTimeout(tid: number): boolean;
}

/** How an execution ended, as strategies need to know it. */
export interface ExecutionEnd {
  /** Whether a property failed in this execution. */
  readonly failed: boolean;
  /** Steps taken. */
  readonly steps: number;
  /**
   * Threads that had not returned when the execution ended: blocked for good, or cut short by a
   * violation or the step limit (absent or empty when every thread returned).
   */
  readonly pending?: readonly number[];
}

export interface Scheduler {
  readonly name: string;
  /** Prepare the next execution; false when the exploration is over (complete or out of budget). */
  beginExecution(): boolean;
  /** Pick one of `enabled` (sorted, non-empty) to take the next step. */
  pickThread(enabled: readonly number[], view: SchedulingView): number;
  /** Pick one of `n` (>= 2) alternatives; 0 is the default (success, newest message). */
  pickValue(n: number, kind: ChoiceKind): number;
  /**
   * After each step: which thread ran and what it touched (`footprint.ts` encoding), with the enabled
   * set it was picked from. The footprint array is reused by the kernel: copy what you keep.
   */
  afterStep?(tid: number, footprint: readonly number[], enabledBefore: readonly number[]): void;
  endExecution(end: ExecutionEnd): void;
  /**
   * True when, with beginExecution() having returned false, every behaviour within the strategy's
   * bounds was covered (dfs, dpor: all of them; bounded: all within the final bound; random: never).
   */
  isComplete(): boolean;
  /** One line on what was covered (e.g. "preemption bound 2 exhausted"). */
  coverage(): string;
}

/**
 * A re-execution that did not do what the same choices did before. An execution must be a pure
 * function of its recorded choices (the explorer re-runs prefixes, replays tokens and shrinks on that
 * promise); an implementation that keeps state outside kernel memory (a JavaScript variable or object
 * field that changes after create) breaks it. Strategies and the replayer throw this where they notice;
 * the execution that noticed attaches what it ran (explorer/execution.ts), so that
 * run/nondeterminism.ts can re-run it and show the first operation that differed.
 */
export class NondeterminismError extends Error {
  run: DivergedRun | null = null;
}

/** The execution during which a divergence was noticed: its program and the choices it had made. */
export interface DivergedRun {
  readonly program: Program<unknown>;
  readonly choices: Choices;
  readonly maxSteps: number;
}
