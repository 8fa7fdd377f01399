/**
 * Watching a run for lassos: the world fingerprint after every step, keyed to the first state that had
 * it. When a state repeats, the steps between its first occurrence and now are a cycle; it is a
 * candidate lasso when it is weakly fair (lasso.ts). Comparing with the first occurrence is enough:
 * the longest cycle through a repeated state is the fairest one (more threads step in it, fewer are
 * enabled throughout it). A candidate that its replay refutes moves the state's first occurrence to
 * the later visit, so that a loop that merely looks like an earlier one is still found.
 */
import type { Kernel } from '../kernel/rt/kernel.ts';
import { worldFingerprint, type FingerprintParts, type PointerNames, type StateSink } from '../kernel/rt/state.ts';
import { cycleFairness, FairnessFrom, type CycleFairness, type Lasso, type LassoShape } from './lasso.ts';
import type { Confirmation } from './lasso-confirm.ts';
import type { Monitor, MonitorContext } from './monitor.ts';
import type { Choices } from './scheduler.ts';

/** Observes an execution step by step (explorer/execution.ts); may stop it. */
export interface StepWatch {
  /** After setup and the threads' spawn, before the first concurrent step. */
  start(ctx: MonitorContext, choices: Choices): void;
  /** After every concurrent step; true stops the run here (it ends as `cutAs`). */
  afterStep(ctx: MonitorContext, tid: number, enabledBefore: readonly number[], choices: Choices): boolean;
  /** How a run this watch stops ends (default `step-limit`: cut, not covered beyond). */
  readonly cutAs?: 'step-limit' | 'visited';
}

export interface LassoCandidate extends LassoShape {
  readonly fairness: CycleFairness;
}

/**
 * How many pool operations each thread began and ended (its `mark`s), read from the kernel's history
 * as it grows: part of a generator thread's position (the same pending load in the first and the
 * second `alloc` of a thread program are different places).
 */
export class MarkCounter {
  private seen = 0;
  private readonly counts: number[] = [];

  update(kernel: Kernel): void {
    const h = kernel.history;
    for (; this.seen < h.length; this.seen++) {
      const e = h[this.seen];
      if (e !== undefined && e.kind === 'mark') this.counts[e.tid] = (this.counts[e.tid] ?? 0) + 1;
    }
  }

  of(tid: number): number {
    return this.counts[tid] ?? 0;
  }
}

/** The fingerprint parts every lasso compares besides the kernel: program state, monitors' state. */
export function fingerprintParts(ctx: MonitorContext, monitors: readonly Monitor[], position: (tid: number) => string): FingerprintParts {
  return new MonitorParts(ctx, monitors.filter(hasStateKey), position);
}

const hasStateKey = (m: Monitor): boolean => m.writeState !== undefined;

/**
 * The parts as an object whose functions are its class's methods: made once per run (a stateful
 * search makes one per resumed run), it creates no function, and so pays nothing for the names the
 * build keeps on every function it creates.
 */
class MonitorParts implements FingerprintParts {
  readonly program?: (out: StateSink) => void;
  readonly extra?: (names: PointerNames, out: StateSink) => void;

  constructor(
    private readonly ctx: MonitorContext,
    private readonly keyed: readonly Monitor[],
    readonly position: (tid: number) => string,
  ) {
    if (ctx.program.writeState && ctx.setup !== null) this.program = MonitorParts.prototype.programState;
    if (keyed.length > 0) this.extra = MonitorParts.prototype.monitorLines;
  }

  private programState(this: MonitorParts, out: StateSink): void {
    this.ctx.program.writeState?.(this.ctx.setup, out);
  }

  /**
   * One line for every keyed monitor, each monitor's tokens opened by its name (no monitor writes a
   * text that is another's name): most monitors remember nothing most of the time, and one line costs
   * one comparison where fifteen would cost fifteen.
   */
  private monitorLines(this: MonitorParts, names: PointerNames, out: StateSink): void {
    out.line();
    for (const m of this.keyed) {
      out.text(m.name);
      m.writeState?.(this.ctx, out, names);
    }
  }
}

/**
 * The threads fairness asks to step: those whose pending operation can run now, and those spinning on
 * a spinlock another thread holds. A spinning thread keeps its CPU, and the kernel's queued spinlocks
 * hand the lock to waiters in turn, so a cycle that keeps a lock waiter out for ever (taking and
 * dropping the lock before it) is not a schedule the kernel produces. Threads asleep, or waiting for a
 * value (`await`), are not enabled until they can run.
 */
export function fairnessEnabled(kernel: Kernel): number[] {
  const out: number[] = [];
  for (const t of kernel.threads) {
    if (t.status !== 'ready' || t.pending === null) continue;
    if (t.pending.kind === 'lock' || kernel.isEnabled(t)) out.push(t.id);
  }
  return out;
}

