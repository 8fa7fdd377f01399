/**
 * What partial-order reduction tracks along one execution: the event log (dpor-log.ts), the running
 * sleep set, and which threads' operations were blocked as soon as they became pending; after each
 * new step, the race analysis (dpor-races.ts) that feeds the search's backtrack sets.
 */
import { conflicts, firesTimeout, NondeterminismError } from '../scheduler.ts';
import { EventLog } from './dpor-log.ts';
import { blockedRace, disabledBy, pendingRaces, racesOf, type RaceSink } from './dpor-races.ts';
import { addAll, type ThreadNode } from './search-nodes.ts';
import { bit, EMPTY_MASK, has, lowest, minus, union, withBit, withoutLowest, type ThreadMask } from './thread-mask.ts';

export class ReductionState {
  readonly log = new EventLog();
  /** Threads asleep in the current state, and the footprints of their sleeping steps. */
  sleepMask: ThreadMask = EMPTY_MASK;
  /** By thread id (grown as ids appear). */
  private readonly sleepFp: (readonly number[] | undefined)[] = [];
  private readonly opStart: number[] = [];
  private blockedAtStart: ThreadMask = EMPTY_MASK;

  constructor(private readonly sleepSets: boolean) {}

  /** A new execution that replays the first `keep` steps of the last one. */
  begin(keep: number): void {
    this.log.truncate(keep);
    this.sleepMask = EMPTY_MASK;
    this.blockedAtStart = EMPTY_MASK;
  }

  /** The running sleep footprints, for a node created now. */
  sleepFootprints(): (readonly number[] | undefined)[] {
    return this.sleepFp.slice();
  }

  /**
   * Step j of thread tid, taken from `node` (null when it was the only enabled thread). Races are
   * analysed only when `analyse` (the step is new in this execution); sleep sets only while the
   * execution is not redundant. Returns false when the step's thread was asleep (from here on the
   * execution is redundant).
   */
  step(j: number, tid: number, fp: readonly number[], mask: ThreadMask, node: ThreadNode | null, analyse: boolean, redundant: boolean, sink: RaceSink): boolean {
    const log = this.log;
    const awake = node !== null || redundant || !has(this.sleepMask, tid);
    if (j < log.n) {
      if (log.tid[j] !== tid) throw new NondeterminismError(`execution is not deterministic: step ${j} was thread ${log.tid[j]}, now ${tid}`);
      // A replayed step must touch what it touched: the reduction's race analysis of it is reused.
      if (!log.sameFootprint(j, fp)) throw new NondeterminismError(`execution is not deterministic: step ${j} (thread ${tid}) touched other objects than when it was recorded`);
    } else {
      log.record(tid, fp, mask);
    }
    if (this.sleepSets && awake && !redundant) {
      this.propagateSleep(node, tid, fp, log.global[j] === 1);
      // The node's union footprint for its current thread: a replayed step was added when it was new.
      if (node !== null && analyse) node.currentFp = node.currentFp === null ? fp.slice() : (addAll(node.currentFp, fp), node.currentFp);
    }
    if (j >= 1) {
      // The operation of the thread that took step j-1 became pending at j: was it blocked at once?
      const u = log.tid[j - 1] as number;
      this.opStart[u] = j;
      if (!has(mask, u)) this.blockedAtStart = withBit(this.blockedAtStart, u);
    }
    if (analyse) {
      racesOf(log, j, sink);
      if (has(this.blockedAtStart, tid)) blockedRace(log, j, this.opStart[tid] as number, sink);
      if (j >= 1) disabledBy(log, j - 1, mask, sink);
    }
    if (has(this.blockedAtStart, tid)) this.blockedAtStart = minus(this.blockedAtStart, bit(tid));
    return awake;
  }

  /** The execution ended with these threads still pending. */
  end(pending: readonly number[], sink: RaceSink): void {
    for (const p of pending) pendingRaces(this.log, p, sink);
  }

  private propagateSleep(node: ThreadNode | null, tid: number, fp: readonly number[], global: boolean): void {
    const base = node === null ? this.sleepMask : union(node.sleep, node.done);
    let next = EMPTY_MASK;
    if (!global) {
      for (let m = minus(base, bit(tid)); m !== EMPTY_MASK; m = withoutLowest(m)) {
        const u = lowest(m);
        const f = node === null ? this.sleepFp[u] : has(node.done, u) ? node.doneFp?.[u] : node.sleepFp?.[u];
        // A sleeping timeout firing is dependent with every step: it wakes.
        if (f !== undefined && !conflicts(f, fp) && !firesTimeout(f)) {
          next = withBit(next, u);
          this.sleepFp[u] = f;
        }
      }
    }
    this.sleepMask = next;
  }
}
