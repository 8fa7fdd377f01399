/** Uniformly random schedules and value choices from a seed (`runs` executions, or until the budget stops it); never complete. */
import type { ChoiceKind, ExecutionEnd, Scheduler, SchedulingView } from '../scheduler.ts';
import { Prng } from './prng.ts';

export class RandomScheduler implements Scheduler {
  readonly name = 'random';
  private readonly rng: Prng;
  private executions = 0;

  constructor(
    readonly seed: number,
    readonly runs: number = Number.POSITIVE_INFINITY,
  ) {
    this.rng = new Prng(seed);
  }

  beginExecution(): boolean {
    if (this.executions >= this.runs) return false;
    this.executions += 1;
    return true;
  }

  pickThread(enabled: readonly number[], _view: SchedulingView): number {
    return enabled[this.rng.below(enabled.length)] as number;
  }

  pickValue(n: number, _kind: ChoiceKind): number {
    return this.rng.below(n);
  }

  endExecution(_end: ExecutionEnd): void {}

  isComplete(): boolean {
    return false;
  }

  coverage(): string {
    return `${this.executions} random executions from seed ${this.seed}`;
  }
}
