/**
 * Race reversal for source-set DPOR (Abdulla, Aronis, Jonsson, Sagonas, POPL'14), adapted to threads
 * that block (locks, awaits, sleepers) and to executions cut short.
 *
 * For a race e_i ⋖ e_j (dependent, different threads, no step between them in happens-before) the
 * reversed execution runs, from the state before e_i, the steps after e_i that do not happen after it
 * (notdep), then e_j. A source set only needs one *initial* of that sequence (a thread whose first step
 * in it depends on nothing before it) in the backtrack set of the state before e_i.
 *
 * Blocking needs three additions, because a step that is never executed cannot race:
 * - disabled by another step: thread u enabled before e_d and disabled after it. u's pending step
 *   could have run first; it is enabled there, so u itself is the initial.
 * - blocked as soon as pending (u took a step and its next operation could not run at once): when it
 *   finally runs, its first access names what blocked it; the last write to that object before the
 *   operation became pending races with it.
 * - still pending when the execution ends (blocked for good, or cut short by a violation or the step
 *   limit): its unknown step is taken as dependent with every step (sound: more dependence, more work).
 *
 * A reversal is feasible only if its initials can run in the state before e_i: initials are therefore
 * intersected with the threads enabled there. When e_i is what enabled e_j's thread (an unlock before
 * a lock, a store before an await, a wake-up before a sleeper returns), the only initial would be e_j's
 * thread, which is not enabled there: such races are not reversible and are dropped.
 */
import { EventLog } from './dpor-log.ts';
import { bit, EMPTY_MASK, has, intersect, lowest, minus, withBit, withoutLowest, type ThreadMask } from './thread-mask.ts';

/** Receives, for a state before step i, the threads of which one must be explored there. */
export interface RaceSink {
  offer(i: number, initials: ThreadMask): void;
}

/** Marker for "the last event of the reversed sequence is a pending step dependent with everything". */
const PENDING = -2;

/** Scratch for `initials`: each thread's first step in notdep, or -1 (grown to the log's width). */
let firstOf = new Int32Array(8);

/**
 * Initials of notdep(e_i) . last, where notdep is taken among the steps before `limit`, and `last`
 * is step `lastPos` of thread `t` (or PENDING, or -1 for none), as a mask of threads enabled before e_i.
 */
export function initials(log: EventLog, i: number, limit: number, t: number, lastPos: number): ThreadMask {
  const q = log.tid[i] as number;
  const width = log.width;
  if (firstOf.length < width) firstOf = new Int32Array(width);
  let listed = EMPTY_MASK;
  for (let u = 0; u < width; u++) {
    firstOf[u] = -1;
    if (u === q) continue;
    const f = log.firstAfter(u, i, limit);
    if (f >= 0 && !log.hb(i, f)) {
      firstOf[u] = f;
      listed = withBit(listed, u);
    }
  }
  let result = EMPTY_MASK;
  for (let u = 0; u < width; u++) {
    const f = firstOf[u] as number;
    if (f < 0) continue;
    if (isInitial(log, f, listed, u)) result = withBit(result, u);
  }
  if (t >= 0 && !has(listed, t)) {
    // The thread of the last event has no step in notdep: the last event itself may be an initial.
    if (lastPos === PENDING) {
      if (listed === EMPTY_MASK) result = withBit(result, t);
    } else if (lastPos >= 0 && isInitial(log, lastPos, listed, t)) {
      result = withBit(result, t);
    }
  }
  return intersect(result, log.enabled[i] as ThreadMask);
}

function isInitial(log: EventLog, pos: number, listed: ThreadMask, self: number): boolean {
  for (let w = 0; w < log.width; w++) {
    if (w === self || !has(listed, w)) continue;
    const f = firstOf[w] as number;
    if (f < pos && log.hb(f, pos)) return false;
  }
  return true;
}

/** Races of step j (just recorded) with earlier steps. */
export function racesOf(log: EventLog, j: number, sink: RaceSink): void {
  const t = log.tid[j] as number;
  const idx = log.idx[j] as number;
  const prev = idx >= 2 ? ((log.positions[t] as number[])[idx - 2] as number) : -1;
  const cand = log.candidates;
  for (let a = 0; a < cand.length; a++) {
    const i = cand[a] as number;
    if (prev >= 0 && log.hb(i, prev)) continue;
    let immediate = true;
    for (let b = 0; b < cand.length; b++) {
      const k = cand[b] as number;
      if (k !== i && k > i && log.hb(i, k)) {
        immediate = false;
        break;
      }
    }
    if (!immediate) continue;
    const init = initials(log, i, j, t, j);
    if (init !== EMPTY_MASK) sink.offer(i, init);
  }
}

/**
 * Thread t's step j runs an operation that was blocked as soon as it became pending (at `opStart`):
 * the last write before then to the object its first access names kept it blocked.
 */
export function blockedRace(log: EventLog, j: number, opStart: number, sink: RaceSink): void {
  const t = log.tid[j] as number;
  const obj = log.firstObject(j);
  if (obj < 0) return;
  const w = log.lastWriteBefore(obj, opStart);
  if (w < 0 || log.tid[w] === t) return;
  const prev = log.lastBefore(t, opStart);
  if (prev >= 0 && log.hb(w, prev)) return;
  const init = initials(log, w, opStart, t, -1);
  if (init !== EMPTY_MASK) sink.offer(w, init);
}

/** Threads enabled before step d and not after it (other than d's own) could have run first. */
export function disabledBy(log: EventLog, d: number, enabledAfter: ThreadMask, sink: RaceSink): void {
  const lost = minus(minus(log.enabled[d] as ThreadMask, enabledAfter), bit(log.tid[d] as number));
  for (let m = lost; m !== EMPTY_MASK; m = withoutLowest(m)) sink.offer(d, bit(lowest(m)));
}

/** Thread p still had a step to take when the execution ended: race it against every maximal step. */
export function pendingRaces(log: EventLog, p: number, sink: RaceSink): void {
  const n = log.n;
  const mine = log.positions[p] as number[];
  const prev = mine.length > 0 ? (mine[mine.length - 1] as number) : -1;
  for (let u = 0; u < log.width; u++) {
    if (u === p) continue;
    const pu = log.positions[u] as number[];
    if (pu.length === 0) continue;
    const i = pu[pu.length - 1] as number;
    if (prev > i && log.hb(i, prev)) continue;
    let maximal = true;
    for (let w = 0; w < log.width && maximal; w++) {
      const pw = log.positions[w] as number[];
      if (w === u || pw.length === 0) continue;
      const k = pw[pw.length - 1] as number;
      if (k > i && log.hb(i, k)) maximal = false;
    }
    if (!maximal) continue;
    const init = initials(log, i, n, p, PENDING);
    if (init !== EMPTY_MASK) sink.offer(i, init);
  }
}
