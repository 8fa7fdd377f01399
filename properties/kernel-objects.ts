/**
 * KERNEL-OBJECTS: the kernel objects a pool uses are real ones. A spinlock or wait-queue head is
 * initialised (spin_lock_init L86, init_waitqueue_head L89) before it is used, and lies inside a live
 * allocation (not a freed pool, not past the end of its struct); and an on-stack wait entry
 * (`wait_queue_t wait`, L204) is off every wait queue when the operation that declared it returns
 * (finish_wait, L264): in the kernel a queued entry on a dead stack frame is memory corruption waiting
 * for the next wake_up. The runtime reports the first three at the operation that breaks them (and an
 * entry still queued when its thread ends); this monitor checks the entry at every operation's return.
 */
import type { TrackedOp } from './support/ops.ts';
import type { PropertyDef } from './property.ts';
import { HistoryMonitor } from './support/history-monitor.ts';

const ID = 'KERNEL-OBJECTS';

class KernelObjectsMonitor extends HistoryMonitor {
  readonly name = ID;

  protected blank(): KernelObjectsMonitor {
    return new KernelObjectsMonitor();
  }

  // State key (HistoryMonitor): the operations in flight (each return is checked against the world).
  override onReturn(op: TrackedOp): void {
    const wq = this.kernel?.waitQueues.queuedOf(op.tid);
    if (wq === null || wq === undefined) return;
    const thread = this.kernel?.threads[op.tid]?.name ?? `T${op.tid}`;
    this.report(`${thread}'s mempool_${op.op.op} returned with its wait entry still queued on 0x${wq.toString(16)} (no finish_wait, L264): an on-stack entry outlives its function`, op.tid);
  }
}

export const kernelObjects: PropertyDef = {
  id: ID,
  statement: 'every spinlock and wait-queue head is initialised before use and lies in a live allocation; no wait entry is still queued when its operation returns',
  checkedAt: ['step', 'end'],
  runtime: true,
  create: () => new KernelObjectsMonitor(),
};
