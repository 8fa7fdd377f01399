/**
 * The `weak` memory model of MEMORY-MODEL.md: per-location message histories with views, per-thread
 * views, one global view S for smp_mb. A load is a choice among the messages its thread may still read
 * (newest first, so the first execution is the SC one); a stale-read budget and a history window bound
 * the choices. No promises: a load never reads a store that has not happened (LB shapes are out of
 * reach, a documented under-approximation).
 */
import { access, OBJ_MB, OBJ_STALE_BUDGET, READ, touch, WRITE, type Footprint } from './footprint.ts';
import type { MemoryModel, ValueChooser } from './memory.ts';
import type { AccessOrder, AwaitPredicate, FenceKind, Loc, RmwOrdering } from './ops.ts';
import { LocState, ThreadViews, type Message, type StaleRead } from './weak/message.ts';
import { checkWeakOptions, DEFAULT_WEAK_OPTIONS, type WeakOptions } from './weak/options.ts';
import { at, EMPTY_VIEW, joinInto, leq, raise, type View } from './weak/view.ts';

/** Histories longer than this are checked for messages nobody can read any more. */
const GC_THRESHOLD = 8;
const NO_FOOTPRINT: Footprint = [];

/** What `stateParts` exposes: live references, not to be mutated. */
export interface WeakStateParts {
  readonly cells: ReadonlyMap<Loc, LocState>;
  readonly threads: readonly (ThreadViews | undefined)[];
  readonly sView: readonly number[];
  readonly staleLeft: number;
}

export class WeakMemory implements MemoryModel {
  readonly name = 'weak' as const;
  /** Cells by address (a Map: harness cells sit far from the arenas, an array would be sparse). */
  private cells = new Map<Loc, LocState>();
  private threads: (ThreadViews | undefined)[] = [];
  /** The global view smp_mb synchronises through. */
  private sView: View = [];
  private nextIdx = 0;
  private seq = 0;
  private footprint: Footprint = NO_FOOTPRINT;
  /** Stale reads left in this execution. */
  staleLeft: number;
  /** Every stale read of this execution, in order (what reports name). */
  staleReads: StaleRead[] = [];
  /** The message the last load, await, RMW or lock read (race detection and reports). */
  lastRead: Message | null = null;
  /** The message the last store, RMW, lock or unlock wrote. */
  lastWritten: Message | null = null;

  constructor(readonly options: WeakOptions = DEFAULT_WEAK_OPTIONS) {
    checkWeakOptions(options);
    this.staleLeft = options.staleReads;
  }

  attach(footprint: Footprint): void {
    this.footprint = footprint;
  }

  clone(): WeakMemory {
    const c = new WeakMemory(this.options);
    for (const [loc, s] of this.cells) c.cells.set(loc, s.copy());
    c.threads = this.threads.map((t) => t?.copy());
    c.sView = this.sView.slice();
    c.nextIdx = this.nextIdx;
    c.seq = this.seq;
    c.staleLeft = this.staleLeft;
    c.staleReads = this.staleReads.slice();
    return c;
  }

  // --- cells -------------------------------------------------------------------------------------

  private cell(loc: Loc): LocState {
    const s = this.cells.get(loc);
    if (s === undefined) throw new Error(`weak memory: no cell at 0x${loc.toString(16)}`);
    return s;
  }

  /** A (re)initialised cell gets a fresh index: nobody's view says anything about it yet. */
  init(loc: Loc, value: number): void {
    const initial: Message = { ts: 0, value, view: EMPTY_VIEW, writer: -1, seq: this.seq++, ownW: null };
    this.cells.set(loc, new LocState(loc, this.nextIdx++, initial));
  }

  has(loc: Loc): boolean {
    return this.cells.has(loc);
  }

  drop(loc: Loc): void {
    this.cells.delete(loc);
  }

  peek(loc: Loc): number {
    return this.cells.get(loc)?.newest().value ?? 0;
  }

  /** The history of a cell, oldest first (reports and tests). */
  messages(loc: Loc): readonly Message[] {
    return this.cell(loc).msgs;
  }

  // --- threads -----------------------------------------------------------------------------------

  /**
   * A thread starts after everything that happened so far (its spawner ran alone before it, and the
   * teardown runs after every thread returned): all its views are the newest message everywhere.
   */
  threadStart(tid: number): void {
    const newest: View = new Array<number>(this.nextIdx).fill(0);
    for (const s of this.cells.values()) newest[s.idx] = s.last;
    this.threads[tid] = new ThreadViews(newest.slice(), newest.slice(), newest, newest.slice());
  }

