/**
 * How the gate explores one scenario. Most get the best complete strategy (dpor). A scenario with
 * unbounded executions (a known livelock, `scenario.bound`) cannot be explored completely, so it gets
 * two runs: preemption-bounded dpor within its bound, where every execution ends and every property
 * is checked on every trace; and a dpor search for a run longer than its livelock length, which shows
 * the livelock. The result says which, and its coverage says what was covered.
 */
import { makeScheduler } from '../explorer/strategies/registry.ts';
import { PORT } from '../impl/registry.ts';
import { monitorsOf } from './monitors.ts';
import { defaultConfig, programOf, type RunConfig } from './run-config.ts';
import { ExploreSession, type SessionResult, type SessionSettings } from './session.ts';
import { bestCompleteStrategy } from './strategy.ts';
import type { ExplorationBound, Scenario } from '../scenarios/spec.ts';
import { STEP_LIMIT } from '../explorer/execution.ts';
import { runInSlices, type RunOptions } from './slices.ts';
import type { RunControl } from './control.ts';
import type { MemoryModelName } from '../kernel/rt/memory.ts';
import type { Profile } from '../model/profile.ts';

export interface GateRun {
  readonly config: RunConfig;
  readonly strategy: string;
  readonly result: SessionResult;
  /** The scenario's livelock is shown by another scenario: its STEP-LIMIT finding is not expected here. */
  readonly livelockElsewhere?: boolean;
}

/** Whether a failure is excused on its execution (a known finding whose cause holds: run/known.ts). */
export type Explain = NonNullable<SessionSettings['explain']>;

/** What the gate checks: an implementation, against a profile (default: the port, against v4.1). */
export interface GateTarget {
  readonly impl: string;
  readonly profile: Profile;
}

export const PORT_TARGET: GateTarget = { impl: PORT.name, profile: 'v4.1' };

/** Where the row sits among the gate's rows (for progress). */
export type GateProgress = RunOptions['outer'];

export async function runGateScenario(
  scenario: Scenario,
  memory: MemoryModelName,
  control: RunControl,
  budget: number,
  outer?: GateProgress,
  target: GateTarget = PORT_TARGET,
  explain?: Explain,
): Promise<GateRun> {
  const config: RunConfig = { ...defaultConfig(scenario, target.impl, target.profile), memory };
  const excuse = explain === undefined ? {} : { explain };
  if (scenario.bound !== undefined) return runBounded(config, scenario.bound, control, budget, outer, excuse);
  const strategy = bestCompleteStrategy();
  const session = new ExploreSession(programOf(config), makeScheduler(strategy, { seed: 1 }), monitorsOf(config), {
    maxExecutions: Number.MAX_SAFE_INTEGER,
    maxSteps: config.maxSteps,
    all: true,
    searchAfterFailure: 0,
    ...excuse,
  });
  const result = await runInSlices(session, control, { timeLimit: budget, task: `${scenario.name} ${memory} (${strategy})`, ...(outer ? { outer } : {}) });
  return { config, strategy, result };
}


