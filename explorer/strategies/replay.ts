/** Replays recorded choices exactly; refuses a choice that does not fit (a token from another run). */
import { NondeterminismError, type ChoiceKind, type Choices, type ExecutionEnd, type Scheduler, type SchedulingView } from '../scheduler.ts';

/** The run does not fit the recorded choices: a token for something else, or an implementation that is not deterministic. */
export class ReplayError extends NondeterminismError {}

export class ReplayScheduler implements Scheduler {
  readonly name = 'replay';
  private position = 0;
  private ran = false;

  constructor(private readonly choices: Choices) {}

  beginExecution(): boolean {
    if (this.ran) return false;
    this.ran = true;
    this.position = 0;
    return true;
  }

  private next(kind: 't' | 'v'): number {
    const i = this.position;
    this.position += 1;
    const k = this.choices.kinds[i];
    const v = this.choices.values[i];
    if (k === undefined || v === undefined) throw new ReplayError(`the recorded schedule ends at choice ${i}, but the run asks for more`);
    if (k !== kind) throw new ReplayError(`choice ${i} was a ${k === 't' ? 'thread' : 'value'} choice, the run asks for a ${kind === 't' ? 'thread' : 'value'} choice`);
    return v;
  }

  pickThread(enabled: readonly number[], _view: SchedulingView): number {
    const tid = this.next('t');
    if (!enabled.includes(tid)) throw new ReplayError(`choice ${this.position - 1} picks thread ${tid}, which is not enabled (enabled: ${enabled.join(', ')})`);
    return tid;
  }

  pickValue(n: number, _kind: ChoiceKind): number {
    const v = this.next('v');
    if (v >= n) throw new ReplayError(`choice ${this.position - 1} picks alternative ${v} of only ${n}`);
    return v;
  }

  endExecution(_end: ExecutionEnd): void {
    if (this.position !== this.choices.kinds.length) {
      throw new ReplayError(`the run ended after ${this.position} of ${this.choices.kinds.length} recorded choices`);
    }
  }

  isComplete(): boolean {
    return this.ran;
  }

  coverage(): string {
    return 'one recorded execution';
  }
}
