/**
 * Livelocks as lassos. A livelock finding is a finite prefix of steps plus a cycle of steps that
 * returns the world to the same state (kernel/rt/state.ts: memory, kernel objects, every thread's
 * position, modulo renaming of element identities), such that
 * - the cycle is weakly fair: every thread enabled in every state of the cycle takes a step in it (so
 *   repeating it forever is a schedule a fair scheduler may produce; a thread spinning on a spinlock
 *   counts as enabled, since the kernel's queued spinlocks serve waiters in turn: lasso-watch.ts), and
 * - no thread returns in it (a thread's status is part of the state, so a cycle cannot contain a return).
 * A run that is merely long proves nothing: a run cut at the step limit that is not shown to contain
 * such a lasso leaves the exploration incomplete, never failed.
 *
 * Evidence: with generator threads the fingerprint sees what is visible (memory, kernel objects, each
 * thread's pending operation, the call stack that created it, and how many pool operations it began
 * and ended), not the generators' locals; such a lasso is confirmed by replaying the prefix and then
 * the cycle many times, checking the state after every repetition (lasso-confirm.ts). With explicit
 * thread states (the C front end's frames) the state compared is exact.
 */
import type { Choices } from './scheduler.ts';

/** The property ID of a livelock finding (found by the explorer, not by a monitor). */
export const LIVELOCK = 'LIVELOCK';

/** How a lasso's cycle was found in a run: where it starts and ends, who steps, who is enabled. */
export interface LassoShape {
  /** Steps (kernel.steps: setup's steps included) when the cycle starts. */
  readonly prefixSteps: number;
  readonly cycleSteps: number;
  /** Recorded choices of the prefix (`choices` holds the prefix's, then one cycle's). */
  readonly prefixChoices: number;
  /** The prefix's choices followed by one cycle's. */
  readonly choices: Choices;
}

export interface CycleFairness {
  /** Threads that take a step in the cycle, in id order. */
  readonly stepping: readonly number[];
  /** Threads enabled (or spinning on a lock) in every state of the cycle (weak fairness: each must be stepping). */
  readonly enabledThroughout: readonly number[];
  /** Threads enabled in some state of the cycle (strong fairness: each must be stepping). */
  readonly enabledSometime: readonly number[];
  readonly weaklyFair: boolean;
  /** Every thread enabled at any point of the cycle steps in it (more than weak fairness asks). */
  readonly stronglyFair: boolean;
}

export type Evidence =
  /** Every live thread exposed its frames: the states compared are the whole world. */
  | { readonly kind: 'exact'; readonly replays: number }
  /** Visible state only (generator threads): vouched for by replaying the cycle `replays` times. */
  | { readonly kind: 'visible'; readonly replays: number };

export interface Lasso extends LassoShape {
  readonly fairness: CycleFairness;
  readonly evidence: Evidence;
}

/**
 * Fairness of the cycle from state `i` to state `j` of a run: `tids[k]` took step k+1 (from state k
 * to state k+1), `enabled[k]` were the threads enabled in state k.
 */
export function cycleFairness(tids: readonly number[], enabled: readonly (readonly number[])[], i: number, j: number): CycleFairness {
  const stepping = new Set<number>();
  for (let k = i; k < j; k++) stepping.add(tids[k] as number);
  let throughout = new Set<number>(enabled[i] ?? []);
  const sometime = new Set<number>();
  for (let k = i; k < j; k++) {
    const here = enabled[k] ?? [];
    for (const t of here) sometime.add(t);
    throughout = new Set([...throughout].filter((t) => here.includes(t)));
  }
  const sorted = (s: Set<number>): number[] => [...s].sort((a, b) => a - b);
  return {
    stepping: sorted(stepping),
    enabledThroughout: sorted(throughout),
    enabledSometime: sorted(sometime),
    weaklyFair: [...throughout].every((t) => stepping.has(t)),
    stronglyFair: [...sometime].every((t) => stepping.has(t)),
  };
}

/**
 * Weak fairness of the cycles that start at one state, kept up to date as the run goes on: a state
 * that recurs every few steps would otherwise cost a walk over the whole cycle at every recurrence.
 */
export class FairnessFrom {
  private upTo: number;
  private readonly stepping = new Set<number>();
  private throughout: Set<number> | null = null;

  constructor(readonly from: number) {
    this.upTo = from;
  }

  /** Whether the cycle from `from` to state `to` is weakly fair (see `cycleFairness`). */
  weaklyFairTo(tids: readonly number[], enabled: readonly (readonly number[])[], to: number): boolean {
    for (; this.upTo < to; this.upTo++) {
      this.stepping.add(tids[this.upTo] as number);
      const here = enabled[this.upTo] ?? [];
      if (this.throughout === null) this.throughout = new Set(here);
      else for (const t of this.throughout) if (!here.includes(t)) this.throughout.delete(t);
    }
    for (const t of this.throughout ?? []) if (!this.stepping.has(t)) return false;
    return true;
  }
}

/** The choices of the prefix followed by the cycle's `times` times. */
export function repeatedChoices(shape: LassoShape, times: number): Choices {
  const kinds = shape.choices.kinds.slice(0, shape.prefixChoices);
  const values = shape.choices.values.slice(0, shape.prefixChoices);
  const cycleKinds = shape.choices.kinds.slice(shape.prefixChoices);
  const cycleValues = shape.choices.values.slice(shape.prefixChoices);
  for (let n = 0; n < times; n++) {
    kinds.push(...cycleKinds);
    values.push(...cycleValues);
  }
  return { kinds, values };
}

/** One line on a lasso's evidence, as every report states it. */
export function evidenceText(e: Evidence): string {
  return e.kind === 'exact'
    ? `exact state (every thread's frames compared), the cycle replayed ${e.replays} times`
    : `visible state (memory, kernel objects, each thread's pending operation, its call stack and pool operations begun), confirmed by ${e.replays} replays of the cycle`;
}
