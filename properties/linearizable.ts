/**
 * LINEARIZABLE: the history of invocations and returns of the concurrent threads (blocking allocs
 * included) is explained by some order of the model's atomic steps, each placed between its
 * operation's invocation and return. Checked once per execution, at its end; a search that runs out of
 * its budget answers `unknown`: the execution is undecided (`unknown()`, counted in `stats`), never
 * a pass or a failure, and the search never hangs.
 */
import type { EndKind, Monitor, MonitorContext, Violation } from '../explorer/monitor.ts';
import { historyKey, observe, type ObservedOp } from './lin/observations.ts';
import { linModelOf, type PoolModel } from './lin/pool-model.ts';
import { DEFAULT_LIN_BUDGET, type LinVerdict } from './lin/search.ts';
import { checkObserved } from './lin/check-observed.ts';
import { violation, type PropertyDef } from './property.ts';
import { OpTracker } from './support/ops.ts';
import { UnlockedReads } from './support/unlocked-reads.ts';
import { PoolMonitor, worldOf } from './support/world.ts';
import { onlineLinearizable } from './lin/online-monitor.ts';
import type { Profile } from '../model/profile.ts';

const ID = 'LINEARIZABLE';

/** Counts over an exploration (shared by the monitor's executions). */
export interface LinStats {
  checked: number;
  unknown: number;
  /** Checks answered from the cache of earlier, identical histories. */
  cached: number;
  /** Most model steps one check applied. */
  maxExplored: number;
}

export const newLinStats = (): LinStats => ({ checked: 0, unknown: 0, cached: 0, maxExplored: 0 });

/** Bound on remembered plans and verdicts (per monitor, i.e. per exploration): cleared when reached. */
const CACHE_LIMIT = 200_000;

export interface LinOptions<S, Step> {
  /** The model; default: the profile's (model/semantics.ts). */
  readonly model?: PoolModel<S, Step>;
  /** Model steps one check may apply before it gives up with `unknown`. */
  readonly budget?: number;
  readonly stats?: LinStats;
}

/**
 * No `writeState`, on purpose: the verdict at the end depends on the whole history observed so far
 * (every operation's allocator calls and the real-time order of invocations and returns), not on a
 * summary of it, and along the seed's grow/shrink ping-pong that history grows without bound (two
 * resizes in flight make allocator calls forever). A key that left it out would let a stateful search
 * cut runs whose verdict it never saw; one that kept it would never repeat. Without a key the search
 * reports the property as not covered, never as passed. A stateful search therefore checks with the
 * online check instead (`forStatefulSearch`, lin/online-monitor.ts), which anchors each step at its
 * operation's calls and so keeps a finite set of configurations, where the profile's model supports it.
 */
class LinearizableMonitor<S, Step> extends PoolMonitor implements Monitor {
  readonly name = ID;
  private initial: S | null = null;
  private readonly tracker = new OpTracker();
  private readonly budget: number;
  readonly stats: LinStats;
  // Across the executions of one exploration: element identities are schedule-independent (per-thread
  // arenas), so the same operations and histories recur many times.
  private readonly plans: Map<string, ReturnType<PoolModel<S, Step>['plan']>>;
  private readonly verdicts: Map<string, LinVerdict>;
  private initialKey = '';
  /** Why the last execution was left undecided, or null. */
  private unknownWhy: string | null = null;
  /** Weak memory: what each free's unlocked test could read (tracked step by step). */
  private reads: UnlockedReads | null = null;

  constructor(
    private readonly model: PoolModel<S, Step>,
    options: LinOptions<S, Step>,
    /** The caches of the monitor this one was forked from (shared: they hold no execution's state). */
    shared?: LinearizableMonitor<S, Step>,
    /** The profile whose model this is, when it is the profile's own (a stateful search then checks online). */
    private readonly profile: Profile | null = null,
  ) {
    super();
    this.budget = options.budget ?? DEFAULT_LIN_BUDGET;
    this.stats = shared?.stats ?? options.stats ?? newLinStats();
    this.plans = shared?.plans ?? new Map();
    this.verdicts = shared?.verdicts ?? new Map();
  }

