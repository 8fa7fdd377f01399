/**
 * LINEARIZABLE for a stateful search: the online check (online.ts) fed event by event, whose state is
 * finite and is written into the search's fingerprint. The stateless explorers keep the offline check
 * (properties/linearizable.ts), which memoises whole histories across executions; a stateful search
 * cuts runs at states it has seen, so it needs a verdict that follows from the state alone.
 *
 * The online check anchors steps at their operation's calls, so it may refuse a history that the
 * property's statement (steps anywhere between invocation and return) allows. A refusal is therefore
 * confirmed by the offline check on the history so far: confirmed, it is the finding; not confirmed,
 * the run is undecided (never a pass), with why.
 */
import type { EndKind, Monitor, MonitorContext, Violation } from '../../explorer/monitor.ts';
import type { Kernel } from '../../kernel/rt/kernel.ts';
import type { PointerNames, StateSink } from '../../kernel/rt/state.ts';
import type { PoolSnapshot } from '../../impl/pool-impl.ts';
import { violation } from '../property.ts';
import type { CallEvent, OpListener, TrackedOp } from '../support/ops.ts';
import { OpTracker } from '../support/ops.ts';
import { UnlockedReads } from '../support/unlocked-reads.ts';
import { PoolMonitor, worldOf } from '../support/world.ts';
import { semanticsOf } from '../../model/semantics.ts';
import type { Profile } from '../../model/profile.ts';
import type { AllocatorCall, ModelOp, ModelState } from './model-api.ts';
import { labelOf, modelOpOf, observe, SETUP_TID, toCall } from './observations.ts';
import { linModelOf, type PoolModel } from './pool-model.ts';
import { DEFAULT_LIN_BUDGET } from './search.ts';
import { checkObserved } from './check-observed.ts';
import { OnlineLin, type OnlineModel } from './online.ts';

const ID = 'LINEARIZABLE';

export class OnlineLinearizableMonitor<S, St> extends PoolMonitor implements Monitor, OpListener {
  readonly name = ID;
  private readonly tracker = new OpTracker();
  private kernel: Kernel | null = null;
  private lin: OnlineLin<S, St> | null = null;
  private reads: UnlockedReads | null = null;
  private found: Violation | null = null;
  private unknownWhy: string | null = null;
  /** The teardown thread's allocator calls (its mempool_destroy has no marks): one last operation at the end. */
  private teardownCalls: AllocatorCall[] = [];

  /** The pool when the threads started (the offline check's initial state). */
  private initial: PoolSnapshot | null = null;

  constructor(
    private readonly model: OnlineModel<S, St>,
    private readonly initialOf: (pool: PoolSnapshot) => S,
    /** The offline check's model, which confirms a refusal. */
    private readonly offline: PoolModel<unknown, unknown>,
  ) {
    super();
  }

  override start(ctx: MonitorContext): Violation | null {
    super.start(ctx);
    this.kernel = ctx.kernel;
    this.tracker.reset();
    this.found = null;
    this.unknownWhy = null;
    this.teardownCalls = [];
    const world = this.world;
    this.reads = world === null ? null : UnlockedReads.for(ctx.kernel, world.pool);
    this.initial = world === null || world.destroyed ? null : world.snapshot(ctx.kernel);
    this.lin = this.initial === null ? null : new OnlineLin(this.model, this.initialOf(this.initial));
    return this.sync();
  }

  afterStep(_ctx: MonitorContext, _tid: number): Violation | null {
    return this.sync();
  }

  atEnd(ctx: MonitorContext, end: EndKind): readonly Violation[] {
    if (this.lin === null || this.kernel !== ctx.kernel) return [];
    this.sync();
    if (this.found !== null || (end !== 'terminated' && end !== 'blocked' && end !== 'step-limit')) return this.found === null ? [] : [this.found];
    const lin = this.lin;
    const ended: { tid: number; outcome: 'blocked' | 'bug' }[] = [];
    this.tracker.current.forEach((op, tid) => {
      const t = ctx.kernel.threads[tid];
      if (op === undefined || tid === SETUP_TID || t === undefined) return;
      if (t.status === 'dead') ended.push({ tid, outcome: 'bug' });
      else if (end === 'blocked' && t.isAsleep()) ended.push({ tid, outcome: 'blocked' });
    });
    lin.end(ended);
    const teardown = ctx.kernel.threads.find((t) => t.name === 'teardown');
    if (teardown !== undefined && teardown.status === 'done' && this.teardownCalls.length > 0 && lin.status.kind === 'ok') {
      const kernel = ctx.kernel;
      const destroy: ModelOp = { op: 'destroy' };
      lin.invoke(teardown.id, destroy, () => labelOf(kernel, teardown.id, destroy, { kind: 'returned', value: 0 }));
      lin.ret(teardown.id, 0, destroy, this.teardownCalls);
      lin.end([]);
    }
    this.read(ctx.kernel, end);
    return this.found === null ? [] : [this.found];
  }

