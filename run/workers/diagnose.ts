/**
 * What a unit produced when the watchdog had to stop its worker: an execution that stopped making
 * progress. Stuck in the implementation (or the simulated kernel) during a concurrent step, it is a
 * finding, ENDLESS-STEP, with a token whose choices are the execution's up to there (its replay runs
 * the steps before it and names the step that never ends). Stuck in setup or teardown, it is still a
 * finding, without a recorded run. Stuck in the checker's own code, it is an internal error.
 */
import { expectedOf, classify } from '../known.ts';
import { defaultConfig } from '../run-config.ts';
import { encodeToken } from '../token.ts';
import type { RunSummary, UnitOutcome } from '../gate/outcome.ts';
import type { GateUnit } from '../gate/plan.ts';
import { CONCURRENT, PHASES, RUNNING, SETUP, type WatchState } from './watch.ts';

export const ENDLESS_STEP = 'ENDLESS-STEP';

export const ENDLESS_STEP_STATEMENT =
  'every step reaches its next scheduling point: no thread runs on forever without a kernel operation that can switch threads (checked by a watchdog on worker threads)';

export function stoppedByWatchdog(unit: GateUnit, state: WatchState, seconds: number): UnitOutcome {
  const base = { id: unit.id, index: unit.index, implementation: unit.impl, seconds };
  const stuck = `no progress for ${seconds} s in ${PHASES[state.phase] ?? 'an unknown phase'}`;
  if (unit.kind !== 'scenario' || state.phase !== RUNNING) {
    return { ...base, kind: 'error', unit: unit.id, message: `the watchdog stopped the worker: ${stuck} (in execution ${state.executions} of ${unit.id})` };
  }
  const where = state.stage === SETUP ? 'in setup (mempool_create or the prefix)' : state.stage === CONCURRENT ? `in the step after step ${state.steps}` : 'in teardown (the final mempool_destroy)';
  const result: RunSummary = {
    verdict: 'fail',
    executions: state.executions,
    failedExecutions: 1,
    failedProperties: [ENDLESS_STEP],
    unknownExecutions: 0,
    unknownProperties: [],
    complete: false,
    stoppedBy: 'failure',
    coverage: `stopped by the watchdog in execution ${state.executions}: ${stuck}, ${where}`,
  };
  const expected = expectedOf(unit.known);
  const config = { ...defaultConfig(unit.scenario, unit.impl, unit.profile), memory: unit.memory, maxSteps: state.maxSteps, ...(unit.properties === undefined ? {} : { properties: unit.properties }) };
  // Only a concurrent step can be replayed up to where it hangs (the replay stops before it).
  const replayable = state.stage === CONCURRENT && state.choices !== null;
  const token = replayable && state.choices !== null ? encodeToken({ config, choices: state.choices, outcome: { property: ENDLESS_STEP, steps: state.steps } }) : null;
  return {
    ...base,
    kind: 'scenario',
    scenario: unit.scenario.name,
    memory: unit.memory,
    timeouts: config.timeouts,
    strategy: 'stopped by the watchdog',
    result,
    classified: classify(expected, result),
    expected: [...expected],
    counterexamples: token === null ? [] : [{ property: ENDLESS_STEP, token, original: null }],
    covered: [],
  };
}
