/**
 * Schedule shrinking: make a failing execution's choices smaller while the same property still fails.
 *
 * Candidates are run with a lenient guided scheduler: it follows a list of decisions and, where a
 * decision is missing, does not fit (a thread that is not enabled, a value out of range) or says
 * "default", it does the least surprising thing: keep running the current thread (no preemption) or
 * the lowest enabled one, and take alternative 0 of a value choice (the allocation succeeds). A
 * candidate is kept when the target property still fails and the run is smaller by (preemptions,
 * non-default value choices, steps, recorded choices). The result is the recorded choices of the kept
 * run, so it replays exactly. Deterministic; bounded by a number of runs.
 */
import { runExecution, type ExecutionOptions, type ExecutionResult } from './execution.ts';
import type { Monitor } from './monitor.ts';
import type { Program } from './program.ts';
import type { ChoiceKind, Choices, ExecutionEnd, Scheduler, SchedulingView } from './scheduler.ts';

/** A decision of the guided scheduler: a recorded answer, or DEFAULT (do the unsurprising thing). */
type Decision = { readonly kind: string; readonly value: number };
const DEFAULT = -1;

/** Counts preemptions: a thread pick that passes over the thread that just ran although it could go on. */
export function isPreemption(enabled: readonly number[], view: SchedulingView, picked: number): boolean {
  return view.current >= 0 && picked !== view.current && enabled.includes(view.current);
}

class GuidedScheduler implements Scheduler {
  readonly name = 'guided';
  private position = 0;
  preemptions = 0;
  valueChoices = 0;

  constructor(private readonly decisions: readonly Decision[]) {}

  beginExecution(): boolean {
    return true;
  }

  private next(kind: 't' | 'v'): number {
    // Recorded answers of the other kind are skipped: a dropped decision shifts the rest.
    while (this.position < this.decisions.length && this.decisions[this.position]?.kind !== kind) this.position += 1;
    const d = this.decisions[this.position];
    this.position += 1;
    return d === undefined ? DEFAULT : d.value;
  }

  pickThread(enabled: readonly number[], view: SchedulingView): number {
    const wanted = this.next('t');
    const fallback = enabled.includes(view.current) ? view.current : (enabled[0] as number);
    const tid = wanted !== DEFAULT && enabled.includes(wanted) ? wanted : fallback;
    if (isPreemption(enabled, view, tid)) this.preemptions += 1;
    return tid;
  }

  pickValue(n: number, _kind: ChoiceKind): number {
    const wanted = this.next('v');
    const v = wanted !== DEFAULT && wanted < n ? wanted : 0;
    if (v !== 0) this.valueChoices += 1;
    return v;
  }

  endExecution(_end: ExecutionEnd): void {}

  isComplete(): boolean {
    return true;
  }

  coverage(): string {
    return 'one guided execution';
  }
}

/** How big a failing run is; smaller is better, compared in this order. */
export interface RunSize {
  readonly preemptions: number;
  readonly valueChoices: number;
  readonly steps: number;
  readonly choices: number;
}

export function smaller(a: RunSize, b: RunSize): boolean {
  if (a.preemptions !== b.preemptions) return a.preemptions < b.preemptions;
  if (a.valueChoices !== b.valueChoices) return a.valueChoices < b.valueChoices;
  if (a.steps !== b.steps) return a.steps < b.steps;
  return a.choices < b.choices;
}

export interface GuidedRun {
  readonly result: ExecutionResult;
  readonly size: RunSize;
}

/** Runs recorded choices (leniently) and measures the run. */
export function runGuided<S>(program: Program<S>, monitors: readonly Monitor[], choices: Choices, options: ExecutionOptions): GuidedRun {
  const scheduler = new GuidedScheduler(choices.kinds.map((kind, i) => ({ kind, value: choices.values[i] as number })));
  const result = runExecution(program, scheduler, monitors, options);
  return { result, size: { preemptions: scheduler.preemptions, valueChoices: scheduler.valueChoices, steps: result.steps, choices: result.choices.kinds.length } };
}

