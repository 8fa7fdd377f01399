/**
 * Monitors check properties on a running execution. properties/ implements them; the explorer calls
 * them and knows only this interface.
 */
import type { Kernel } from '../kernel/rt/kernel.ts';
import type { PointerNames, StateSink } from '../kernel/rt/state.ts';
import type { Program } from './program.ts';

/** A property that failed, with why. `property` is a stable ID (DESIGN.md section 5). */
export interface Violation {
  readonly property: string;
  readonly message: string;
  /** Step at which it was detected. */
  readonly step: number;
  /** Thread most concerned, if one is. */
  readonly tid?: number;
}

/** Why the concurrent part of an execution ended. */
export type EndKind =
  /** Every thread returned (or died of a BUG). */
  | 'terminated'
  /** Some thread can never run again and nothing else can run: blocked for good. */
  | 'blocked'
  /** Cut: the step budget ran out (or a lasso watch stopped the run); by itself no finding. */
  | 'step-limit'
  /** The run reached a fair cycle that repeats forever (explorer/lasso.ts): a LIVELOCK finding. */
  | 'livelock'
  /**
   * Cut by a stateful search on reaching a state it had reached before (explorer/stateful/): what
   * follows is explored from that first visit, so nothing is judged at this end.
   */
  | 'visited'
  /** Setup returned null (e.g. pool creation failed): nothing ran concurrently. */
  | 'setup-failed';

export interface MonitorContext<S = unknown> {
  readonly kernel: Kernel;
  readonly program: Program<S>;
  /** The setup value (the pool), once setup has returned. */
  readonly setup: S | null;
}

export interface Monitor {
  readonly name: string;
  /** After setup, before the first concurrent step. */
  start?(ctx: MonitorContext): Violation | null;
  /** After every concurrent step of `tid`. Keep it cheap: it runs in the hot loop. */
  afterStep?(ctx: MonitorContext, tid: number): Violation | null;
  /**
   * When nothing but timeouts can happen (also with nothing enabled at all): the place to check
   * liveness (a sleeper that should have been woken).
   */
  atQuiescence?(ctx: MonitorContext): Violation | null;
  /** At the end (after teardown, if it ran). */
  atEnd?(ctx: MonitorContext, end: EndKind): readonly Violation[];
  /**
   * Everything the monitor's future verdicts depend on beyond the world fingerprint (kernel/rt/state.ts:
   * memory, kernel objects, every thread's state and frames, the program's state), written to `out` as
   * fingerprint tokens (kernel/rt/state-sink.ts: pointers as words, renamed like the fingerprint's;
   * `names` only to sort sets by name), and nothing absolute (no step number, history index, raw
   * timestamp or count that grows with the run unless the verdict really depends on it), so that it
   * takes finitely many values on a finite state space. Nothing written when the monitor remembers
   * nothing beyond the world. Every keyed monitor writes on one line, each after its own name, so no
   * monitor may write a text that is another monitor's name.
   *
   * A stateful search, which cuts a run at a state (fingerprint plus every monitor's key) it has seen,
   * covers a property only if its monitor implements this; a monitor whose exact state is unbounded
   * (LINEARIZABLE: the whole history) must not, and the search then reports the property as not
   * covered, never as passed. A lasso's fingerprint includes the keys of the monitors that have one.
   */
  writeState?(ctx: MonitorContext, out: StateSink, names: PointerNames): void;
  /**
   * An independent copy of the monitor's per-execution state, bound to `ctx`: a forked world (a new
   * kernel and setup value in the same state, with the same history so far), for a search that restores
   * a saved world instead of re-running its prefix. The copy and the original then go on separately;
   * caches shared across executions (LINEARIZABLE's plans and verdicts, its counts) stay shared.
   * Absent: the monitor cannot be copied, and such a search must re-run the prefix.
   */
  fork?(ctx: MonitorContext): Monitor;
  /**
   * The same property's monitor for a stateful search, when this one cannot write its state (it keeps
   * more than finitely many values: LINEARIZABLE's offline check reads the whole history) and another
   * monitor of the property can; null or absent when there is none. The search then checks with that
   * one instead.
   */
  forStatefulSearch?(): Monitor | null;
  /**
   * After `atEnd`: why this execution's property could not be decided (a search that ran out of its
   * budget), or null. An undecided execution is neither a pass nor a failure: the exploration that
   * contains one cannot say `pass`.
   */
  unknown?(): string | null;
}

/** A property a monitor could not decide on one execution, with why. */
export interface Unknown {
  readonly property: string;
  readonly message: string;
}