  /** A copy of this execution's state bound to `ctx`; the plan and verdict caches and the counts stay shared. */
  fork(ctx: MonitorContext): Monitor {
    const copy = new LinearizableMonitor(this.model, { budget: this.budget }, this, this.profile);
    copy.world = worldOf(ctx);
    copy.initial = this.initial;
    copy.initialKey = this.initialKey;
    copy.unknownWhy = this.unknownWhy;
    copy.reads = this.reads?.fork(ctx.kernel) ?? null;
    copy.tracker.copyFrom(this.tracker);
    return copy;
  }

  /** The online check (properties/lin/online-monitor.ts), whose state is finite, when the profile's model supports it. */
  forStatefulSearch(): Monitor | null {
    return this.profile === null ? null : onlineLinearizable(this.profile);
  }

  override start(ctx: MonitorContext): Violation | null {
    super.start(ctx);
    this.tracker.reset();
    this.unknownWhy = null;
    this.reads = this.world === null ? null : UnlockedReads.for(ctx.kernel, this.world.pool);
    this.initial = this.world === null || this.world.destroyed ? null : this.model.initial(this.world.snapshot(ctx.kernel));
    if (this.initial !== null) this.initialKey = this.model.stateKey(this.initial);
    return null;
  }

  /** Under weak memory only: what a free's test could read depends on when it was invoked. */
  afterStep(ctx: MonitorContext, _tid: number): Violation | null {
    if (this.reads !== null) {
      this.tracker.sync(ctx.kernel.history, this.reads);
      this.reads.afterStep();
    }
    return null;
  }

  atEnd(ctx: MonitorContext, end: EndKind): readonly Violation[] {
    if (this.initial === null || (end !== 'terminated' && end !== 'blocked' && end !== 'step-limit')) return [];
    const { kernel } = ctx;
    this.tracker.sync(kernel.history, this.reads);
    const observed = observe(kernel, this.tracker.ops, end, this.reads?.readable);
    const key = `${this.initialKey}@${historyKey(observed)}`;
    let verdict = this.verdicts.get(key);
    if (verdict === undefined) {
      verdict = this.check(observed, this.initial);
      if (this.verdicts.size >= CACHE_LIMIT) this.verdicts.clear();
      this.verdicts.set(key, verdict);
    } else {
      this.stats.cached += 1;
    }
    this.stats.checked += 1;
    this.stats.maxExplored = Math.max(this.stats.maxExplored, verdict.explored);
    if (verdict.verdict === 'unknown') {
      this.stats.unknown += 1;
      this.unknownWhy = `the linearizability search ran out of its budget (${this.budget.toLocaleString('en-US')} model steps) before it found an order or proved none exists`;
    }
    return verdict.verdict === 'violation' ? [violation(ID, verdict.reason, kernel.steps)] : [];
  }

  unknown(): string | null {
    return this.unknownWhy;
  }

  private check(observed: readonly ObservedOp[], initial: S): LinVerdict {
    return checkObserved(this.model, observed, initial, this.budget, (o) => this.plan(o));
  }

  private plan(o: ObservedOp): ReturnType<PoolModel<S, Step>['plan']> {
    let p = this.plans.get(o.key);
    if (p === undefined) {
      p = this.model.plan(o.observation);
      if (this.plans.size >= CACHE_LIMIT) this.plans.clear();
      this.plans.set(o.key, p);
    }
    return p;
  }
}

export function linearizableWith<S, Step>(options: LinOptions<S, Step>): PropertyDef {
  return {
    id: ID,
    statement:
      "every concurrent history (blocking allocs included) is explained by some order of atomic steps of the profile's model that respects real time (an operation that returned before another was called comes first), under either memory model",
    checkedAt: ['end'],
    create: (profile) =>
      options.model === undefined
        ? new LinearizableMonitor(linModelOf(profile) as PoolModel<S, Step>, options, undefined, profile)
        : new LinearizableMonitor(options.model, options),
  };
}

export const linearizable: PropertyDef = linearizableWith({});
