/**
 * What one step of a thread runs: which operations end a step (visible to other threads) and which merge
 * into it (movers, and at most one non-mover under a lock), what a thread's first step reads to know it
 * can run, and when the order of two unsequenced operands is a choice.
 */
import { access, objTask, OBJ_TIMEOUT_BUDGET, READ, touch } from './footprint.ts';
import type { Kernel } from './kernel.ts';
import type { Loc, Op } from './ops.ts';
import { NULL, ORDER_IRRELEVANT } from './ops.ts';
import type { Thread } from './thread.ts';

type PlainLoad = Extract<Op, { kind: 'load' }>;

function isPlainLoad(op: Op | null): op is PlainLoad {
  return op !== null && op.kind === 'load' && (op.order === 'plain' || op.order === 'once');
}

/**
 * Whether `op` ends the current step (it becomes the thread's pending operation). A step may merge
 * operations that commute with every other thread's (movers: fences, context checks, allocator calls
 * whose outcome does not depend on call order, accesses to memory every other access of which holds
 * a lock held here, unlock) and at most one access that another thread could observe between the
 * step's first operation and it (Lipton's reduction: right movers, one non-mover, left movers).
 */
export function isVisible(k: Kernel, t: Thread, op: Op): boolean {
  if (k.config.fineGrained) return true;
  switch (op.kind) {
    case 'load':
    case 'store':
    case 'rmw':
      return t.locksHeld.length === 0 || !merges(k, t, op.loc, op.kind !== 'load');
    case 'await':
    case 'lock':
    case 'prepare_to_wait':
    case 'finish_wait':
    case 'wake_up':
    case 'wq_active':
    case 'schedule_timeout':
      return true;
    case 'fence':
      return op.fence === 'mb' && k.mem.name === 'weak';
    case 'alloc':
      return k.allocators.orderSensitive(op.req);
    case 'free':
      return freeIsVisible(k, t, op.ptr);
    default:
      return false;
  }
}

/** What deciding whether `op` can run reads (a thread's first step asks before it runs it). */
export function enablingReads(k: Kernel, t: Thread, op: Op): void {
  switch (op.kind) {
    case 'lock':
      touch(k.footprint, 'start.enabling', access(op.lock, READ));
      return;
    case 'await':
      touch(k.footprint, 'start.enabling', access(op.loc, READ));
      return;
    case 'schedule_timeout':
      touch(k.footprint, 'start.enabling', access(objTask(t.id), READ));
      touch(k.footprint, 'start.enabling', access(OBJ_TIMEOUT_BUDGET, READ));
      return;
    default:
      return;
  }
}

/** Under a lock: a mover merges into the step; so does the step's first non-mover. */
function merges(k: Kernel, t: Thread, loc: Loc, write: boolean): boolean {
  if (k.sharing.protects(loc, t.id, write, t.heldMask)) return true;
  if (k.stepShared) return false;
  k.stepShared = true;
  return true;
}

/**
 * A free writes every word of its block: a block with words is a store to each (an element without
 * is not). A block freed already (a double free) is judged by the same words: whether it is still
 * live depends on other threads' steps, and a step's shape must not (a reduction that meets the
 * thread's step in one state takes it for the same step in another: partial-order reduction's sleep
 * sets, test/explorer/self-check.test.ts). A pointer never allocated is a step of its own.
 */
function freeIsVisible(k: Kernel, t: Thread, ptr: Loc): boolean {
  if (ptr === NULL) return false;
  const block = k.allocators.live.get(ptr) ?? k.allocators.freed.get(ptr);
  if (block === undefined) return true;
  const words = block.words;
  if (words === 0) return false;
  if (t.locksHeld.length === 0) return true;
  let movers = true;
  for (let i = 0; i < words; i++) if (!k.sharing.protects(ptr + i, t.id, true, t.heldMask)) movers = false;
  if (movers) return false;
  if (k.stepShared) return true;
  k.stepShared = true;
  return false;
}

/** Whether a step's first operation is one another thread could observe (all but lock acquisition and movers). */
export function sharedHead(k: Kernel, op: Op): boolean {
  switch (op.kind) {
    case 'load':
    case 'store':
    case 'rmw':
    case 'await':
    case 'prepare_to_wait':
    case 'finish_wait':
    case 'wake_up':
    case 'wq_active':
    case 'schedule_timeout':
    case 'free':
      return true;
    case 'fence':
      return op.fence === 'mb' && k.mem.name === 'weak';
    case 'alloc':
      return k.allocators.orderSensitive(op.req);
    default:
      return false;
  }
}

/**
 * The order of two unsequenced operands: a scheduler choice, unless it cannot matter: for a thread
 * running alone, whatever the operands; for two single
 * plain loads (READ_ONCE or plain) it cannot when (a) one reads a location no other thread writes:
 * that load reads the same whenever it runs, so the other order's executions are this order's with
 * the loads swapped; or (b) both are movers under a lock held now: they run in one step, nothing
 * between them, and plain loads do not change what the other may read. (An acquire load does: it
 * may forbid stale reads of the other.) Whether the operands are single loads is known only after
 * they ran: if not, the API says so and the exploration starts over without this shortcut.
 */
export function operandOrder(k: Kernel, t: Thread, first: Op | null, second: Op | null): number {
  // A thread running alone (setup, teardown, the sequential check): nothing can come in between.
  if (t.alone) return ORDER_IRRELEVANT;
  if (!k.config.fineGrained && !k.sharing.compoundOperands && isPlainLoad(first) && isPlainLoad(second)) {
    const a = first.loc;
    const b = second.loc;
    if (k.sharing.unwritten(a, t.id) || k.sharing.unwritten(b, t.id)) return ORDER_IRRELEVANT;
    if (t.locksHeld.length > 0 && k.sharing.protects(a, t.id, false, t.heldMask) && k.sharing.protects(b, t.id, false, t.heldMask)) {
      return ORDER_IRRELEVANT;
    }
  }
  return k.chooser.pickValue(2, 'operand-order');
}
