/**
 * The weak memory model's part of the world fingerprint (kernel/rt/state.ts).
 *
 * What the future of a weak-memory world depends on, and so what is compared:
 * - per location, the messages some live thread may still read (timestamp at least the location's
 *   floor: the lowest `cur` of the live threads, raised by the history window; with the stale-read
 *   budget spent only the newest message), their values, and the views they carry;
 * - every live thread's views (`cur`, `acq`, `relF`, `ownW`, and `acqU`/`ownWU` of its last unlock),
 *   the global smp_mb view S, and the stale-read budget left.
 * Timestamps are written relative to the location's floor, and a view entry at or below the floor is
 * dropped: every live thread already reads at least that far, so joining it changes nothing, now or
 * later (views only grow). Entries for cells that no longer exist are dropped too. Not compared:
 * messages no live thread can read, views of threads that returned (they never read again; a thread
 * started later starts from the newest messages), message creation order and writers (reports only).
 */
import type { WeakMemory, WeakStateParts } from './memory-weak.ts';
import type { Loc } from './ops.ts';
import type { PointerNames } from './state-names.ts';
import type { LocState, ThreadViews } from './weak/message.ts';

export class WeakStateKeys {
  private readonly parts: WeakStateParts;
  /** Floor of each visited location, by its dense index. */
  private readonly floors = new Map<number, number>();
  /** Visited locations in traversal order: a view is written over them in this order. */
  private readonly visited: LocState[] = [];

  constructor(
    private readonly mem: WeakMemory,
    private readonly liveTids: readonly number[],
  ) {
    this.parts = mem.stateParts();
  }

  /** The readable history of one cell (values only; views come in `viewsKey`), or '-' if none. */
  cellKey(loc: Loc, names: PointerNames): string {
    const s = this.parts.cells.get(loc);
    if (s === undefined) return '-';
    const floor = this.floorOf(s);
    this.floors.set(s.idx, floor);
    this.visited.push(s);
    const values: string[] = [];
    for (let ts = floor; ts <= s.last; ts++) values.push(names.value(s.at(ts).value));
    return values.join('>');
  }

  /** After every cell was visited: the views of the readable messages, of live threads, S, budget. */
  viewsKey(): string {
    const out: string[] = [];
    for (const s of this.visited) {
      const floor = this.floors.get(s.idx) as number;
      const msgs: string[] = [];
      for (let ts = floor; ts <= s.last; ts++) {
        const m = s.at(ts);
        msgs.push(`${this.view(m.view)}${m.ownW === null ? '' : `/${this.view(m.ownW)}`}`);
      }
      out.push(msgs.join(';'));
    }
    for (const tid of this.liveTids) {
      const t = this.parts.threads[tid];
      out.push(t === undefined ? `T${tid} new` : `T${tid} ${this.threadViews(t)}`);
    }
    out.push(`S ${this.view(this.parts.sView)}`, `stale ${this.parts.staleLeft}`);
    return out.join('\n');
  }

  private threadViews(t: ThreadViews): string {
    const opt = (v: readonly number[] | null): string => (v === null ? '-' : this.view(v));
    return `${this.view(t.cur)} ${this.view(t.acq)} ${this.view(t.relF)} ${this.view(t.ownW)} ${opt(t.acqU)} ${opt(t.ownWU)}`;
  }

  /** A view over the visited cells, in visiting order, relative to each cell's floor. */
  private view(v: readonly number[]): string {
    const out: string[] = [];
    this.visited.forEach((s, ordinal) => {
      const e = (v[s.idx] ?? 0) - (this.floors.get(s.idx) as number);
      if (e > 0) out.push(`${ordinal}:${e}`);
    });
    return `[${out.join(',')}]`;
  }

  /** The oldest timestamp of `s` any live thread may still read. */
  private floorOf(s: LocState): number {
    if (this.parts.staleLeft <= 0) return s.last;
    let lo = s.last;
    for (const tid of this.liveTids) {
      const t = this.parts.threads[tid];
      if (t !== undefined) lo = Math.min(lo, t.cur[s.idx] ?? 0);
    }
    return Math.max(lo, s.first, s.last - this.mem.options.window + 1);
  }
}
