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
import type { Message } from '../../kernel/rt/weak/message.ts';
import type { Readable } from '../../model/types.ts';
import type { PointerNames } from '../../kernel/rt/state.ts';
import type { CallEvent, OpListener, TrackedOp } from './ops.ts';
import { numKey, sortedKey } from './state-keys.ts';

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
  /** The largest curr_nr and smallest min_nr among the stores the test could read so far. */
  maxCurr: number;
  minMin: number;
}

interface Removal {
  /** Timestamp of the removal's curr_nr store: a free of the element reads curr_nr from there on. */
  readonly ts: number;
  /** The largest curr_nr stored since. */
  maxCurr: number;
}

/**
 * The stores of each cell are followed as they are made (every step, `afterStep`), and each window
 * keeps only its running largest curr_nr and smallest min_nr: what the test could read does not depend
 * on when the memory drops messages no thread can read any more, and the state key stays finite while
 * a cell is stored to forever (the seed's grow/shrink ping-pong, with a free in flight).
 */
export class UnlockedReads implements OpListener {
  /** Elements handed out of the reserve. */
  private readonly removed = new Map<Ptr, Removal>();
  private readonly open: (Window | undefined)[] = [];
  /** The newest store of each cell already folded into the windows and removals. */
  private scannedCurr = -1;
  private scannedMin = -1;
  /** By operation index: what each finished free's test could read. */
  readonly readable = new Map<number, Readable>();

  private constructor(
    private readonly mem: WeakMemory,
    private readonly cells: Cells,
  ) {}

  /** Null unless the run is under weak memory on a pool whose cells are known. */
  static for(kernel: Kernel, pool: unknown): UnlockedReads | null {
    const cells = reserveCellsOf(pool);
    if (!(kernel.mem instanceof WeakMemory) || cells === null) return null;
    const reads = new UnlockedReads(kernel.mem, cells);
    reads.afterStep();
    return reads;
  }

  /** An independent copy reading `kernel`'s memory (a fork of this one's, so weak as well). */
  fork(kernel: Kernel): UnlockedReads {
    const copy = new UnlockedReads(kernel.mem as WeakMemory, this.cells);
    for (const [element, r] of this.removed) copy.removed.set(element, { ...r });
    this.open.forEach((w, tid) => {
      if (w !== undefined) copy.open[tid] = { ...w };
    });
    copy.scannedCurr = this.scannedCurr;
    copy.scannedMin = this.scannedMin;
    for (const [index, r] of this.readable) copy.readable.set(index, r);
    return copy;
  }

  /** Whether the element was handed out of the reserve (by a mempool_alloc that did not get it from alloc_fn). */
  wentThroughReserve(element: Ptr): boolean {
    return this.removed.has(element);
  }

  /** Fold the stores made since the last call into the open windows and the removals. */
  afterStep(): void {
    const curr = this.messagesOf(this.cells.curr);
    for (let i = firstAfter(curr, this.scannedCurr); i < curr.length; i++) {
      const m = curr[i] as Message;
      for (const w of this.open) if (w !== undefined && m.value > w.maxCurr) w.maxCurr = m.value;
      for (const r of this.removed.values()) if (m.ts >= r.ts && m.value > r.maxCurr) r.maxCurr = m.value;
      this.scannedCurr = m.ts;
    }
    const min = this.messagesOf(this.cells.min);
    for (let i = firstAfter(min, this.scannedMin); i < min.length; i++) {
      const m = min[i] as Message;
      for (const w of this.open) if (w !== undefined && m.value < w.minMin) w.minMin = m.value;
      this.scannedMin = m.ts;
    }
  }

  onReturn(op: TrackedOp): void {
    this.afterStep();
    if (op.op.op === 'free') this.close(op);
    if (op.op.op !== 'alloc' || op.value === 0) return;
    if (op.calls.some((c) => c.kind === 'alloc' && c.result === op.value)) return;
    // The allocating thread's view of curr_nr is its own removal's store (it read nothing since).
    const ts = this.mem.curOf(op.tid, this.cells.curr);
    this.removed.set(op.value, { ts, maxCurr: this.largestSince(this.cells.curr, ts) });
  }

  onInvoke(op: TrackedOp): void {
    this.afterStep();
    if (op.op.op !== 'free' || op.op.element === 0) return;
    const removal = this.removed.get(op.op.element);
    this.open[op.tid] = {
      index: op.index,
      maxCurr: removal?.maxCurr ?? this.largestSince(this.cells.curr, this.mem.curOf(op.tid, this.cells.curr)),
      minMin: this.smallestSince(this.cells.min, this.mem.curOf(op.tid, this.cells.min)),
    };
  }

  onCall(e: CallEvent, op: TrackedOp | undefined): void {
    this.afterStep();
    if (op !== undefined && op.op.op === 'free' && e.kind === 'free' && e.ptr === op.op.element) this.close(op);
  }

  /**
   * What later answers depend on, for a monitor's state key: the elements handed out of the reserve
   * that a caller still holds (`held`: only those can be freed without an alloc returning them first,
   * which records them anew) with the largest curr_nr stored since their removal (a free's window
   * starts there), and each open window's largest curr_nr and smallest min_nr so far. `readable` of
   * finished frees is left out: it is read when the free decides, never later (LINEARIZABLE, which
   * reads it at the end, keeps no key).
   */
  stateKey(names: PointerNames, held: ReadonlySet<Ptr>): string {
    this.afterStep();
    const removed = [...this.removed].filter(([element]) => held.has(element)).map(([element, r]) => `${names.value(element)}@${numKey(r.maxCurr)}`);
    const open: string[] = [];
    this.open.forEach((w, tid) => {
      if (w !== undefined) open.push(`T${tid}:${numKey(w.maxCurr)}/${numKey(w.minMin)}`);
    });
    return `removed ${sortedKey(removed)} open ${open.join(' ')}`;
  }

  /** The free has decided (free_fn, or returned): what its test could read is fixed now. */
  private close(op: TrackedOp): void {
    const w = this.open[op.tid];
    if (w === undefined || w.index !== op.index) return;
    this.open[op.tid] = undefined;
    this.readable.set(op.index, { curr_nr: w.maxCurr, min_nr: w.minMin });
  }

  private messagesOf(loc: Loc): readonly Message[] {
    return this.mem.has(loc) ? this.mem.messages(loc) : [];
  }

  private largestSince(loc: Loc, ts: number): number {
    const msgs = this.messagesOf(loc);
    let most = -Infinity;
    for (let i = firstAfter(msgs, ts - 1); i < msgs.length; i++) most = Math.max(most, (msgs[i] as Message).value);
    return most;
  }

  private smallestSince(loc: Loc, ts: number): number {
    const msgs = this.messagesOf(loc);
    let least = Infinity;
    for (let i = firstAfter(msgs, ts - 1); i < msgs.length; i++) least = Math.min(least, (msgs[i] as Message).value);
    return least;
  }
}

/** Where the messages stored after `ts` begin (messages are in timestamp order; searched from the newest, as it runs every step). */
function firstAfter(msgs: readonly Message[], ts: number): number {
  let i = msgs.length;
  while (i > 0 && (msgs[i - 1] as Message).ts > ts) i -= 1;
  return i;
}
