/**
 * How a program shares memory, as an exploration learns it: for every location and every thread, the
 * spinlocks that thread held at every access to it, and at every write (Eraser's locksets, kept per
 * thread). The runtime uses it to merge accesses made under a lock into one step without hiding an
 * execution (Lipton's reduction): an access by thread u is a *mover* when every conflicting access by
 * any other thread holds one of the locks u holds now, so no other thread can touch the location in
 * between; a step may merge any number of movers but at most one other access (see Kernel). A
 * thread's own accesses never count against it: only another thread can interleave.
 *
 * The facts are learned while exploring, so a decision may rest on a fact that a later execution
 * refutes (the first lockless read of a location that earlier critical sections wrote twice). Every
 * decision that said "mover" is remembered; when a new access refutes one, `restartPending` is set and
 * the explorer starts the exploration over with what it has learned. Facts only shrink, so this ends,
 * and the final round makes every decision with facts that hold for every execution it explored.
 *
 * A frozen Sharing (from a replay token) learns nothing and decides exactly as the exploration that
 * recorded the token did.
 */
import type { Loc } from './ops.ts';

/** Lock bits: locks beyond the 31st get no bit, and accesses under them alone are never movers. */
const MAX_LOCK_BITS = 31;
/** Mask of a thread that never accessed the location (it constrains nothing). */
const NONE = -1;

/**
 * What a replay needs: the locks by bit, and the per-thread facts of every location some decision
 * found shared (judged not a mover, or found written); every other location decides as if unshared.
 */
export interface SharingSnapshot {
  readonly locks: readonly Loc[];
  /** Per thread id: the locks held at every access / write to `loc` (-1: none seen). */
  readonly entries: readonly { readonly loc: Loc; readonly all: readonly number[]; readonly writes: readonly number[] }[];
  /** Unsequenced operands were found to be more than single loads: every order is a choice. */
  readonly compoundOperands?: boolean;
}

/** One location's facts and the decisions that rest on them. */
class LocFacts {
  /** By thread id: locks held at each of its accesses / writes (NONE: none seen). */
  readonly all: number[] = [];
  readonly writes: number[] = [];
  /** "Mover" decisions taken: [thread, held] pairs, for writes (judged by `all`) and reads (by `writes`). */
  readonly usedWrite: number[] = [];
  readonly usedRead: number[] = [];
  /** Threads that relied on no other thread writing it (unsequenced operands), by id (any number of threads). */
  readonly usedUnwritten: number[] = [];
  /** Some decision found it shared. */
  decisive = false;
}

export class Sharing {
  private readonly bits = new Map<Loc, number>();
  private readonly locks: Loc[] = [];
  private readonly facts = new Map<Loc, LocFacts>();
  /** Some unsequenced operand was more than one load: operand orders are always chosen. */
  compoundOperands = false;
  /** A decision already taken rests on a fact that no longer holds: explore again from the start. */
  restartPending = false;
  /** Rounds started over so far. */
  restarts = 0;

  constructor(readonly frozen = false) {}

  static fromSnapshot(s: SharingSnapshot): Sharing {
    const sharing = new Sharing(true);
    sharing.compoundOperands = s.compoundOperands === true;
    for (const lock of s.locks) sharing.bit(lock);
    for (const e of s.entries) {
      const f = new LocFacts();
      f.all.push(...e.all);
      f.writes.push(...e.writes);
      // Recorded because some decision rested on it: a replay's token carries it again.
      f.decisive = true;
      sharing.facts.set(e.loc, f);
    }
    return sharing;
  }

  /** The bit of a lock (0 for locks beyond the 31st). */
  bit(lock: Loc): number {
    let b = this.bits.get(lock);
    if (b === undefined) {
      b = this.locks.length < MAX_LOCK_BITS ? 1 << this.locks.length : 0;
      this.bits.set(lock, b);
      this.locks.push(lock);
    }
    return b;
  }

  /**
   * Whether an access to `loc` by thread `tid` holding the locks `held` commutes with every access of
   * another thread to it: for a write, every other thread's access holds a lock in `held`; for a read,
   * every other thread's write.
   */
  protects(loc: Loc, tid: number, write: boolean, held: number): boolean {
    const f = this.facts.get(loc);
    if (f === undefined) {
      if (!this.frozen) this.record(loc, tid, write, held);
      return true;
    }
    const ok = guarded(write ? f.all : f.writes, tid, held);
    if (this.frozen) return ok;
    if (!ok) f.decisive = true;
    else remember(write ? f.usedWrite : f.usedRead, tid, held);
    return ok;
  }

