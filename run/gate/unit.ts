/**
 * Runs one unit of the gate (run/gate/plan.ts) and returns its outcome as plain data: in the main
 * thread, or in a worker thread (run/workers/) where a watchdog can stop an execution that never
 * yields. Counterexamples are shrunk here, where the exploration ran, and leave as replay tokens.
 */
import { implNamed } from '../../impl/registry.ts';
import { runSequentialCheckAsync } from '../../sequential/check.ts';
import { makeCounterexample } from '../counterexample.ts';
import { fewerPreemptions } from '../fewest.ts';
import { boundFor } from '../bound.ts';
import { runGateScenario, type GateRun } from '../gate-run.ts';
import { classify, expectedOf as expectedOfFindings, explainer, type Expected } from '../known.ts';
import { monitorsOf } from '../monitors.ts';
import { detectRacesAsync } from '../races.ts';
import { defaultConfig, defaultProfile, programOf } from '../run-config.ts';
import { ExploreSession } from '../session.ts';
import { completeScheduler } from '../strategy.ts';
import { makeScheduler } from '../../explorer/strategies/registry.ts';
import type { RunControl } from '../control.ts';
import { runInSlices } from '../slices.ts';
import type { SessionResult } from '../session.ts';
import type { CounterexampleRef, RunSummary, ScenarioOutcome, UnitOutcome } from './outcome.ts';
import type { GateUnit } from './plan.ts';
import { beat, SEQUENTIAL, setPhase, SHRINKING, watchMonitors } from '../workers/watch.ts';

/** Steps per run in the race pass: a race shows within a run's first steps; the livelock's long runs (resize3) only repeat them. */
const RACE_MAX_STEPS = 100;

/** Where the unit sits among the command's units (for progress). */
export interface UnitProgress {
  readonly done: number;
  readonly total: number;
  readonly unit: string;
}

export async function runUnit(given: GateUnit, control: RunControl, outer?: UnitProgress): Promise<UnitOutcome> {
  const unit = withOwnPrograms(given);
  const started = control.now();
  const base = { id: unit.id, index: unit.index, implementation: unit.impl };
  const seconds = (): number => Math.round(control.now() - started) / 1000;
  const pace = {
    sliceOver: () => control.sliceOver(),
    breathe: (executions: number) => control.breathe({ ...(outer ?? { done: 0, total: null, unit: '' }), task: unit.id, work: executions, workUnit: 'executions' }),
    get stopped() {
      return control.stopped;
    },
  };
  switch (unit.kind) {
    case 'sequential':
    case 'mutant-sequential': {
      const phase = setPhase(SEQUENTIAL);
      const report = await runSequentialCheckAsync(
        { impl: implNamed(unit.impl), ...(unit.kind === 'mutant-sequential' ? { runs: unit.runs } : unit.profile === undefined ? {} : { profile: unit.profile }) },
        {
          between: async (q) => {
            beat();
            await control.maybeBreathe(() => ({ ...(outer ?? { done: 0, total: null, unit: '' }), task: unit.id, work: q.sequences, workUnit: 'sequences' }));
          },
          stopped: () => control.stopped,
        },
      );
      setPhase(phase);
      if (unit.kind === 'sequential') return { ...base, kind: 'sequential', report, interrupted: report.interrupted === true, seconds: seconds() };
      const failed = report.verdict === 'fail' ? [SEQUENTIAL_PROPERTY] : [];
      return { ...base, kind: 'kills', scenario: null, memory: null, failed, executions: report.sequences, complete: report.interrupted !== true, seconds: seconds() };
    }
    case 'races': {
      const config = defaultConfig(unit.scenario, unit.impl);
      const report = await detectRacesAsync({ ...config, maxSteps: Math.min(config.maxSteps, RACE_MAX_STEPS) }, unit.budget, pace, unit.knownRaces);
      const run = { scenario: unit.scenario.name, executions: report.executions, complete: report.complete, findings: report.findings };
      return { ...base, kind: 'races', budget: unit.budget, run, seconds: seconds() };
    }
    case 'mutant': {
      const r = await runInSlices(mutantSession(unit), control, { timeLimit: null, task: unit.id, ...(outer ? { outer } : {}) });
      return { ...base, kind: 'kills', scenario: unit.scenario.name, memory: unit.memory, failed: [...r.failedProperties], executions: r.executions, complete: r.complete, seconds: seconds() };
    }
    case 'scenario': {
      // A known finding excuses its property only where its cause holds on the failing execution.
      const explain = explainer(unit.scenario, unit.known);
      const target = {
        impl: unit.impl,
        profile: unit.profile ?? defaultProfile(unit.impl),
        known: unit.known,
        ...(unit.properties === undefined ? {} : { properties: unit.properties }),
        ...(unit.bounded === true ? { bounded: true } : {}),
      };
      const run = await runGateScenario(unit.scenario, unit.memory, control, unit.timeLimit, outer, target, explain);
      return { ...scenarioOutcome(run, expectedOfFindings(unit.known)), ...base, seconds: seconds() };
    }
  }
}

