/**
 * The self-check's comparison: explore a random kernel program (kernel-programs.ts) with a strategy
 * and a step granularity, and collect what must agree across strategies and granularities: the
 * verdict, the set of outcomes, and (for one granularity) the set of Mazurkiewicz traces.
 */
import { explore } from '../../explorer/explore.ts';
import type { Scheduler } from '../../explorer/scheduler.ts';
import { BoundedScheduler } from '../../explorer/strategies/bounded.ts';
import { DfsScheduler } from '../../explorer/strategies/dfs.ts';
import { DporScheduler } from '../../explorer/strategies/dpor.ts';
import type { OpKind } from '../../kernel/rt/ops.ts';
import { kernelProgram, outcomeOf, type KernelProgram } from './kernel-programs.ts';
import { TraceRecorder } from './traces.ts';

/** Steps per execution: the programs are a few instructions per thread; longer runs are loops. */
export const SELF_CHECK_MAX_STEPS = 200;

export interface Explored {
  readonly complete: boolean;
  readonly executions: number;
  readonly outcomes: ReadonlySet<string>;
  readonly traces: ReadonlySet<string>;
}

export function explored(p: KernelProgram, scheduler: Scheduler, budget: number, fine = false): Explored {
  const outcomes = new Set<string>();
  const traces = new Set<string>();
  const recorder = new TraceRecorder(scheduler);
  const onRestart = (): void => {
    outcomes.clear();
    traces.clear();
  };
  const r = explore(
    kernelProgram(p, fine),
    recorder,
    [],
    { maxExecutions: budget, stopOnFailure: false, keepFailures: 0, onRestart },
    { maxSteps: SELF_CHECK_MAX_STEPS },
    (e) => {
      outcomes.add(outcomeOf(e));
      // A run cut at the step limit ends wherever that was: its trace is a prefix that depends on how
      // far independent threads got, so only whole runs' traces compare.
      if (e.end !== 'step-limit' && e.end !== 'livelock') traces.add(recorder.sequence[recorder.sequence.length - 1] as string);
    },
  );
  return { complete: r.complete, executions: r.executions, outcomes, traces };
}

export const dfs = (): Scheduler => new DfsScheduler();
export const dpor = (): Scheduler => new DporScheduler();
/** Bounded partial-order reduction with a bound no run of these programs reaches: complete. */
export const boundedDpor = (): Scheduler => new BoundedScheduler(SELF_CHECK_MAX_STEPS, true);

export const sorted = (s: ReadonlySet<string>): string[] => [...s].sort();

/** The operation kinds one execution of the program runs (every thread, setup included). */
export function kindsOf(p: KernelProgram, scheduler: Scheduler, budget: number): Set<OpKind> {
  const kinds = new Set<OpKind>();
  explore(kernelProgram(p), scheduler, [], { maxExecutions: budget, stopOnFailure: false, keepFailures: 0 }, {
    maxSteps: SELF_CHECK_MAX_STEPS,
    tracer: { onOp: (_k, _t, op) => void kinds.add(op.kind) },
  });
  return kinds;
}