  /** Whether no thread other than `tid` has written `loc` (an unsequenced operand reading it cannot race). */
  unwritten(loc: Loc, tid: number): boolean {
    const f = this.facts.get(loc);
    const ok = f === undefined || !writtenByOther(f.writes, tid);
    if (this.frozen) return ok;
    const g = f ?? this.factsOf(loc);
    if (ok && !g.usedUnwritten.includes(tid)) g.usedUnwritten.push(tid);
    else g.decisive = true;
    return ok;
  }

  /** An operand order was taken for irrelevant on single loads, and an operand was not one. */
  refuteSingleOperands(): void {
    if (this.frozen || this.compoundOperands) return;
    this.compoundOperands = true;
    this.restartPending = true;
  }

  /** Thread `tid`, running concurrently with others, accessed `loc` holding `held`. */
  observe(loc: Loc, tid: number, write: boolean, held: number): void {
    if (this.frozen) return;
    const f = this.factsOf(loc);
    const all = f.all[tid] ?? NONE;
    const nextAll = all & held;
    if (nextAll !== all) {
      f.all[tid] = nextAll;
      if (refutes(f.usedWrite, tid, nextAll)) this.restartPending = true;
    }
    if (!write) return;
    const w = f.writes[tid] ?? NONE;
    const nextW = w & held;
    if (nextW !== w) {
      f.writes[tid] = nextW;
      if (refutes(f.usedRead, tid, nextW) || (w === NONE && f.usedUnwritten.some((u) => u !== tid))) this.restartPending = true;
    }
  }

  /** Take the restart request: the caller starts its exploration over. */
  takeRestart(): boolean {
    if (!this.restartPending) return false;
    this.restartPending = false;
    this.restarts += 1;
    // What was decided belongs to the abandoned round.
    for (const f of this.facts.values()) {
      f.usedWrite.length = 0;
      f.usedRead.length = 0;
      f.usedUnwritten.length = 0;
    }
    return true;
  }

  snapshot(): SharingSnapshot {
    const entries: { loc: Loc; all: number[]; writes: number[] }[] = [];
    for (const [loc, f] of this.facts) if (f.decisive) entries.push({ loc, all: dense(f.all), writes: dense(f.writes) });
    entries.sort((a, b) => a.loc - b.loc);
    return this.compoundOperands ? { locks: this.locks.slice(), entries, compoundOperands: true } : { locks: this.locks.slice(), entries };
  }

  private factsOf(loc: Loc): LocFacts {
    let f = this.facts.get(loc);
    if (f === undefined) {
      f = new LocFacts();
      this.facts.set(loc, f);
    }
    return f;
  }

  /** A first decision about a location nobody has accessed yet: it is a mover, remember that. */
  private record(loc: Loc, tid: number, write: boolean, held: number): void {
    const f = this.factsOf(loc);
    remember(write ? f.usedWrite : f.usedRead, tid, held);
  }
}

/** Whether every other thread's mask (NONE: no access) shares a lock with `held`. */
function guarded(masks: readonly number[], tid: number, held: number): boolean {
  for (let t = 0; t < masks.length; t++) {
    if (t === tid) continue;
    const m = masks[t];
    if (m !== undefined && m !== NONE && (m & held) === 0) return false;
  }
  return true;
}

function writtenByOther(writes: readonly number[], tid: number): boolean {
  for (let t = 0; t < writes.length; t++) if (t !== tid && writes[t] !== undefined && writes[t] !== NONE) return true;
  return false;
}

function remember(used: number[], tid: number, held: number): void {
  for (let i = 0; i < used.length; i += 2) if (used[i] === tid && used[i + 1] === held) return;
  used.push(tid, held);
}

/** Whether thread `by`'s new mask refuses a mover decision another thread took. */
function refutes(used: readonly number[], by: number, mask: number): boolean {
  for (let i = 0; i < used.length; i += 2) if (used[i] !== by && (mask & (used[i + 1] as number)) === 0) return true;
  return false;
}

function dense(masks: readonly number[]): number[] {
  const out: number[] = [];
  for (let t = 0; t < masks.length; t++) out.push(masks[t] ?? NONE);
  return out;
}
