/**
 * Runs one unit of the gate (run/gate/plan.ts) and returns its outcome as plain data: in the main
 * thread, or in a worker thread (run/workers/) where a watchdog can stop an execution that never
 * yields. Counterexamples are shrunk here, where the exploration ran, and leave as replay tokens.
 */
import { STEP_LIMIT } from '../../explorer/execution.ts';
import { implNamed } from '../../impl/registry.ts';
import { runSequentialCheck } from '../../sequential/check.ts';
import { makeCounterexample } from '../counterexample.ts';
import { fewerPreemptions } from '../fewest.ts';
import { runGateScenario, type GateRun } from '../gate-run.ts';
import { classify, expectedFor, type Expected } from '../known.ts';
import { defaultMonitors } from '../monitors.ts';
import { detectRaces } from '../races.ts';
import { defaultConfig } from '../run-config.ts';
import type { CommandIo } from '../io.ts';
import type { SessionResult } from '../session.ts';
import type { CounterexampleRef, RunSummary, ScenarioOutcome, UnitOutcome } from './outcome.ts';
import type { GateUnit } from './plan.ts';
import { beat, SEQUENTIAL, setPhase, SHRINKING, watchMonitors } from '../workers/watch.ts';

/** Steps per run in the race pass: a race shows within a run's first steps; the livelock's long runs (resize3) only repeat them. */
const RACE_MAX_STEPS = 100;

export interface UnitOptions {
  /** Show progress lines on stderr (the command's --progress). */
  readonly progress: boolean;
}

export async function runUnit(unit: GateUnit, io: CommandIo, options: UnitOptions): Promise<UnitOutcome> {
  const now = io.now ?? ((): number => performance.now());
  const started = now();
  const base = { id: unit.id, index: unit.index, implementation: unit.impl };
  const seconds = (): number => Math.round(now() - started) / 1000;
  switch (unit.kind) {
    case 'sequential': {
      let interrupted = false;
      const unsubscribe = io.onInterrupt?.(() => (interrupted = true));
      try {
        const phase = setPhase(SEQUENTIAL);
        const report = runSequentialCheck({ impl: implNamed(unit.impl), onSequence: beat });
        setPhase(phase);
        return { ...base, kind: 'sequential', report, interrupted, seconds: seconds() };
      } finally {
        unsubscribe?.();
      }
    }
    case 'races': {
      const config = defaultConfig(unit.scenario, unit.impl);
      const report = detectRaces({ ...config, maxSteps: Math.min(config.maxSteps, RACE_MAX_STEPS) }, unit.budget);
      const run = { scenario: unit.scenario.name, executions: report.executions, complete: report.complete, findings: report.findings };
      return { ...base, kind: 'races', budget: unit.budget, run, seconds: seconds() };
    }
    case 'scenario': {
      const run = await runGateScenario(unit.scenario, unit.memory, io, unit.timeLimit, options.progress, unit.impl);
      return { ...scenarioOutcome(run, expectedOf(unit, run)), ...base, seconds: seconds() };
    }
  }
}

/** Drops the STEP-LIMIT expectation of a scenario whose livelock another scenario shows. */
function expectedOf(unit: Extract<GateUnit, { kind: 'scenario' }>, run: GateRun): Expected {
  const expected = expectedFor(unit.scenario.name, unit.impl, unit.memory);
  return run.livelockElsewhere === true ? new Map([...expected].filter(([p]) => p !== STEP_LIMIT)) : expected;
}

export function summary(r: SessionResult): RunSummary {
  const { verdict, executions, failedExecutions, failedProperties, complete, stoppedBy, coverage } = r;
  return { verdict, executions, failedExecutions, failedProperties, complete, stoppedBy, coverage };
}

function scenarioOutcome(run: GateRun, expected: Expected): Omit<ScenarioOutcome, 'id' | 'index' | 'implementation' | 'seconds'> {
  const classified = classify(expected, run.result);
  const shown = [...classified.known, ...classified.unexpected];
  return {
    kind: 'scenario',
    scenario: run.config.scenario.name,
    memory: run.config.memory,
    timeouts: run.config.timeouts,
    strategy: run.strategy,
    result: summary(run.result),
    classified,
    expected: [...expected],
    counterexamples: shown.flatMap((p) => counterexampleRef(run, p) ?? []),
  };
}

/** The failing execution of `property` with the fewest preemptions, shrunk, as a token. */
function counterexampleRef(run: GateRun, property: string): CounterexampleRef | null {
  const found = run.result.bestByProperty.get(property);
  if (found === undefined) return null;
  // Shrinking runs executions outside any exploration: the watchdog sees their heartbeats (watchMonitors).
  const monitors = watchMonitors(defaultMonitors());
  const best = fewerPreemptions(run.config, monitors, found);
  const phase = setPhase(SHRINKING);
  const cx = makeCounterexample(run.config, best.choices, property, { monitors, shrink: true });
  setPhase(phase);
  return { property, token: cx.token, original: cx.original };
}
