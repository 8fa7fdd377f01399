/**
 * Which Mazurkiewicz traces a strategy explored: a Scheduler decorator that records every step (its
 * thread, footprint and the value choices made in it) and turns each execution into its Foata normal
 * form (steps grouped by causal depth, ordered by thread within a group). Two executions that differ
 * only in the order of independent steps get the same string, so the set of strings is the set of
 * traces explored. Dependence is the one the reductions use: conflicting footprints, and a timeout
 * firing is dependent with every step.
 */
import { conflicts, firesTimeout, type ChoiceKind, type ExecutionEnd, type Scheduler, type SchedulingView } from '../../explorer/scheduler.ts';

interface Step {
  readonly tid: number;
  readonly fp: readonly number[];
  readonly values: readonly number[];
  readonly global: boolean;
}

export class TraceRecorder implements Scheduler {
  readonly name: string;
  readonly traces = new Set<string>();
  /** Every execution's trace, in order (duplicates show redundant executions). */
  readonly sequence: string[] = [];
  private steps: Step[] = [];
  private values: number[] = [];
  private setupValues: number[] = [];
  private setupClosed = false;

  /** Present exactly when the inner strategy can start over (the traces start over with it). */
  readonly restart?: () => void;

  constructor(readonly inner: Scheduler) {
    this.name = inner.name;
    const restart = inner.restart?.bind(inner);
    if (restart !== undefined) {
      this.restart = () => {
        restart();
        this.traces.clear();
        this.sequence.length = 0;
      };
    }
  }

  beginExecution(): boolean {
    this.steps = [];
    this.values = [];
    this.setupValues = [];
    this.setupClosed = false;
    return this.inner.beginExecution();
  }

  pickThread(enabled: readonly number[], view: SchedulingView): number {
    this.closeSetup();
    return this.inner.pickThread(enabled, view);
  }

  pickValue(n: number, kind: ChoiceKind): number {
    const v = this.inner.pickValue(n, kind);
    this.values.push(v);
    return v;
  }

  afterStep(tid: number, footprint: readonly number[], enabledBefore: readonly number[]): void {
    this.inner.afterStep?.(tid, footprint, enabledBefore);
    // A first step taken without a pick (one thread enabled) is the same step in every execution:
    // its values may go with setup's.
    this.closeSetup();
    this.steps.push({ tid, fp: [...footprint].sort((a, b) => a - b), values: this.values, global: firesTimeout(footprint) });
    this.values = [];
  }

  endExecution(end: ExecutionEnd): void {
    this.inner.endExecution(end);
    const trace = `${this.setupValues.join('.')}|${foata(this.steps)}|${this.values.join('.')}`;
    this.traces.add(trace);
    this.sequence.push(trace);
  }

  /** Values asked before the first pick or step: setup's (spawns included). */
  private closeSetup(): void {
    if (this.setupClosed) return;
    this.setupClosed = true;
    this.setupValues = this.values;
    this.values = [];
  }

  isComplete(): boolean {
    return this.inner.isComplete();
  }

  coverage(): string {
    return this.inner.coverage();
  }
}

function dependent(a: Step, b: Step): boolean {
  return a.tid === b.tid || a.global || b.global || conflicts(a.fp, b.fp);
}

/** Foata normal form: each step's level is one more than that of the latest step it depends on. */
export function foata(steps: readonly Step[]): string {
  const level: number[] = [];
  steps.forEach((s, k) => {
    let l = 0;
    for (let i = 0; i < k; i++) if ((level[i] as number) >= l && dependent(steps[i] as Step, s)) l = (level[i] as number) + 1;
    level.push(l);
  });
  return steps
    .map((s, k) => ({ key: `${level[k]}`.padStart(4, '0') + `/${String(s.tid).padStart(2, '0')}`, text: `${s.tid}(${s.values.join('.')})[${s.fp.join(',')}]` }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((e) => `${e.key}:${e.text}`)
    .join(' ');
}