  /** A thread's views (for monitors: `curOf` says the oldest message of `loc` it may still read). */
  views(tid: number): ThreadViews {
    let t = this.threads[tid];
    if (t === undefined) {
      this.threadStart(tid);
      t = this.threads[tid] as ThreadViews;
    }
    return t;
  }

  /**
   * Read-only access to the whole state, for the world fingerprint (kernel/rt/state-weak.ts): cells,
   * every thread's views (undefined for threads never started), the smp_mb view and the stale budget.
   */
  stateParts(): WeakStateParts {
    return { cells: this.cells, threads: this.threads, sView: this.sView, staleLeft: this.staleLeft };
  }

  curOf(tid: number, loc: Loc): number {
    return at(this.views(tid).cur, this.cell(loc).idx);
  }

  // --- loads ---------------------------------------------------------------------------------------

  /** Oldest readable timestamp for thread views `t` (window and budget applied). */
  private lowest(t: ThreadViews, s: LocState): number {
    const last = s.last;
    let lo = at(t.cur, s.idx);
    const win = last - this.options.window + 1;
    if (win > lo) lo = win;
    if (lo === last) return last;
    // Whether this load may read stale depends on the budget other threads' stale reads use up.
    if (Number.isFinite(this.options.staleReads)) touch(this.footprint, 'weak.stale-check', access(OBJ_STALE_BUDGET, READ));
    return this.staleLeft > 0 ? lo : last;
  }

  /** Take message `m` of `s`: the view updates of READ_ONCE (plus `cur ⊔= view` for an acquire). */
  private take(tid: number, t: ThreadViews, s: LocState, m: Message, acquire: boolean, choices: number): number {
    const idx = s.idx;
    raise(t.cur, idx, m.ts);
    if (acquire) joinInto(t.cur, m.view);
    joinInto(t.acq, m.view);
    raise(t.acq, idx, m.ts);
    const newest = s.newest();
    if (m !== newest) {
      this.staleLeft -= 1;
      if (Number.isFinite(this.options.staleReads)) touch(this.footprint, 'weak.stale-use', access(OBJ_STALE_BUDGET, WRITE));
      this.staleReads.push({ tid, loc: s.loc, read: m, newest, choices });
    }
    this.lastRead = m;
    return m.value;
  }

  load(tid: number, loc: Loc, order: AccessOrder, chooser: ValueChooser): number {
    const t = this.views(tid);
    const s = this.cell(loc);
    const last = s.last;
    const n = last - this.lowest(t, s) + 1;
    const pick = n > 1 ? chooser.pickValue(n, 'read-from') : 0;
    return this.take(tid, t, s, s.at(last - pick), order === 'acquire', n);
  }

  canAwait(tid: number, loc: Loc, pred: AwaitPredicate): boolean {
    const t = this.views(tid);
    const s = this.cell(loc);
    const lo = this.lowestQuiet(t, s);
    for (let ts = s.last; ts >= lo; ts--) if (pred(s.at(ts).value)) return true;
    return false;
  }

  /** `lowest` without footprint effects (enabledness checks are not steps). */
  private lowestQuiet(t: ThreadViews, s: LocState): number {
    if (this.staleLeft <= 0) return s.last;
    return Math.max(at(t.cur, s.idx), s.last - this.options.window + 1);
  }

  awaitRead(tid: number, loc: Loc, pred: AwaitPredicate, chooser: ValueChooser): number {
    const t = this.views(tid);
    const s = this.cell(loc);
    const lo = this.lowest(t, s);
    const sat: Message[] = [];
    for (let ts = s.last; ts >= lo; ts--) {
      const m = s.at(ts);
      if (pred(m.value)) sat.push(m);
    }
    if (sat.length === 0) throw new Error('weak memory: await completed with no satisfying message');
    const pick = sat.length > 1 ? chooser.pickValue(sat.length, 'read-from') : 0;
    return this.take(tid, t, s, sat[pick] as Message, false, lo === s.last ? 1 : s.last - lo + 1);
  }

  // --- stores --------------------------------------------------------------------------------------