export class LassoWatch implements StepWatch {
  private readonly firstSeen = new Map<string, number>();
  /** Fairness of the cycles from each first occurrence, extended as the run goes on. */
  private readonly spans = new Map<number, FairnessFrom>();
  /** tids[k]: the thread that took step k+1. */
  private readonly tids: number[] = [];
  /** enabled[k]: threads that fairness counts as enabled in state k (`fairnessEnabled`). */
  private readonly enabled: (readonly number[])[] = [];
  /** choiceCounts[k]: recorded choices when the run was in state k. */
  private readonly choiceCounts: number[] = [];
  /** stepsAt[k]: kernel.steps in state k (setup's steps included). */
  private readonly stepsAt: number[] = [];
  private readonly marks = new MarkCounter();
  /** fingerprintsAt[k]: the fingerprint of state k. */
  private readonly fingerprintsAt: string[] = [];
  /**
   * States of a cycle that repeated for a while and then ended (a loop with a hidden counter), with
   * the state by which that loop is over: until then no visit to them is a candidate.
   */
  private readonly fakeUntil = new Map<string, number>();
  private parts: FingerprintParts = {};
  /** Fair cycles found, in the order found (each confirmed or refuted when `confirm` is given). */
  readonly candidates: LassoCandidate[] = [];
  /** The first candidate that was confirmed: the run stops there. */
  found: Lasso | null = null;
  /** Why candidates were refuted, in order. */
  readonly refuted: string[] = [];
  /** Fingerprints taken (for measurements). */
  fingerprints = 0;

  /**
   * @param monitors the run's monitors: the state of those with a `writeState` is part of the state
   * @param confirm replays a candidate (lasso-confirm.ts); without it the run stops at the first one
   * @param maxCandidates stop the run after this many candidates failed to confirm (each costs a replay)
   */
  constructor(
    private readonly monitors: readonly Monitor[] = [],
    private readonly confirm: ((c: LassoCandidate) => Confirmation) | null = null,
    private readonly maxCandidates = 8,
  ) {}

  start(ctx: MonitorContext, choices: Choices): void {
    this.parts = fingerprintParts(ctx, this.monitors, (tid) => String(this.marks.of(tid)));
    this.record(ctx.kernel, choices);
  }

  afterStep(ctx: MonitorContext, tid: number, _enabledBefore: readonly number[], choices: Choices): boolean {
    this.tids.push(tid);
    const j = this.tids.length;
    const fp = this.record(ctx.kernel, choices);
    const i = this.firstSeen.get(fp);
    if (i === undefined || j <= (this.fakeUntil.get(fp) ?? -1)) {
      this.firstSeen.set(fp, j);
      return false;
    }
    let span = this.spans.get(i);
    if (span === undefined) {
      span = new FairnessFrom(i);
      this.spans.set(i, span);
    }
    if (!span.weaklyFairTo(this.tids, this.enabled, j)) return false;
    const fairness = cycleFairness(this.tids, this.enabled, i, j);
    const prefixChoices = this.choiceCounts[i] as number;
    const end = this.choiceCounts[j] as number;
    const candidate: LassoCandidate = {
      prefixSteps: this.stepsAt[i] as number,
      cycleSteps: j - i,
      prefixChoices,
      choices: { kinds: choices.kinds.slice(0, end), values: choices.values.slice(0, end) },
      fairness,
    };
    this.candidates.push(candidate);
    if (this.confirm === null) return true;
    const c = this.confirm(candidate);
    if (c.kind === 'confirmed') {
      this.found = { ...candidate, evidence: c.evidence };
      return true;
    }
    this.refuted.push(c.why);
    if (c.repeated === 0) {
      // The state seen first is another place that only looks the same (the fingerprint does not see
      // the call stack): compare later visits with this one from now on.
      this.firstSeen.set(fp, j);
    } else {
      // The cycle repeated and then ended (a counter the fingerprint cannot see): so will every turn of
      // this loop, whichever of its states it starts from, until the loop is over.
      const over = i + (c.repeated + 1) * (j - i);
      for (let k = i; k < j; k++) this.fakeUntil.set(this.fingerprintsAt[k] as string, over);
    }
    return this.candidates.length >= this.maxCandidates;
  }

  private record(kernel: Kernel, choices: Choices): string {
    this.enabled.push(fairnessEnabled(kernel));
    this.marks.update(kernel);
    this.fingerprints += 1;
    const fp = worldFingerprint(kernel, this.parts);
    this.fingerprintsAt.push(fp);
    this.choiceCounts.push(choices.kinds.length);
    this.stepsAt.push(kernel.steps);
    if (this.choiceCounts.length === 1) this.firstSeen.set(fp, 0);
    return fp;
  }
}