/**
 * The unit with a scenario object of its own. Programs are cached per scenario object and keep what
 * their runs learned about where steps may merge (run/run-config.ts programOf); a unit that inherited
 * another unit's program would start with fewer restarts, so a run cut by a budget or a bound could
 * end differently depending on which units ran before it in the same thread. A worker gets a copy
 * with every message anyway; this makes the main thread (`--jobs 0`) the same.
 */
function withOwnPrograms(unit: GateUnit): GateUnit {
  return unit.kind === 'scenario' || unit.kind === 'races' || unit.kind === 'mutant' ? { ...unit, scenario: { ...unit.scenario } } : unit;
}

/** The sequential check as a killer of mutants. */
export const SEQUENTIAL_PROPERTY = 'SEQUENTIAL';

/** Every failing property within the budget, with the gate's strategy (within the scenario's bound, if it declares one). */
function mutantSession(unit: Extract<GateUnit, { kind: 'mutant' }>): ExploreSession<unknown> {
  const config = { ...defaultConfig(unit.scenario, unit.impl), memory: unit.memory };
  const bound = boundFor(unit.scenario, unit.memory, unit.impl);
  const scheduler = bound === null ? completeScheduler() : makeScheduler('bounded-dpor', { seed: 1, maxPreemptions: bound.maxPreemptions });
  return new ExploreSession(programOf(config), scheduler, monitorsOf(config), { maxExecutions: unit.budget, maxSteps: config.maxSteps, all: true, searchAfterFailure: 0 });
}

/** The result without its live parts; anything else a session reports (now or later) passes on. */
export function summary(r: SessionResult): RunSummary {
  const { best: _best, bestByProperty: _byProperty, bestUnexplained: _unexplained, maxSteps: _maxSteps, ...rest } = r;
  return rest;
}

/** A scenario's row: the result classified against its known findings, with its counterexamples (shrunk here unless given). */
export function scenarioOutcome(run: GateRun, expected: Expected, given?: readonly CounterexampleRef[]): Omit<ScenarioOutcome, 'id' | 'index' | 'implementation' | 'seconds'> {
  const classified = classify(expected, run.result);
  return {
    kind: 'scenario',
    scenario: run.config.scenario.name,
    memory: run.config.memory,
    timeouts: run.config.timeouts,
    strategy: run.strategy,
    result: summary(run.result),
    classified,
    expected: [...expected],
    counterexamples: given ?? [
      ...classified.known.flatMap((p) => counterexampleRef(run, p, false) ?? []),
      // An unexpected failure is shown by an execution no known cause explains.
      ...classified.unexpected.flatMap((p) => counterexampleRef(run, p, true) ?? []),
    ],
    covered: run.covered ?? [],
  };
}

/** The failing execution of `property` with the fewest preemptions (among the unexplained ones), shrunk, as a token. */
function counterexampleRef(run: GateRun, property: string, unexplained: boolean): CounterexampleRef | null {
  const found = (unexplained ? run.result.bestUnexplained : run.result.bestByProperty).get(property);
  if (found === undefined) return null;
  const monitors = monitorsOf(run.config);
  const best = fewerPreemptions(run.config, monitors, found);
  // Shrinking runs executions outside any exploration: the watchdog sees their heartbeats (watchMonitors).
  const phase = setPhase(SHRINKING);
  const cx = makeCounterexample(run.config, best.choices, property, { monitors: watchMonitors(monitors), shrink: true });
  setPhase(phase);
  return { property, token: cx.token, original: cx.original, ...(unexplained ? { unexplained: true as const } : {}) };
}
