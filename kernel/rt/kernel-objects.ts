/**
 * What the kernel's own objects do when a thread uses them: spinlocks, wait queues, the timed sleep, and
 * the allocators' calls. Each records its footprint (what the reduction orders it against).
 */
import type { Block } from './allocator.ts';
import { hasCell, objectProblem } from './cells.ts';
import { access, OBJ_ALLOC_ORDER, OBJ_TIMEOUT_BUDGET, objTask, READ, touch, WRITE } from './footprint.ts';
import { __GFP_WAIT } from './gfp.ts';
import type { Kernel } from './kernel.ts';
import type { Loc, Op, WaitEntry } from './ops.ts';
import { NULL } from './ops.ts';
import { TASK_RUNNING, type Thread } from './thread.ts';

export function takeLock(k: Kernel, t: Thread, lock: Loc, irqsave: boolean): number {
  touch(k.footprint, 'lock', access(lock, WRITE));
  if (t.locksHeld.includes(lock)) {
    k.report('LOCKING', t, 'spinlock taken twice by the same thread (self-deadlock)');
    t.status = 'dead';
    return 0;
  }
  if (!hasCell(k, t, lock, true)) {
    t.status = 'dead';
    return 0;
  }
  const flags = t.irqsOff ? 1 : 0;
  if (irqsave) t.irqsOff = true;
  k.mem.lockAcquire(t.id, lock);
  t.locksHeld.push(lock);
  t.heldMask |= k.sharing.bit(lock);
  return flags;
}

export function releaseLock(k: Kernel, t: Thread, lock: Loc, irqrestore: boolean, flags: number): void {
  touch(k.footprint, 'unlock', access(lock, WRITE));
  const index = t.locksHeld.lastIndexOf(lock);
  if (index < 0) {
    k.report('LOCKING', t, 'spin_unlock of a lock this thread does not hold');
    return;
  }
  t.locksHeld.splice(index, 1);
  t.heldMask = 0;
  for (const l of t.locksHeld) t.heldMask |= k.sharing.bit(l);
  if (hasCell(k, t, lock, true)) k.mem.lockRelease(t.id, lock);
  if (irqrestore) t.irqsOff = flags !== 0;
}

/** prepare_to_wait: join the queue, then set_current_state() (smp_store_mb: the barrier wq_has_sleeper's smp_mb pairs with). */
export function prepareToWait(k: Kernel, t: Thread, wq: Loc, entry: WaitEntry, state: number): void {
  touch(k.footprint, 'prepare_to_wait.queue', access(wq, WRITE));
  touch(k.footprint, 'prepare_to_wait.task', access(objTask(t.id), WRITE));
  if (objectProblem(k, t, 'prepare_to_wait', wq, 'init_waitqueue_head')) return;
  k.waitQueues.add(wq, entry);
  t.taskState = state;
  k.mem.fence(t.id, 'mb');
}

export function finishWait(k: Kernel, t: Thread, wq: Loc, entry: WaitEntry): void {
  touch(k.footprint, 'finish_wait.queue', access(wq, WRITE));
  touch(k.footprint, 'finish_wait.task', access(objTask(t.id), WRITE));
  if (objectProblem(k, t, 'finish_wait', wq, 'init_waitqueue_head')) return;
  t.taskState = TASK_RUNNING;
  k.waitQueues.remove(wq, entry);
}

/** waitqueue_active: whether the queue has an entry, as it is at this step (1 or 0). */
export function waitqueueActive(k: Kernel, t: Thread, wq: Loc): number {
  touch(k.footprint, 'wq_active.queue', access(wq, READ));
  if (objectProblem(k, t, 'waitqueue_active', wq, 'init_waitqueue_head')) return 0;
  return k.waitQueues.entries(wq).length > 0 ? 1 : 0;
}

export function wakeUp(k: Kernel, wq: Loc): number {
  const fp = k.footprint;
  touch(fp, 'wake_up.queue', access(wq, WRITE));
  let woken = 0;
  for (const entry of k.waitQueues.takeAll(wq)) {
    const waiter = k.threads[entry.task];
    if (waiter === undefined) continue;
    touch(fp, 'wake_up.task', access(objTask(waiter.id), WRITE));
    if (waiter.taskState !== TASK_RUNNING) {
      waiter.taskState = TASK_RUNNING;
      woken += 1;
    }
  }
  return woken;
}

export function scheduleTimeout(k: Kernel, t: Thread, timeout: number): number {
  touch(k.footprint, 'schedule_timeout.task', access(objTask(t.id), READ));
  if (t.inAtomicContext()) k.report('NO-SLEEP-ATOMIC', t, 'schedule in atomic context');
  if (t.taskState === TASK_RUNNING) return timeout;
  if (timeout <= 0) {
    // Nothing to wait for: schedule_timeout(0) returns at once, spending no budget (a waiter that
    // sleeps this way is polling, and its loop is as long as the wait).
    t.taskState = TASK_RUNNING;
    return 0;
  }
  // Not woken: this step is the timeout firing (only enabled while the budget lasts).
  touch(k.footprint, 'schedule_timeout.budget', access(OBJ_TIMEOUT_BUDGET, WRITE));
  k.timeoutsLeft -= 1;
  t.taskState = TASK_RUNNING;
  return 0;
}

export function allocate(k: Kernel, t: Thread, op: Extract<Op, { kind: 'alloc' }>): number {
  const req = op.req;
  if (k.allocators.orderSensitive(req)) touch(k.footprint, 'alloc.order', access(OBJ_ALLOC_ORDER, WRITE));
  if (req.gfp & __GFP_WAIT && t.inAtomicContext()) {
    k.report('NO-SLEEP-ATOMIC', t, 'allocation with __GFP_WAIT in atomic context');
  }
  const block = k.allocators.allocate(t.id, req, k.chooser);
  const ptr = block === null ? NULL : typeof block === 'number' ? block : block.ptr;
  k.history.push({ kind: 'alloc', tid: t.id, step: k.steps, api: req.api, gfp: req.gfp, result: ptr });
  if (block !== null && typeof block !== 'number') initCells(k, block);
  return ptr;
}

/** The pool's own blocks get their cells now; an element's words get theirs when first touched. */
function initCells(k: Kernel, block: Block): void {
  if (block.cls === 'element') return;
  for (let i = 0; i < block.words; i++) k.mem.init(block.ptr + i, 0);
}

export function freeBlock(k: Kernel, t: Thread, op: Extract<Op, { kind: 'free' }>): void {
  if (op.ptr !== NULL) {
    // The block's identity, and every word it drops: a later access to any of them conflicts. A block
    // freed already (a double free) touches the same words: a step's footprint must not depend on
    // whether another thread freed the block first (step-shape.ts, freeIsVisible).
    touch(k.footprint, 'free.block', access(op.ptr, WRITE));
    const words = (k.allocators.live.get(op.ptr) ?? k.allocators.freed.get(op.ptr))?.words ?? 0;
    for (let i = 1; i < words; i++) touch(k.footprint, 'free.word', access(op.ptr + i, WRITE));
    if (!t.alone) for (let i = 0; i < words; i++) k.sharing.observe(op.ptr + i, t.id, true, t.heldMask);
  }
  const { problem, cells } = k.allocators.free(t.id, op.api, op.ptr, op.order, op.cache);
  k.history.push({ kind: 'free', tid: t.id, step: k.steps, api: op.api, ptr: op.ptr });
  if (problem !== null) k.report('OWNERSHIP', t, problem);
  for (const loc of cells) k.mem.drop(loc);
}