export interface ShrinkResult {
  readonly choices: Choices;
  readonly size: RunSize;
  readonly original: RunSize;
  /** Executions the shrinking ran. */
  readonly runs: number;
}

/**
 * Shrinks `choices` (a run that fails `property`). Passes: cut the tail (let the defaults finish the
 * run), replace single decisions by the default (drops a preemption or a fault), delete single
 * decisions; repeated until nothing improves or `maxRuns` executions were spent.
 */
export function shrinkSchedule<S>(
  program: Program<S>,
  monitors: readonly Monitor[],
  choices: Choices,
  property: string,
  options: ExecutionOptions,
  maxRuns = 5000,
): ShrinkResult {
  let runs = 0;
  const fails = (r: ExecutionResult): boolean => r.violations.some((v) => v.property === property);
  const start = runGuided(program, monitors, choices, options);
  runs += 1;
  if (!fails(start.result)) throw new Error(`shrinkSchedule: the given choices do not fail ${property}`);
  let best = { choices: start.result.choices, size: start.size };
  const attempt = (candidate: Decision[]): boolean => {
    if (runs >= maxRuns) return false;
    runs += 1;
    const run = runGuided(program, monitors, toChoices(candidate), options);
    if (!fails(run.result) || !smaller(run.size, best.size)) return false;
    best = { choices: run.result.choices, size: run.size };
    return true;
  };
  for (let improved = true; improved && runs < maxRuns; ) {
    improved = false;
    const base = decisionsOf(best.choices);
    // 1. The shortest prefix that still fails (the defaults finish the run).
    for (let cut = 0; cut < base.length; cut++) {
      if (attempt(base.slice(0, cut))) {
        improved = true;
        break;
      }
    }
    if (improved) continue;
    // 2. One decision at a time back to the default, from the last (late choices matter least).
    for (let i = base.length - 1; i >= 0 && !improved; i--) {
      const d = base[i] as Decision;
      if (d.value === DEFAULT) continue;
      improved = attempt(base.map((x, j) => (j === i ? { kind: x.kind, value: DEFAULT } : x)));
    }
    if (improved) continue;
    // 3. One decision at a time deleted (the rest shift to earlier decision points).
    for (let i = base.length - 1; i >= 0 && !improved; i--) improved = attempt(base.filter((_, j) => j !== i));
  }
  return { choices: best.choices, size: best.size, original: start.size, runs };
}

function decisionsOf(c: Choices): Decision[] {
  return c.kinds.map((kind, i) => ({ kind, value: c.values[i] as number }));
}

function toChoices(ds: readonly Decision[]): Choices {
  return { kinds: ds.map((d) => d.kind), values: ds.map((d) => d.value) };
}

/**
 * Wraps a strategy to count the preemptions of each execution (for keeping the failure with the
 * fewest). Costs one comparison per thread pick.
 */
export class PreemptionCounter implements Scheduler {
  readonly name: string;
  /** Preemptions in the current (or last) execution. */
  preemptions = 0;
  /** Present exactly when the inner strategy can start over. */
  readonly restart?: () => void;

  constructor(readonly inner: Scheduler) {
    this.name = inner.name;
    const restart = inner.restart?.bind(inner);
    if (restart !== undefined) this.restart = restart;
  }

  beginExecution(): boolean {
    this.preemptions = 0;
    return this.inner.beginExecution();
  }

  pickThread(enabled: readonly number[], view: SchedulingView): number {
    const tid = this.inner.pickThread(enabled, view);
    if (isPreemption(enabled, view, tid)) this.preemptions += 1;
    return tid;
  }

  pickValue(n: number, kind: ChoiceKind): number {
    return this.inner.pickValue(n, kind);
  }

  afterStep(tid: number, footprint: readonly number[], enabledBefore: readonly number[]): void {
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