async function runBounded(config: RunConfig, bound: ExplorationBound, control: RunControl, budget: number, outer: GateProgress | undefined, excuse: Pick<SessionSettings, 'explain'>): Promise<GateRun> {
  const name = config.scenario.name;
  const k = config.memory === 'weak' ? bound.weakMaxPreemptions ?? bound.maxPreemptions : bound.maxPreemptions;
  const bounded = new ExploreSession(programOf(config), makeScheduler('bounded-dpor', { seed: 1, maxPreemptions: k }), monitorsOf(config), {
    maxExecutions: Number.MAX_SAFE_INTEGER,
    maxSteps: config.maxSteps,
    all: true,
    searchAfterFailure: 0,
    ...excuse,
  });
  const within = await runInSlices(bounded, control, { timeLimit: budget, task: `${name} ${config.memory} (bounded-dpor ≤${k})`, ...(outer ? { outer } : {}) });
  // A livelock is a matter of scheduling, not of memory: the SC run shows it.
  const steps = config.memory === 'weak' ? undefined : bound.livelockSteps;
  const livelock = steps === undefined || control.stopped ? null : await searchLivelock({ ...config, maxSteps: steps }, control, budget, outer, excuse);
  const found = livelock?.bestByProperty.get(STEP_LIMIT);
  // Whatever else the livelock search met is a finding too: its runs go beyond the preemption bound.
  const bestByProperty = new Map([...(livelock?.bestByProperty ?? []), ...within.bestByProperty]);
  if (found !== undefined) bestByProperty.set(STEP_LIMIT, found);
  const bestUnexplained = new Map([...(livelock?.bestUnexplained ?? []), ...within.bestUnexplained]);
  const livelockUnexplained = livelock?.bestUnexplained.get(STEP_LIMIT);
  if (livelockUnexplained !== undefined) bestUnexplained.set(STEP_LIMIT, livelockUnexplained);
  const explained = new Set([...within.explainedProperties, ...(livelock?.explainedProperties ?? [])]);
  const failed = new Set([...within.failedProperties, ...(livelock?.failedProperties ?? [])]);
  // A livelock search that explored every execution without a run over its step limit shows there is
  // no livelock (an implementation without the seed's): every execution ends within that many steps,
  // so that search explored the scenario whole, every property checked on every trace.
  const noLivelock = livelock !== null && found === undefined && livelock.complete;
  // Complete in the only sense available: the bounded search exhausted its bound, and the livelock
  // search (if any) did what it was for: found the livelock, or showed there is none. The coverage line
  // says exactly that.
  const complete = within.stoppedBy === 'done' && (livelock === null || found !== undefined || noLivelock);
  const livelockText =
    livelock === null && steps !== undefined ? 'the livelock search did not run (interrupted)' :
    livelock === null ? `the livelock (shown under sc${bound.livelockSteps === undefined ? ' on another scenario' : ''}): ${bound.why}` :
    found ? `a run over ${steps} steps found after ${livelock.executions} dpor executions` :
    noLivelock ? `no livelock: every run ends within ${steps} steps (dpor, ${livelock.executions} executions: every trace)` : `a run over ${steps} steps not found`;
  const result: SessionResult = {
    verdict: failed.size > 0 ? 'fail' : complete && within.unknownExecutions === 0 ? 'pass' : 'incomplete',
    executions: within.executions + (livelock?.executions ?? 0),
    failedExecutions: within.failedExecutions + (livelock?.failedExecutions ?? 0),
    failedProperties: [...failed].sort(),
    unknownExecutions: within.unknownExecutions + (livelock?.unknownExecutions ?? 0),
    unknownProperties: [...new Set([...within.unknownProperties, ...(livelock?.unknownProperties ?? [])])].sort(),
    complete,
    stoppedBy: within.stoppedBy !== 'done' ? within.stoppedBy : livelock === null || livelock.stoppedBy === 'failure' ? 'done' : livelock.stoppedBy,
    coverage: `${within.coverage}; ${livelockText}`,
    maxSteps: Math.max(within.maxSteps, livelock?.maxSteps ?? 0),
    best: within.best ?? found ?? null,
    bestByProperty,
    unexplainedProperties: [...bestUnexplained.keys()].sort(),
    bestUnexplained,
    explainedProperties: [...explained].sort(),
  };
  const shown = found ? { ...config, maxSteps: steps ?? config.maxSteps } : config;
  return { config: shown, strategy: `bounded-dpor≤${k}${livelock ? '+dpor' : ''}`, result, livelockElsewhere: steps === undefined };
}

function searchLivelock(config: RunConfig, control: RunControl, budget: number, outer: GateProgress | undefined, excuse: Pick<SessionSettings, 'explain'>): Promise<SessionResult> {
  const session = new ExploreSession(programOf(config), makeScheduler('dpor', { seed: 1 }), monitorsOf(config), {
    maxExecutions: Number.MAX_SAFE_INTEGER,
    maxSteps: config.maxSteps,
    all: false,
    searchAfterFailure: 0,
    target: STEP_LIMIT,
    ...excuse,
  });
  return runInSlices(session, control, { timeLimit: budget, task: `${config.scenario.name} (livelock search)`, ...(outer ? { outer } : {}) });
}
