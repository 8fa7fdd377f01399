/**
 * NO-SLEEP-ATOMIC: nothing that may sleep runs with a spinlock held, irqs off, or in an interrupt
 * handler. The runtime reports the operations that do (might_sleep, a __GFP_WAIT allocation, a
 * schedule that executes). What it cannot see is a sleep that never executes: in `untimed` mode a
 * thread that went to sleep with the lock held is never woken (whoever would wake it needs the lock),
 * so its schedule_timeout stays pending forever. The monitor reports a thread whose next operation is
 * a sleep while it is in atomic context (the kernel's "scheduling while atomic").
 */
import type { Monitor, MonitorContext, Violation } from '../explorer/monitor.ts';
import { violation, type PropertyDef } from './property.ts';

const ID = 'NO-SLEEP-ATOMIC';

/** Keeps nothing per execution: a fork is the monitor itself. */
class NoSleepAtomicMonitor implements Monitor {
  readonly name = ID;

  fork(): Monitor {
    return this;
  }

  /** Judges the stepping thread's world state alone: nothing remembered, so writing nothing is exact. */
  writeState(): void {}

  afterStep(ctx: MonitorContext, tid: number): Violation | null {
    const t = ctx.kernel.threads[tid];
    if (t === undefined || t.pending?.kind !== 'schedule_timeout' || !t.inAtomicContext()) return null;
    const why = t.locksHeld.length > 0 ? `${t.locksHeld.length} spinlock(s) held` : t.irqsOff ? 'irqs off' : 'in an interrupt handler';
    return violation(ID, `${t.name} is about to sleep (io_schedule_timeout) with ${why}: scheduling while atomic`, ctx.kernel.steps, tid);
  }
}

export const noSleepAtomic: PropertyDef = {
  id: ID,
  statement: 'nothing that may sleep (schedule, a __GFP_WAIT allocation, might_sleep) runs with a spinlock held, irqs off, or in an interrupt handler',
  checkedAt: ['step'],
  runtime: true,
  create: () => new NoSleepAtomicMonitor(),
};
