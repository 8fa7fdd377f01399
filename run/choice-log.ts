/**
 * A scheduler decorator that keeps the choices of the current execution as they are made, so that an
 * exception inside an execution (which never returns its recorded choices) still leaves a replay token.
 */
import type { ChoiceKind, Choices, ExecutionEnd, Scheduler, SchedulingView } from '../explorer/scheduler.ts';

export class ChoiceLog implements Scheduler {
  readonly name: string;
  private kinds: string[] = [];
  private values: number[] = [];
  /** Steps taken in the current execution. */
  steps = 0;

  constructor(private readonly inner: Scheduler) {
    this.name = inner.name;
  }

  /** The choices of the current (or last) execution so far. */
  current(): Choices {
    return { kinds: this.kinds.slice(), values: this.values.slice() };
  }

  beginExecution(): boolean {
    this.kinds.length = 0;
    this.values.length = 0;
    this.steps = 0;
    return this.inner.beginExecution();
  }

  pickThread(enabled: readonly number[], view: SchedulingView): number {
    const tid = this.inner.pickThread(enabled, view);
    this.kinds.push('t');
    this.values.push(tid);
    return tid;
  }

  pickValue(n: number, kind: ChoiceKind): number {
    const v = this.inner.pickValue(n, kind);
    this.kinds.push('v');
    this.values.push(v);
    return v;
  }

  afterStep(tid: number, footprint: readonly number[], enabledBefore: readonly number[]): void {
    this.steps += 1;
    this.inner.afterStep?.(tid, footprint, enabledBefore);
  }

  endExecution(end: ExecutionEnd): void {
    this.inner.endExecution(end);
  }

  isComplete(): boolean {
    return this.inner.isComplete();
  }

  coverage(): string {
    return this.inner.coverage();
  }
}