  /** Append a message to `s` written by `tid` carrying `view`; every store's thread-view updates. */
  private append(tid: number, t: ThreadViews, s: LocState, value: number, view: readonly number[], ownW: readonly number[] | null): Message {
    const m: Message = { ts: s.last + 1, value, view, writer: tid, seq: this.seq++, ownW };
    s.msgs.push(m);
    raise(t.cur, s.idx, m.ts);
    raise(t.acq, s.idx, m.ts);
    joinInto(t.ownW, view);
    raise(t.ownW, s.idx, m.ts);
    if (s.msgs.length > GC_THRESHOLD) this.collect(s);
    this.lastWritten = m;
    return m;
  }

  store(tid: number, loc: Loc, value: number, order: AccessOrder): void {
    const t = this.views(tid);
    this.append(tid, t, this.cell(loc), value, order === 'release' ? t.acq.slice() : t.relF, null);
  }

  rmw(tid: number, loc: Loc, update: (old: number) => number, ordering: RmwOrdering): number {
    // Value-returning atomics are fully ordered: smp_mb(); read the newest; write after it; smp_mb().
    // The others (atomic_inc, atomic_add...) are relaxed: atomic (the newest message, and the write
    // right after it), but no barrier. A cmpxchg is ordered when it succeeds: the newest message,
    // which it will read, decides (a barrier creates no message).
    const s = this.cell(loc);
    const relaxed = ordering === 'relaxed' || (typeof ordering === 'object' && s.newest().value !== ordering.ifOld);
    if (!relaxed) this.fence(tid, 'mb');
    const t = this.views(tid);
    const old = this.take(tid, t, s, s.newest(), false, 1);
    // A failed cmpxchg stores nothing (LKMM: it is a read).
    if (typeof ordering !== 'object' || old === ordering.ifOld) this.append(tid, t, s, update(old), t.relF, null);
    if (!relaxed) this.fence(tid, 'mb');
    return old;
  }

  // --- fences ----------------------------------------------------------------------------------------

  fence(tid: number, kind: FenceKind): void {
    const t = this.views(tid);
    switch (kind) {
      case 'rmb':
        joinInto(t.cur, t.acq);
        return;
      case 'wmb':
        this.releaseJoin(t, t.ownW);
        return;
      case 'mb':
        touch(this.footprint, 'weak.mb', access(OBJ_MB, WRITE));
        joinInto(t.cur, t.acq);
        joinInto(t.cur, this.sView);
        this.sView = t.cur.slice();
        joinInto(t.acq, t.cur);
        this.releaseJoin(t, t.cur);
        return;
      default: {
        const never: never = kind;
        throw new Error(`unknown fence ${String(never)}`);
      }
    }
  }

  /** `relF ⊔= v`, copy-on-write (messages share relF). */
  private releaseJoin(t: ThreadViews, v: readonly number[]): void {
    if (leq(v, t.relF)) return;
    const next = t.relF.slice();
    joinInto(next, v);
    t.relF = next;
  }

  // --- locks -----------------------------------------------------------------------------------------

  lockAcquire(tid: number, lock: Loc): void {
    const t = this.views(tid);
    const s = this.cell(lock);
    const m = s.newest(); // enabledness made sure it says "unlocked"
    raise(t.cur, s.idx, m.ts);
    joinInto(t.cur, m.view);
    joinInto(t.acq, m.view);
    raise(t.acq, s.idx, m.ts);
    this.lastRead = m;
    if (m.ownW !== null) this.releaseJoin(t, m.ownW);
    if (t.acqU !== null) joinInto(t.cur, t.acqU);
    if (t.ownWU !== null) this.releaseJoin(t, t.ownWU);
    this.append(tid, t, s, tid + 1, t.relF, null);
  }

  lockRelease(tid: number, lock: Loc): void {
    const t = this.views(tid);
    const acq = t.acq.slice();
    const ownW = t.ownW.slice();
    this.append(tid, t, this.cell(lock), 0, acq, ownW);
    t.acqU = acq;
    t.ownWU = ownW;
  }

  // --- garbage collection ------------------------------------------------------------------------------

  /** Drop messages no thread can read: older than every thread's `cur` or outside the window. */
  private collect(s: LocState): void {
    let min = s.last;
    for (const t of this.threads) if (t) min = Math.min(min, at(t.cur, s.idx));
    s.collectBelow(Math.max(min, s.last - this.options.window + 1));
  }
}
