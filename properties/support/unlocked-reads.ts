/**
 * What mempool_free's unlocked test (L317) could read under the weak memory model: the largest
 * curr_nr and the smallest min_nr among the stores its thread could still read. LKMM lets the two plain
 * loads read stores older than the call (a store its thread has not yet seen replaced); the smp_wmb
 * (L227) / smp_rmb (L298) pair only promises that curr_nr is not older than the removal of the
 * element being freed, when that element went through the reserve.
 *
 * It needs the pool's curr_nr and min_nr cells, found on pools laid out like the port (fields `curr_nr`
 * and `min_nr`); monitors feed it the history (as an OpListener) after every step.
 */
import { WeakMemory } from '../../kernel/rt/memory-weak.ts';
import type { Kernel } from '../../kernel/rt/kernel.ts';
import type { Loc, Ptr } from '../../kernel/rt/ops.ts';
import type { Readable } from '../../model/types.ts';
import type { PointerNames } from '../../kernel/rt/state.ts';
import type { CallEvent, OpListener, TrackedOp } from './ops.ts';
import { sortedKey, valuesSince } from './state-keys.ts';

interface Cells {
  readonly curr: Loc;
  readonly min: Loc;
}

/** The cells of a pool laid out like the port, or null. */
export function reserveCellsOf(pool: unknown): Cells | null {
  if (typeof pool !== 'object' || pool === null) return null;
  const { curr_nr, min_nr } = pool as { curr_nr?: unknown; min_nr?: unknown };
  return typeof curr_nr === 'number' && typeof min_nr === 'number' ? { curr: curr_nr, min: min_nr } : null;
}

interface Window {
  readonly index: number;
  readonly lowCurr: number;
  readonly lowMin: number;
}

export class UnlockedReads implements OpListener {
  /** Elements handed out of the reserve, with the timestamp of their removal's curr_nr store. */
  private readonly removed = new Map<Ptr, number>();
  private readonly open: (Window | undefined)[] = [];
  /** By operation index: what each finished free's test could read. */
  readonly readable = new Map<number, Readable>();

  private constructor(
    private readonly mem: WeakMemory,
    private readonly cells: Cells,
  ) {}

  /** Null unless the run is under weak memory on a pool whose cells are known. */
  static for(kernel: Kernel, pool: unknown): UnlockedReads | null {
    const cells = reserveCellsOf(pool);
    return kernel.mem instanceof WeakMemory && cells !== null ? new UnlockedReads(kernel.mem, cells) : null;
  }

  /** An independent copy reading `kernel`'s memory (a fork of this one's, so weak as well). */
  fork(kernel: Kernel): UnlockedReads {
    const copy = new UnlockedReads(kernel.mem as WeakMemory, this.cells);
    for (const [element, ts] of this.removed) copy.removed.set(element, ts);
    copy.open.push(...this.open);
    for (const [index, r] of this.readable) copy.readable.set(index, r);
    return copy;
  }

  /** Whether the element was handed out of the reserve (by a mempool_alloc that did not get it from alloc_fn). */
  wentThroughReserve(element: Ptr): boolean {
    return this.removed.has(element);
  }

  onReturn(op: TrackedOp): void {
    if (op.op.op === 'free') this.close(op);
    if (op.op.op !== 'alloc' || op.value === 0) return;
    if (op.calls.some((c) => c.kind === 'alloc' && c.result === op.value)) return;
    // The allocating thread's view of curr_nr is its own removal's store (it read nothing since).
    this.removed.set(op.value, this.mem.curOf(op.tid, this.cells.curr));
  }

  onInvoke(op: TrackedOp): void {
    if (op.op.op !== 'free' || op.op.element === 0) return;
    const removal = this.removed.get(op.op.element);
    this.open[op.tid] = {
      index: op.index,
      lowCurr: removal ?? this.mem.curOf(op.tid, this.cells.curr),
      lowMin: this.mem.curOf(op.tid, this.cells.min),
    };
  }

  onCall(e: CallEvent, op: TrackedOp | undefined): void {
    if (op !== undefined && op.op.op === 'free' && e.kind === 'free' && e.ptr === op.op.element) this.close(op);
  }

  /**
   * What later answers depend on, for a monitor's state key: the elements handed out of the reserve
   * that a caller still holds (`held`: only those can be freed without an alloc returning them first,
   * which records them anew) with the curr_nr stores since their removal (a free's window will start
   * there), and each open window as the values it can still range over (the stores of curr_nr and of
   * min_nr from its low marks on; see `valuesSince` for when that is finite). `readable` of
   * finished frees is left out: it is read when the free decides, never later (LINEARIZABLE, which
   * reads it at the end, keeps no key).
   */
  stateKey(names: PointerNames, held: ReadonlySet<Ptr>): string {
    const removed = [...this.removed].filter(([element]) => held.has(element)).map(([element, ts]) => `${names.value(element)}@${valuesSince(this.mem, this.cells.curr, ts, names)}`);
    const open: string[] = [];
    this.open.forEach((w, tid) => {
      if (w !== undefined) open.push(`T${tid}:${valuesSince(this.mem, this.cells.curr, w.lowCurr, names)}/${valuesSince(this.mem, this.cells.min, w.lowMin, names)}`);
    });
    return `removed ${sortedKey(removed)} open ${open.join(' ')}`;
  }

  /** The free has decided (free_fn, or returned): what its test could read is fixed now. */
  private close(op: TrackedOp): void {
    const w = this.open[op.tid];
    if (w === undefined || w.index !== op.index) return;
    this.open[op.tid] = undefined;
    let curr = -Infinity;
    for (const m of this.mem.messages(this.cells.curr)) if (m.ts >= w.lowCurr && m.value > curr) curr = m.value;
    let min = Infinity;
    for (const m of this.mem.messages(this.cells.min)) if (m.ts >= w.lowMin && m.value < min) min = m.value;
    this.readable.set(op.index, { curr_nr: curr, min_nr: min });
  }
}
