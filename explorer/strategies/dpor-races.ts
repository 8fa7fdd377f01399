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
import { EventLog, MAX_THREADS } from './dpor-log.ts';

/** Receives, for a state before step i, the threads of which one must be explored there. */
export interface RaceSink {
  offer(i: number, initials: number): void;
}

/** Marker for "the last event of the reversed sequence is a pending step dependent with everything". */
const PENDING = -2;

const firstOf = new Int32Array(MAX_THREADS);

/**
 * Initials of notdep(e_i) . last, where notdep is taken among the steps before `limit`, and `last`
 * is step `lastPos` of thread `t` (or PENDING, or -1 for none), as a mask of threads enabled before e_i.
 */
export function initials(log: EventLog, i: number, limit: number, t: number, lastPos: number): number {
  const q = log.tid[i] as number;
  let listed = 0;
  for (let u = 0; u < MAX_THREADS; u++) {
    firstOf[u] = -1;
    if (u === q) continue;
    const f = log.firstAfter(u, i, limit);
    if (f >= 0 && !log.hb(i, f)) {
      firstOf[u] = f;
      listed |= 1 << u;
    }
  }
  let result = 0;
  for (let u = 0; u < MAX_THREADS; u++) {
    const f = firstOf[u] as number;
    if (f < 0) continue;
    if (isInitial(log, f, listed, u)) result |= 1 << u;
  }
  if (t >= 0 && (listed & (1 << t)) === 0) {
    // The thread of the last event has no step in notdep: the last event itself may be an initial.
    if (lastPos === PENDING) {
      if (listed === 0) result |= 1 << t;
    } else if (lastPos >= 0 && isInitial(log, lastPos, listed, t)) {
      result |= 1 << t;
    }
  }
  return result & (log.enabled[i] as number);
}

function isInitial(log: EventLog, pos: number, listed: number, self: number): boolean {
  for (let w = 0; w < MAX_THREADS; w++) {
    if (w === self || (listed & (1 << w)) === 0) continue;
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
    if (init !== 0) sink.offer(i, init);
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
  if (init !== 0) sink.offer(w, init);
}

/** Threads enabled before step d and not after it (other than d's own) could have run first. */
export function disabledBy(log: EventLog, d: number, enabledAfter: number, sink: RaceSink): void {
  const lost = (log.enabled[d] as number) & ~enabledAfter & ~(1 << (log.tid[d] as number));
  if (lost !== 0) for (let u = 0; u < MAX_THREADS; u++) if (lost & (1 << u)) sink.offer(d, 1 << u);
}

/** Thread p still had a step to take when the execution ended: race it against every maximal step. */
export function pendingRaces(log: EventLog, p: number, sink: RaceSink): void {
  const n = log.n;
  const mine = log.positions[p] as number[];
  const prev = mine.length > 0 ? (mine[mine.length - 1] as number) : -1;
  for (let u = 0; u < MAX_THREADS; u++) {
    if (u === p) continue;
    const pu = log.positions[u] as number[];
    if (pu.length === 0) continue;
    const i = pu[pu.length - 1] as number;
    if (prev > i && log.hb(i, prev)) continue;
    let maximal = true;
    for (let w = 0; w < MAX_THREADS && maximal; w++) {
      const pw = log.positions[w] as number[];
      if (w === u || pw.length === 0) continue;
      const k = pw[pw.length - 1] as number;
      if (k > i && log.hb(i, k)) maximal = false;
    }
    if (!maximal) continue;
    const init = initials(log, i, n, p, PENDING);
    if (init !== 0) sink.offer(i, init);
  }
}