  unknown(): string | null {
    return this.unknownWhy;
  }

  /** Whether a violation was found, the check's state (operations in flight, configurations), and under weak memory what frees in flight could read. */
  writeState(ctx: MonitorContext, out: StateSink, names: PointerNames): void {
    if (this.lin === null) return;
    this.sync();
    if (this.found !== null) out.text('found');
    if (this.unknownWhy !== null) out.text('unknown');
    for (const part of this.lin.text((p) => names.value(p))) out.text(part);
    for (const c of this.teardownCalls) out.text(c.call === 'alloc' ? `+${names.value(c.result)}` : `-${names.value(c.ptr)}`);
    if (this.reads !== null && this.world !== null) {
      out.text('reads');
      out.text(this.reads.stateKey(names, new Set(this.world.outside(ctx.kernel))));
    }
  }

  fork(ctx: MonitorContext): Monitor {
    const copy = new OnlineLinearizableMonitor(this.model, this.initialOf, this.offline);
    copy.world = worldOf(ctx);
    copy.initial = this.initial;
    copy.kernel = ctx.kernel;
    copy.tracker.copyFrom(this.tracker);
    copy.lin = this.lin?.copy() ?? null;
    copy.reads = this.reads?.fork(ctx.kernel) ?? null;
    copy.found = this.found;
    copy.unknownWhy = this.unknownWhy;
    copy.teardownCalls = this.teardownCalls.slice();
    return copy;
  }

  onInvoke(op: TrackedOp): void {
    this.reads?.onInvoke(op);
    if (op.tid === SETUP_TID || this.lin === null) return;
    const kernel = this.kernel as Kernel;
    const modelOp: ModelOp = op.op;
    this.lin.invoke(op.tid, modelOp, () => labelOf(kernel, op.tid, modelOp, op.returnAt >= 0 ? { kind: 'returned', value: op.value } : { kind: 'pending' }));
  }

  onCall(e: CallEvent, op: TrackedOp | undefined): void {
    this.reads?.onCall(e, op);
    const kernel = this.kernel as Kernel;
    if (op === undefined) {
      if (kernel.threads[e.tid]?.name === 'teardown') this.teardownCalls.push(toCall(kernel, e));
      return;
    }
    if (op.tid !== SETUP_TID) this.lin?.call(op.tid, toCall(kernel, e), modelOpOf(op, this.reads?.readable));
  }

  onReturn(op: TrackedOp): void {
    this.reads?.onReturn(op);
    if (op.tid !== SETUP_TID) this.lin?.ret(op.tid, op.value, modelOpOf(op, this.reads?.readable));
  }

  private sync(): Violation | null {
    const kernel = this.kernel;
    if (kernel === null || this.lin === null) return null;
    this.tracker.sync(kernel.history, this);
    this.reads?.afterStep();
    // Mid-run, the operations in flight are cut where they are (as at a step limit).
    this.read(kernel, 'step-limit');
    return this.found;
  }

  private read(kernel: Kernel, end: EndKind): void {
    const status = this.lin?.status;
    if (status === undefined || this.found !== null || this.unknownWhy !== null) return;
    if (status.kind === 'unknown') this.unknownWhy = status.reason;
    if (status.kind !== 'violation' || this.initial === null) return;
    const observed = observe(kernel, this.tracker.ops, end, this.reads?.readable);
    const offline = checkObserved(this.offline, observed, this.offline.initial(this.initial), DEFAULT_LIN_BUDGET);
    if (offline.verdict === 'violation') this.found = violation(ID, offline.reason, kernel.steps);
    else if (offline.verdict === 'unknown') this.unknownWhy = `the online check refused the history (${status.reason}) and the offline check ran out of its budget`;
    else this.unknownWhy = `the online check, which places each step after its operation's previous call, refused a history that steps placed anywhere between invocation and return explain: ${status.reason}`;
  }
}

/** What the online check needs of a profile's model (model/online.ts), or null when it has no online support. */
export function onlineModelOf(profile: Profile): OnlineModel<ModelState, unknown> | null {
  const sem = semanticsOf(profile);
  const online = sem.online;
  return online === undefined ? null : { ...online, apply: sem.apply, stateKey: sem.stateKey, plan: sem.plan, pendingTails: sem.pendingTails };
}

/** LINEARIZABLE's online monitor under a profile whose model supports it, or null. */
export function onlineLinearizable(profile: Profile): Monitor | null {
  const model = onlineModelOf(profile);
  if (model === null) return null;
  const sem = semanticsOf(profile);
  return new OnlineLinearizableMonitor(model, (pool) => sem.initialState({ min_nr: pool.min_nr, reserve: pool.reserve }), linModelOf(profile));
}
