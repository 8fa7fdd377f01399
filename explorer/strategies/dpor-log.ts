/**
 * The steps of one execution as partial-order reduction needs them: who ran, what it touched, which
 * threads were enabled before it, and happens-before as vector clocks. Rebuilt on every execution
 * (re-execution from the start is cheap), in flat reused arrays so that recording a step allocates
 * nothing once the buffers have grown.
 *
 * Dependence: two steps are dependent when their footprints touch one object and one of them writes
 * it; a step that fires a timeout is dependent with every step. Happens-before is the transitive
 * closure of program order and dependence in execution order.
 */
import { firesTimeout } from '../scheduler.ts';
import { EMPTY_MASK, lowest, withBit, withoutLowest, type ThreadMask } from './thread-mask.ts';

/** Initial vector clock width (thread ids 0..7; thread 0 is the setup thread); it grows with the ids seen. */
const INITIAL_WIDTH = 8;

/** Accesses to one object in this execution: its last write, and each thread's last read since then. */
interface ObjectRecord {
  epoch: number;
  lastWrite: number;
  /** Threads with a read since the last write; their positions in `reads`. */
  readMask: ThreadMask;
  reads: Int32Array;
}

export class EventLog {
  /** Steps recorded in this execution. */
  n = 0;
  tid = new Int32Array(256);
  /** 1-based index of the step among its thread's steps. */
  idx = new Int32Array(256);
  /** Enabled threads before the step. */
  enabled: ThreadMask[] = [];
  /** Whether the step is dependent with every other (a timeout firing). */
  global = new Uint8Array(256);
  /** Vector clocks, `width` entries per step; thread ids 0..width-1. */
  width = INITIAL_WIDTH;
  vc = new Int32Array(256 * INITIAL_WIDTH);
  fpStart = new Int32Array(256);
  fpEnd = new Int32Array(256);
  /** Footprint accesses (object * 2 + write; objects may exceed 2^30, hence doubles). */
  fp = new Float64Array(1024);
  /** The object record of each footprint access (saves the map lookups when tables are rebuilt). */
  private fpRec: ObjectRecord[] = [];
  /** Positions of each thread's steps, in order. */
  readonly positions: number[][] = Array.from({ length: INITIAL_WIDTH }, () => []);
  /** Direct happens-before predecessors of the last recorded step from other threads (race candidates). */
  readonly candidates: number[] = [];
  private readonly objects = new Map<number, ObjectRecord>();
  private epoch = 0;
  private lastGlobal = -1;
  private last = new Int32Array(INITIAL_WIDTH).fill(-1);

  /** Whether step j (recorded) had exactly this footprint. */
  sameFootprint(j: number, fp: readonly number[]): boolean {
    const start = this.fpStart[j] as number;
    if ((this.fpEnd[j] as number) - start !== fp.length) return false;
    for (let k = 0; k < fp.length; k++) if (this.fp[start + k] !== fp[k]) return false;
    return true;
  }

  reset(): void {
    this.truncate(0);
  }

  /**
   * Keep the first `keep` steps (the next execution replays them: same steps, same clocks) and forget
   * the rest; the per-object tables are rebuilt from the kept footprints, which is much cheaper than
   * recording the steps again.
   */
  truncate(keep: number): void {
    const n = Math.min(keep, this.n);
    this.n = n;
    this.epoch += 1;
    this.lastGlobal = -1;
    this.last.fill(-1);
    for (let t = 0; t < this.width; t++) {
      const p = this.positions[t] as number[];
      let k = p.length;
      while (k > 0 && (p[k - 1] as number) >= n) k -= 1;
      p.length = k;
      if (k > 0) this.last[t] = p[k - 1] as number;
    }
    for (let j = 0; j < n; j++) {
      if (this.global[j] === 1) this.lastGlobal = j;
      const t = this.tid[j] as number;
      for (let k = this.fpStart[j] as number; k < (this.fpEnd[j] as number); k++) {
        const a = this.fp[k] as number;
        const rec = this.fpRec[k] as ObjectRecord;
        if (rec.epoch !== this.epoch) {
          rec.epoch = this.epoch;
          rec.lastWrite = -1;
          rec.readMask = EMPTY_MASK;
        }
        if (a & 1) {
          rec.lastWrite = j;
          rec.readMask = EMPTY_MASK;
        } else {
          rec.readMask = withBit(rec.readMask, t);
          rec.reads[t] = j;
        }
      }
    }
  }

  /** Record a step; afterwards `candidates` holds the earlier steps it directly depends on. */
  record(t: number, footprint: readonly number[], enabledMask: ThreadMask): number {
    if (t >= this.width) this.widen(t + 1);
    const W = this.width;
    const j = this.n;
    this.ensure(j + 1, footprint.length);
    this.n = j + 1;
    this.tid[j] = t;
    this.enabled[j] = enabledMask;
    const mine = this.positions[t] as number[];
    mine.push(j);
    this.idx[j] = mine.length;
    const isGlobal = firesTimeout(footprint);
    this.global[j] = isGlobal ? 1 : 0;
    const fpStart = j === 0 ? 0 : (this.fpEnd[j - 1] as number);
    this.fpStart[j] = fpStart;
    for (let k = 0; k < footprint.length; k++) this.fp[fpStart + k] = footprint[k] as number;
    this.fpEnd[j] = fpStart + footprint.length;

    const vc = this.vc;
    const base = j * W;
    const prev = this.last[t] as number;
    if (prev >= 0) vc.copyWithin(base, prev * W, prev * W + W);
    else vc.fill(0, base, base + W);
    vc[base + t] = mine.length;

