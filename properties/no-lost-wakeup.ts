/**
 * NO-LOST-WAKEUP, checked at quiescence (nothing but timeouts can happen), in both timeout modes: a
 * waiter asleep in mempool_alloc, with no wake-up having reached it since it began this sleep, while
 *  (a) the reserve holds an element it could take, or
 *  (b) a mempool_free of an element was invoked after it began waiting and has completed.
 * In the seed a waiter sleeps only after seeing the reserve empty under the lock, and every free that
 * refills the reserve wakes the queue after the push: so after (b) or (a) it cannot still be asleep
 * unless something added elements without waking (resize) or a free never refills (min_nr == 0).
 *
 * "Began waiting" is the step in which its task state left TASK_RUNNING (prepare_to_wait), seen from
 * afterStep: only the thread itself can do that, in its own step.
 */
import type { Monitor, MonitorContext, Violation } from '../explorer/monitor.ts';
import type { Kernel } from '../kernel/rt/kernel.ts';
import type { StateSink } from '../kernel/rt/state.ts';
import { TASK_RUNNING, type Thread } from '../kernel/rt/thread.ts';
import { violation, type PropertyDef } from './property.ts';
import { OpTracker, type TrackedOp } from './support/ops.ts';
import { tidText } from './support/state-keys.ts';
import { PoolMonitor, settledSnapshotOf, worldOf } from './support/world.ts';

const ID = 'NO-LOST-WAKEUP';

class NoLostWakeupMonitor extends PoolMonitor implements Monitor {
  readonly name = ID;
  private readonly tracker = new OpTracker();
  /** Task state of each thread after its last step. */
  private readonly lastState: number[] = [];
  /** History length when each thread last went to sleep (prepare_to_wait), -1 if never. */
  private readonly waitFrom: number[] = [];
  private readonly waitStep: number[] = [];

  override start(ctx: MonitorContext): Violation | null {
    super.start(ctx);
    this.tracker.reset();
    this.lastState.length = 0;
    this.waitFrom.length = 0;
    this.waitStep.length = 0;
    for (const t of ctx.kernel.threads) this.note(ctx.kernel, t);
    return null;
  }

  afterStep(ctx: MonitorContext, tid: number): Violation | null {
    const t = ctx.kernel.threads[tid];
    if (t !== undefined) this.note(ctx.kernel, t);
    return null;
  }

  private note(kernel: Kernel, t: Thread): void {
    const state = t.taskState;
    if (state !== TASK_RUNNING && (this.lastState[t.id] ?? TASK_RUNNING) === TASK_RUNNING) {
      this.waitFrom[t.id] = kernel.history.length;
      this.waitStep[t.id] = kernel.steps;
    }
    this.lastState[t.id] = state;
  }

  atQuiescence(ctx: MonitorContext): Violation | null {
    const world = this.world;
    if (world === null || world.destroyed) return null;
    const { kernel } = ctx;
    this.tracker.sync(kernel.history);
    // The reserve is judged only with the pool lock free (a holder blocked mid-update says nothing).
    const curr = settledSnapshotOf(world, kernel)?.curr_nr ?? 0;
    for (const t of kernel.threads) {
      if (t.status !== 'ready' || !t.isAsleep()) continue;
      const since = this.waitStep[t.id] ?? 0;
      if (curr > 0) {
        return violation(ID, `${t.name} asleep since step ${since} while the reserve holds ${curr} element(s), and no wake-up is pending`, kernel.steps, t.id);
      }
      const free = this.completedFreeSince(this.waitFrom[t.id] ?? 0);
      if (free !== undefined) {
        const name = kernel.allocators.name(free.op.op === 'free' ? free.op.element : 0);
        return violation(ID, `${t.name} asleep since step ${since}: T${free.tid} freed ${name} after that and returned without waking it`, kernel.steps, t.id);
      }
    }
    return null;
  }

  fork(ctx: MonitorContext): Monitor {
    const copy = new NoLostWakeupMonitor();
    copy.world = worldOf(ctx);
    copy.tracker.copyFrom(this.tracker);
    copy.lastState.push(...this.lastState);
    copy.waitFrom.push(...this.waitFrom);
    copy.waitStep.push(...this.waitStep);
    return copy;
  }

  /**
   * Beyond the world: each thread's task state as last seen (a thread woken by another keeps its old
   * one until it steps, and only a change from TASK_RUNNING starts a new wait), and, for a thread whose
   * last seen state is a sleeping one, the facts about frees since it began waiting that the
   * quiescence check can still use: whether one has completed, and which threads have one in flight
   * (they may complete later). A thread last seen running starts a new wait before it can be judged,
   * so its old wait is forgotten; the step it began at only names it in the message.
   */
  writeState(ctx: MonitorContext, out: StateSink): void {
    this.tracker.sync(ctx.kernel.history);
    this.lastState.forEach((state, tid) => {
      if (state === TASK_RUNNING) return;
      const from = this.waitFrom[tid] ?? 0;
      out.text(tidText(tid));
      out.num(state);
      if (this.completedFreeSince(from) !== undefined) out.text('freed');
      out.text('freeing');
      let n = 0;
      for (const op of this.tracker.current) if (op !== undefined && isFreeOfElement(op) && op.invokeAt >= from) n += 1;
      out.num(n);
      this.tracker.current.forEach((op, t) => {
        if (op !== undefined && isFreeOfElement(op) && op.invokeAt >= from) out.num(t);
      });
    });
  }

  private completedFreeSince(historyIndex: number): TrackedOp | undefined {
    return this.tracker.ops.find((o) => isFreeOfElement(o) && o.invokeAt >= historyIndex && o.returnAt >= 0);
  }
}

const isFreeOfElement = (o: TrackedOp): boolean => o.op.op === 'free' && o.op.element !== 0;

export const noLostWakeup: PropertyDef = {
  id: ID,
  statement: 'no waiter stays asleep while the reserve holds an element, or after a free that began once it was waiting has completed, without a wake-up',
  checkedAt: ['step', 'quiescence'],
  create: () => new NoLostWakeupMonitor(),
};
