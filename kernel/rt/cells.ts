/**
 * Whether a memory access or a kernel object's use is legal: every access hits a cell of a live block
 * (or a harness cell), an element's words get their cells on first touch, and locks and wait-queue heads
 * lie in live allocations and were initialised. Violations are findings of the executing thread.
 */
import type { Block } from './allocator.ts';
import { access, READ } from './footprint.ts';
import type { Kernel } from './kernel.ts';
import { HARNESS_BASE, type Loc } from './ops.ts';
import type { Thread } from './thread.ts';

export { HARNESS_BASE };

/**
 * Whether a cell exists at `loc`; if not, the access is an OWNERSHIP finding under every memory model,
 * and the operation does nothing (a load reads 0): the execution stops after this step.
 */
export function hasCell(k: Kernel, t: Thread, loc: Loc, write: boolean): boolean {
  checkCell(k, t, loc, write);
  return k.mem.has(loc);
}

/**
 * A lock or wait-queue head must lie in a live allocation (not freed, not past a block's end) and
 * have been initialised (spin_lock_init / init_waitqueue_head), as lockdep and CONFIG_DEBUG_SPINLOCK
 * would insist. Harness cells stand for statics defined with DEFINE_SPINLOCK /
 * DECLARE_WAIT_QUEUE_HEAD, initialised at compile time. A lock outside any allocation kills the
 * thread (there is no lock word to take); an uninitialised one is reported and then works as the
 * zeroed word it is.
 */
export function objectProblem(k: Kernel, t: Thread, call: string, loc: Loc, init: string): boolean {
  if (objectOutside(k, t, call, loc)) return true;
  if (loc < HARNESS_BASE && !k.initialised.has(loc)) {
    k.report('KERNEL-OBJECTS', t, `${call} on 0x${loc.toString(16)} before ${init}: used uninitialised`);
  }
  return false;
}

export function objectOutside(k: Kernel, t: Thread, call: string, loc: Loc): boolean {
  if (k.mem.has(loc)) return false;
  if (k.allocators.touch(loc) !== undefined) {
    // A lock or wait queue inside an element the thread owns: the word gets its cell now.
    k.mem.init(loc, 0);
    return false;
  }
  k.report('KERNEL-OBJECTS', t, `${call} on 0x${loc.toString(16)}, which lies in no live allocation (freed, or outside its object)`);
  t.status = 'dead';
  return true;
}

/**
 * A memory access must hit a cell of a live block (or a harness cell). The first touch of an element's
 * word makes its cell (zero). Every access to an element's word also reads the element's identity in
 * the footprint, so that its free (which writes it) is dependent on every access to any of its words,
 * and tells `elementWatch` (OWNERSHIP: the pool must not touch an element it has handed out).
 */
export function checkCell(k: Kernel, t: Thread, loc: Loc, write: boolean): void {
  const a = k.allocators;
  if (k.mem.has(loc)) {
    if (a.elementCells.size === 0) return;
    const element = a.elementCells.get(loc);
    if (element !== undefined) elementAccess(k, t, element, loc, write);
    return;
  }
  const element = a.touch(loc);
  if (element !== undefined) {
    k.mem.init(loc, 0);
    elementAccess(k, t, element, loc, write);
    return;
  }
  const block = a.blockAt(loc);
  if (block !== undefined && !a.live.has(block.ptr) && loc < block.ptr + Math.max(1, block.words)) {
    const what = block.cls === 'element' ? 'freed to its allocator' : 'kfree\'d';
    k.report('OWNERSHIP', t, `${write ? 'write to' : 'read of'} word ${loc - block.ptr} of ${a.name(block.ptr)}, which was ${what}: use after free`);
    return;
  }
  k.report('OWNERSHIP', t, `access to unallocated or freed memory 0x${loc.toString(16)}`);
}

function elementAccess(k: Kernel, t: Thread, element: Block, loc: Loc, write: boolean): void {
  k.footprint.push(access(element.ptr, READ));
  if (k.elementWatch !== null) k.elementWatch.onElementAccess(k, t, element, loc, write);
}