    const cand = this.candidates;
    while (cand.length !== 0) cand.pop(); // not `length = 0`: a slow runtime call in V8
    if (this.lastGlobal >= 0) this.depend(j, this.lastGlobal);
    if (isGlobal) {
      for (let u = 0; u < W; u++) if (u !== t && (this.last[u] as number) >= 0) this.depend(j, this.last[u] as number);
    }
    const recs = this.fpRec;
    for (let k = 0; k < footprint.length; k++) {
      const a = footprint[k] as number;
      const rec = this.object(a >>> 1);
      recs[fpStart + k] = rec;
      if (rec.lastWrite >= 0) this.depend(j, rec.lastWrite);
      if (a & 1) for (let m = rec.readMask; m !== EMPTY_MASK; m = withoutLowest(m)) this.depend(j, rec.reads[lowest(m)] as number);
    }
    for (let k = 0; k < footprint.length; k++) {
      const rec = recs[fpStart + k] as ObjectRecord;
      if ((footprint[k] as number) & 1) {
        rec.lastWrite = j;
        rec.readMask = EMPTY_MASK;
      } else {
        rec.readMask = withBit(rec.readMask, t);
        rec.reads[t] = j;
      }
    }
    if (isGlobal) this.lastGlobal = j;
    this.last[t] = j;
    return j;
  }

  /** Whether step `a` happens before step `b` (a !== b; a before b in the execution). */
  hb(a: number, b: number): boolean {
    return (this.vc[b * this.width + (this.tid[a] as number)] as number) >= (this.idx[a] as number);
  }

  /** The thread's last step before position `limit`, or -1. */
  lastBefore(t: number, limit: number): number {
    const p = this.positions[t] as number[];
    for (let k = p.length - 1; k >= 0; k--) if ((p[k] as number) < limit) return p[k] as number;
    return -1;
  }

  /** The thread's first step after position `after` and before `limit`, or -1. */
  firstAfter(t: number, after: number, limit: number): number {
    const p = this.positions[t] as number[];
    let lo = 0;
    let hi = p.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((p[mid] as number) > after) hi = mid;
      else lo = mid + 1;
    }
    const pos = p[lo];
    return pos !== undefined && pos < limit ? pos : -1;
  }

  /** The last write to `obj` at a position before `limit`, or -1 (a scan: only blocked operations ask). */
  lastWriteBefore(obj: number, limit: number): number {
    const w = obj * 2 + 1;
    for (let j = Math.min(limit, this.n) - 1; j >= 0; j--) {
      if (this.global[j] === 1) return j;
      for (let k = this.fpStart[j] as number; k < (this.fpEnd[j] as number); k++) if (this.fp[k] === w) return j;
    }
    return -1;
  }

  /** The object of the step's first access (its visible operation's), or -1 when it touched nothing. */
  firstObject(j: number): number {
    const s = this.fpStart[j] as number;
    return s < (this.fpEnd[j] as number) ? (this.fp[s] as number) >>> 1 : -1;
  }

  private depend(j: number, i: number): void {
    const vc = this.vc;
    const W = this.width;
    const a = j * W;
    const b = i * W;
    for (let u = 0; u < W; u++) if ((vc[b + u] as number) > (vc[a + u] as number)) vc[a + u] = vc[b + u] as number;
    if (this.tid[i] !== this.tid[j] && !this.candidates.includes(i)) this.candidates.push(i);
  }

  private object(obj: number): ObjectRecord {
    let rec = this.objects.get(obj);
    if (rec === undefined) {
      rec = { epoch: this.epoch, lastWrite: -1, readMask: EMPTY_MASK, reads: new Int32Array(this.width) };
      this.objects.set(obj, rec);
    } else if (rec.epoch !== this.epoch) {
      rec.epoch = this.epoch;
      rec.lastWrite = -1;
      rec.readMask = EMPTY_MASK;
    }
    return rec;
  }

  /** Make room for thread ids below `threads`: wider clocks (copied), per-thread tables grown. */
  private widen(threads: number): void {
    const from = this.width;
    const to = Math.max(threads, from * 2);
    const steps = this.vc.length / from;
    const vc = new Int32Array(steps * to);
    for (let j = 0; j < this.n; j++) vc.set(this.vc.subarray(j * from, j * from + from), j * to);
    this.vc = vc;
    const last = new Int32Array(to).fill(-1);
    last.set(this.last);
    this.last = last;
    while (this.positions.length < to) this.positions.push([]);
    for (const rec of this.objects.values()) {
      const reads = new Int32Array(to);
      reads.set(rec.reads);
      rec.reads = reads;
    }
    this.width = to;
  }

  private ensure(steps: number, fpLength: number): void {
    if (steps > this.tid.length) {
      const size = this.tid.length * 2;
      this.tid = grow(this.tid, size);
      this.idx = grow(this.idx, size);
      this.fpStart = grow(this.fpStart, size);
      this.fpEnd = grow(this.fpEnd, size);
      const g = new Uint8Array(size);
      g.set(this.global);
      this.global = g;
      this.vc = grow(this.vc, size * this.width);
    }
    const end = (steps > 1 ? (this.fpEnd[steps - 2] as number) : 0) + fpLength;
    if (end > this.fp.length) {
      const f = new Float64Array(Math.max(end, this.fp.length * 2));
      f.set(this.fp);
      this.fp = f;
    }
  }
}

function grow(a: Int32Array, size: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(size);
  b.set(a);
  return b;
}
