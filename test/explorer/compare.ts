/**
 * Run one scenario with a strategy and collect what a comparison needs: verdict, failed properties,
 * the set of final states, the set of traces, the number of executions.
 */
import { explore, type ExplorationResult } from '../../explorer/explore.ts';
import type { Scheduler } from '../../explorer/scheduler.ts';
import { PORT } from '../../impl/registry.ts';
import { monitorsFor } from '../../properties/registry.ts';
import { scenarioProgram, type KernelOverrides } from '../../scenarios/program.ts';
import type { Scenario } from '../../scenarios/spec.ts';
import { finalState } from './final-state.ts';
import { TraceRecorder } from './traces.ts';

export interface Outcome {
  readonly result: ExplorationResult;
  readonly states: Set<string>;
  readonly traces: Set<string>;
}

/** Steps per execution in comparisons: longer runs are livelock-like (grow/shrink ping-pong) and are cut there. */
export const COMPARE_MAX_STEPS = 300;

export function outcome(scenario: Scenario, scheduler: Scheduler, maxExecutions: number, monitors = true, overrides: KernelOverrides = {}): Outcome {
  const states = new Set<string>();
  const recorder = new TraceRecorder(scheduler);
  const result = explore(
    scenarioProgram(scenario, PORT, overrides),
    recorder,
    monitors ? monitorsFor() : [],
    { maxExecutions, stopOnFailure: false, keepFailures: 0 },
    { maxSteps: COMPARE_MAX_STEPS },
    (e) => states.add(finalState(e)),
  );
  return { result, states, traces: recorder.traces };
}

/** What must agree between a reduced strategy and dfs, as one comparable value. */
export function summary(o: Outcome): { verdict: string; failed: readonly string[]; states: string[]; traces: string[] } {
  return { verdict: o.result.verdict, failed: o.result.failedProperties, states: [...o.states].sort(), traces: [...o.traces].sort() };
}
