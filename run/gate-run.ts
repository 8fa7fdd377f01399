/**
 * How the gate explores one scenario. Most get the best complete strategy (dpor). A scenario where the
 * implementation is known to livelock (a LIVELOCK known finding and `scenario.bound`: run/bound.ts) has
 * unbounded executions and cannot be explored completely, so it gets two runs: preemption-bounded dpor within its bound, where every execution ends and every property
 * is checked on every trace; and a lasso search (seeded random walks watched for a fair cycle that
 * returns the world to the same state), which shows the livelock as a lasso. The result says which,
 * and its coverage says what was covered.
 */
import { makeScheduler } from '../explorer/strategies/registry.ts';
import { PORT } from '../impl/registry.ts';
import { CoverageMonitor } from './coverage.ts';
import { monitorsOf } from './monitors.ts';
import { defaultConfig, programOf, type RunConfig } from './run-config.ts';
import { ExploreSession, type SessionResult, type SessionSettings } from './session.ts';
import { bestCompleteStrategy } from './strategy.ts';
import type { Scenario } from '../scenarios/spec.ts';
import type { KnownFinding } from '../properties/known-findings.ts';
import { boundFor, declaredBound } from './bound.ts';
import { LIVELOCK } from '../explorer/lasso.ts';
import type { PoolWorld } from '../scenarios/world.ts';
import { runInSlices, type RunOptions } from './slices.ts';
import type { RunControl } from './control.ts';
import type { MemoryModelName } from '../kernel/rt/memory.ts';
import type { Profile } from '../model/profile.ts';
import type { PropertySelection } from './monitors.ts';

export interface GateRun {
  readonly config: RunConfig;
  readonly strategy: string;
  readonly result: SessionResult;
  /** Input classes the explored executions covered (run/coverage.ts). */
  readonly covered?: readonly string[];
}

/** Random walks the lasso search may take (the seed's livelock needs a few hundred at most). */
const LASSO_WALKS = 100_000;

/** Whether a failure is excused on its execution (a known finding whose cause holds: run/known.ts). */
export type Explain = NonNullable<SessionSettings['explain']>;

/** What the gate checks: an implementation, against a profile (default: the port, against v4.1). */
export interface GateTarget {
  readonly impl: string;
  readonly profile: Profile;
  /** Which properties (absent: every property of the profile). */
  readonly properties?: PropertySelection;
  /** Its known findings on the scenario (absent: its project file's); a LIVELOCK among them bounds the search. */
  readonly known?: readonly KnownFinding[];
  /** Within the scenario's declared bound whatever the known findings (run/gate/plan.ts GatePlanOptions.bounded). */
  readonly bounded?: boolean;
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
  const config: RunConfig = { ...defaultConfig(scenario, target.impl, target.profile), memory, ...(target.properties === undefined ? {} : { properties: target.properties }) };
  const excuse = explain === undefined ? {} : { explain };
  const bound = target.bounded === true ? declaredBound(scenario, memory) : boundFor(scenario, memory, target.impl, target.known);
  if (bound !== null) return runBounded(config, bound.maxPreemptions, control, budget, outer, excuse);
  const strategy = bestCompleteStrategy();
  const coverage = new CoverageMonitor(scenario);
  const session = new ExploreSession(programOf(config), makeScheduler(strategy, { seed: 1 }), [...monitorsOf(config), coverage], {
    maxExecutions: Number.MAX_SAFE_INTEGER,
    maxSteps: config.maxSteps,
    all: true,
    searchAfterFailure: 0,
    ...excuse,
  });
  const result = await runInSlices(session, control, { timeLimit: budget, task: `${scenario.name} ${memory} (${strategy})`, ...(outer ? { outer } : {}) });
  return { config, strategy, result: withUnboundedHint(result, scenario, memory, target), covered: [...coverage.covered] };
}

/**
 * A scenario where the seed livelocks, explored completely for an implementation with no such known
 * finding, and cut short: its executions may be unbounded too. Says where a complete verdict comes from.
 */
function withUnboundedHint(result: SessionResult, scenario: Scenario, memory: MemoryModelName, target: GateTarget): SessionResult {
  if (scenario.bound === undefined || result.complete || result.stoppedBy === 'interrupted') return result;
  // Under weak memory the ping-pong's stores pile up in the histories a late reader may still read:
  // the stateful search ends only with a window on them (a bound, like the gate's preemption bound).
  const window = memory === 'weak' ? ' --window 2' : '';
  const hint =
    `its executions may be unbounded (the seed's grow/shrink ping-pong). For a complete verdict: the stateful search, ` +
    `\`mempool-check explore ${scenario.name} --impl ${target.impl} --profile ${target.profile} --memory ${memory}${window} --strategy stateful --all\` ` +
    `(a C implementation; ${memory === 'weak' ? 'complete within that window of readable stores; ' : ''}seconds for resize3, far longer for quad4), ` +
    `or a LIVELOCK known finding on ${scenario.name} in the project file, with which the gate searches within a preemption bound and looks for the lasso apart`;
  return { ...result, coverage: `${result.coverage}; ${hint}` };
}


