/**
 * `pct`: probabilistic concurrency testing (Burckhardt, Kothari, Musuvathi, Nagarakatte, ASPLOS'10).
 * Each run gives the threads distinct random priorities d .. d+n-1 and picks d-1 random change points
 * among the steps; the enabled thread with the highest priority runs, and at the i-th change point the
 * thread that just ran drops to priority d-1-i. A bug of depth d is found in one run with probability
 * at least 1/(n k^(d-1)) for k steps. k is the longest run so far (a guess before the first run ends).
 * Value choices are uniform. Seeded (prng.ts): the same seed gives the same runs.
 */
import type { ChoiceKind, ExecutionEnd, Scheduler, SchedulingView } from '../scheduler.ts';
import { Prng } from './prng.ts';

/** Steps assumed for the first run, before any run has shown how long they are. */
const FIRST_GUESS = 32;

export class PctScheduler implements Scheduler {
  readonly name = 'pct';
  private readonly rng: Prng;
  private executions = 0;
  /** Steps per run (k): the longest run seen, 0 before the first one ends. */
  private k = 0;
  private steps = 0;
  private priority: number[] = [];
  private changePoints: number[] = [];
  private next = 0;

  constructor(
    readonly seed: number,
    readonly depth: number,
    readonly runs: number,
  ) {
    if (!Number.isInteger(depth) || depth < 1) throw new RangeError(`pct depth must be a positive integer, got ${depth}`);
    if (!(runs >= 1)) throw new RangeError(`pct runs must be at least 1, got ${runs}`);
    this.rng = new Prng(seed);
  }

  beginExecution(): boolean {
    if (this.executions >= this.runs) return false;
    this.executions += 1;
    this.steps = 0;
    this.priority = [];
    this.next = 0;
    // d-1 distinct change points in 1..k, in increasing order.
    const k = this.k > 0 ? this.k : FIRST_GUESS;
    const points = new Set<number>();
    const wanted = Math.min(this.depth - 1, k);
    while (points.size < wanted) points.add(1 + this.rng.below(k));
    this.changePoints = [...points].sort((a, b) => a - b);
    return true;
  }

  pickThread(enabled: readonly number[], view: SchedulingView): number {
    if (this.priority.length === 0) this.assignPriorities(view.threadCount);
    let best = enabled[0] as number;
    for (const t of enabled) if ((this.priority[t] ?? 0) > (this.priority[best] ?? 0)) best = t;
    return best;
  }

  pickValue(n: number, _kind: ChoiceKind): number {
    return this.rng.below(n);
  }

  afterStep(tid: number, _footprint: readonly number[], _enabledBefore: readonly number[]): void {
    this.steps += 1;
    if (this.next < this.changePoints.length && this.steps === this.changePoints[this.next]) {
      this.next += 1;
      this.priority[tid] = this.depth - this.next; // d-1, d-2, ...: below every initial priority
    }
  }

  endExecution(_end: ExecutionEnd): void {
    // k counts the concurrent steps (those afterStep saw), not setup's and teardown's.
    if (this.steps > this.k) this.k = this.steps;
  }

  isComplete(): boolean {
    return false;
  }

  coverage(): string {
    return `${this.executions} PCT runs (depth ${this.depth}, seed ${this.seed})`;
  }

  /** Initial priorities: a random permutation of d .. d+n-1 over the threads. */
  private assignPriorities(threadCount: number): void {
    const order = Array.from({ length: threadCount }, (_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = this.rng.below(i + 1);
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    this.priority = new Array<number>(threadCount);
    order.forEach((t, rank) => {
      this.priority[t] = this.depth + rank;
    });
  }
}