async function runBounded(config: RunConfig, k: number, control: RunControl, budget: number, outer: GateProgress | undefined, excuse: Pick<SessionSettings, 'explain'>): Promise<GateRun> {
  const name = config.scenario.name;
  const coverage = new CoverageMonitor(config.scenario);
  const bounded = new ExploreSession(programOf(config), makeScheduler('bounded-dpor', { seed: 1, maxPreemptions: k }), [...monitorsOf(config), coverage], {
    maxExecutions: Number.MAX_SAFE_INTEGER,
    maxSteps: config.maxSteps,
    all: true,
    searchAfterFailure: 0,
    ...excuse,
  });
  const within = await runInSlices(bounded, control, { timeLimit: budget, task: `${name} ${config.memory} (bounded-dpor ≤${k})`, ...(outer ? { outer } : {}) });
  const walks = control.stopped ? null : await runInSlices(lassoSearch(config, 1, excuse), control, { timeLimit: budget, task: `${name} ${config.memory} (lasso search)`, ...(outer ? { outer } : {}) });
  const found = walks?.bestByProperty.get(LIVELOCK);
  // Failures the walks met on the way are failures too (the walks are executions of the same program).
  const bestByProperty = new Map(walks?.bestByProperty ?? []);
  for (const [p, b] of within.bestByProperty) bestByProperty.set(p, b);
  if (found !== undefined) bestByProperty.set(LIVELOCK, found);
  const bestUnexplained = new Map(walks?.bestUnexplained ?? []);
  for (const [p, b] of within.bestUnexplained) bestUnexplained.set(p, b);
  const explained = new Set([...within.explainedProperties, ...(walks?.explainedProperties ?? [])]);
  const failed = new Set([...within.failedProperties, ...(walks?.failedProperties ?? [])]);
  // Complete in the only sense available: the bounded search exhausted its bound, and the lasso search
  // found the livelock it was run for. The coverage line says exactly that.
  const complete = within.stoppedBy === 'done' && within.cutExecutions === 0 && found !== undefined;
  const lassoText =
    walks === null
      ? 'the lasso search did not run (interrupted)'
      : found?.lasso
        ? `a fair lasso (a prefix of ${found.lasso.prefixSteps} steps, a cycle of ${found.lasso.cycleSteps}) found in ${walks.executions} random walks`
        : `no fair lasso in ${walks.executions} random walks`;
  const unknownExecutions = within.unknownExecutions + (walks?.unknownExecutions ?? 0);
  const result: SessionResult = {
    verdict: failed.size > 0 ? 'fail' : complete && unknownExecutions === 0 ? 'pass' : 'incomplete',
    executions: within.executions + (walks?.executions ?? 0),
    failedExecutions: within.failedExecutions + (walks?.failedExecutions ?? 0),
    failedProperties: [...failed].sort(),
    cutExecutions: within.cutExecutions,
    unknownExecutions,
    unknownProperties: [...new Set([...within.unknownProperties, ...(walks?.unknownProperties ?? [])])].sort(),
    complete,
    stoppedBy: within.stoppedBy !== 'done' ? within.stoppedBy : found !== undefined || walks === null ? 'done' : walks.stoppedBy,
    coverage: `${within.coverage}; ${lassoText}`,
    maxSteps: Math.max(within.maxSteps, walks?.maxSteps ?? 0),
    best: within.best ?? found ?? walks?.best ?? null,
    bestByProperty,
    unexplainedProperties: [...bestUnexplained.keys()].sort(),
    bestUnexplained,
    explainedProperties: [...explained].sort(),
  };
  return { config, strategy: `bounded-dpor≤${k}${walks === null ? '' : '+lasso'}`, result, covered: [...coverage.covered] };
}

/** Seeded random walks, each watched for a fair cycle as it runs (explorer/lasso-analysis.ts), until one confirms. */
export function lassoSearch(config: RunConfig, seed = 1, excuse: Pick<SessionSettings, 'explain'> = {}): ExploreSession<PoolWorld> {
  return new ExploreSession(programOf(config), makeScheduler('random', { seed }), monitorsOf(config), {
    maxExecutions: LASSO_WALKS,
    maxSteps: config.maxSteps,
    all: false,
    searchAfterFailure: 0,
    target: LIVELOCK,
    lasso: 'online',
    ...excuse,
  });
}
