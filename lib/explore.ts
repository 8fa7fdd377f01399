/** `explore` as a function: every interleaving of one scenario on one implementation, within bounds. */
import { makeScheduler } from '../explorer/strategies/registry.ts';
import type { Profile } from '../model/profile.ts';
import type { Scenario } from '../scenarios/spec.ts';
import { scenarioFrom } from '../config/scenario-file.ts';
import { makeCounterexample } from '../run/counterexample.ts';
import { fewerPreemptions } from '../run/fewest.ts';
import { monitorsOf, selectionOf, type PropertySelection } from '../run/monitors.ts';
import { defaultConfig, programOf, type RunConfig } from '../run/run-config.ts';
import { ExploreSession, type SessionResult, type StoppedBy } from '../run/session.ts';
import { withControl } from '../run/control.ts';
import { runInSlices } from '../run/slices.ts';
import { boundFor } from '../run/bound.ts';
import { explainer } from '../run/known.ts';
import type { KnownFinding } from '../properties/known-findings.ts';
import type { HeapReading } from '../run/heap.ts';
import { bestCompleteStrategy } from '../run/strategy.ts';
import { implName, type ImplSpec } from './impl.ts';
import { diagnosed } from './nondeterminism.ts';
import { counterexampleResult, type CounterexampleResult, type Verdict } from './result.ts';

export interface ExploreOptions extends PropertySelection {
  /** What it is checked against: contract, v4.1 or v6.17 (default: the profile the implementation claims, else the contract). */
  readonly profile?: Profile;
  /** Memory model (default sc). */
  readonly memory?: 'sc' | 'weak';
  /** dpor (default), dfs, bounded, bounded-dpor, pct, random or stateful (C implementations). */
  readonly strategy?: string;
  readonly maxPreemptions?: number;
  readonly maxExecutions?: number;
  readonly maxSteps?: number;
  /** Stop after this many milliseconds (the result is then incomplete). */
  readonly timeLimitMs?: number;
  /**
   * How full the heap is (run/heap.ts), for a caller that measures it itself; default: V8's own
   * statistics after each major collection. With less than a fifth of the limit left (at least
   * 16 MB) the search stops (`stoppedBy` 'memory') with what it found, instead of V8 aborting the
   * process.
   */
  readonly heap?: () => HeapReading;
  /** Shrink the counterexample's schedule (default true). */
  readonly shrink?: boolean;
  /**
   * Findings to accept on this scenario: a failure of a listed property is excused only on an
   * execution where the finding's cause holds (properties/causes.ts; no cause: every failure of it).
   * With any, every execution is explored (a later one may fail in a way the cause does not explain).
   */
  readonly known?: readonly KnownFinding[];
}

export interface ExploreResult {
  readonly implementation: string;
  readonly scenario: string;
  readonly profile: Profile;
  readonly memory: 'sc' | 'weak';
  readonly strategy: string;
  readonly verdict: Verdict;
  readonly executions: number;
  readonly complete: boolean;
  /** Why the search ended: done, failure, executions, time, memory (the heap was nearly full) or interrupted. */
  readonly stoppedBy: StoppedBy;
  readonly coverage: string;
  readonly failedProperties: readonly string[];
  /** Executions a property could not decide (never a pass), which properties, and why the first was undecided (as `--json`). */
  readonly unknownExecutions: number;
  readonly unknownProperties: readonly string[];
  readonly firstUnknown: { readonly property: string; readonly message: string } | null;
  /** Failed properties with a failure no `known` finding's cause explains (all failed ones without `known`). */
  readonly unexplainedProperties: readonly string[];
  /** The first unexplained failure's counterexample (with `known`), else the first failure's. */
  readonly counterexample: CounterexampleResult | null;
}

export async function explore(impl: ImplSpec, scenario: string | Scenario, options: ExploreOptions = {}): Promise<ExploreResult> {
  const name = await implName(impl);
  return diagnosed(name, () => exploreLoaded(name, scenario, options));
}

async function exploreLoaded(name: string, scenario: string | Scenario, options: ExploreOptions): Promise<ExploreResult> {
  const s = typeof scenario === 'string' ? scenarioFrom(scenario) : scenario;
  const base = defaultConfig(s, name, options.profile);
  const selected = options.properties === undefined && options.skip === undefined ? {} : { properties: selectionOf(options) };
  const config: RunConfig = { ...base, ...selected, memory: options.memory ?? 'sc', maxSteps: options.maxSteps ?? base.maxSteps };
  // Where the implementation is known to livelock (its executions are unbounded) the scenario is
  // explored within its bound unless a strategy is chosen, as on the command line (run/bound.ts).
  const bound = options.strategy === undefined ? boundFor(s, config.memory, name, options.known) : null;
  const strategy = options.strategy ?? (bound === null ? bestCompleteStrategy() : 'bounded-dpor');
  const k = options.maxPreemptions ?? bound?.maxPreemptions;
  const monitors = (): ReturnType<typeof monitorsOf> => monitorsOf(config);
  const known = options.known ?? [];
  const r = await run(
    () =>
      new ExploreSession(programOf(config), makeScheduler(strategy, { seed: 1, ...(k === undefined ? {} : { maxPreemptions: k }) }), monitors(), {
        maxExecutions: options.maxExecutions ?? 10_000_000,
        maxSteps: config.maxSteps,
        all: known.length > 0,
        searchAfterFailure: 2000,
        ...(known.length > 0 ? { explain: explainer(s, known) } : {}),
      }),
    options,
  );
  const firstUnexplained = r.unexplainedProperties[0];
  const found = known.length === 0 ? r.best : firstUnexplained === undefined ? null : (r.bestUnexplained.get(firstUnexplained) ?? null);
  const best = found === null || strategy.startsWith('bounded') ? found : fewerPreemptions(config, monitors(), found);
  const cx = best === null ? null : makeCounterexample(config, best.choices, best.property, { monitors: monitors(), shrink: options.shrink ?? true });
  return {
    implementation: name,
    scenario: s.name,
    profile: config.profile,
    memory: config.memory,
    strategy,
    verdict: r.verdict,
    executions: r.executions,
    complete: r.complete,
    stoppedBy: r.stoppedBy,
    coverage: r.coverage,
    failedProperties: r.failedProperties,
    unknownExecutions: r.unknownExecutions,
    unknownProperties: r.unknownProperties,
    firstUnknown: r.firstUnknown ?? null,
    unexplainedProperties: r.unexplainedProperties,
    counterexample: cx === null ? null : counterexampleResult(cx),
  };
}

/**
 * Runs the session in slices, as the command line does, so that the heap is read between them (a
 * library caller gets no progress, no signal handling and nothing on stderr, only `stoppedBy`). Only
 * the result comes back: the session (a stateful search's table and graph, most of the heap) is
 * garbage by the time the counterexample is built, also after a nearly full heap stopped it.
 */
async function run<S>(session: () => ExploreSession<S>, options: ExploreOptions): Promise<SessionResult> {
  const io = { out: (): void => {}, err: (): void => {}, progressStyle: 'off' as const, ...(options.heap === undefined ? {} : { heap: options.heap }) };
  const timeLimit = options.timeLimitMs === undefined ? null : options.timeLimitMs / 1000;
  return withControl(io, { label: 'explore', style: 'off' }, (control) => runInSlices(session(), control, { timeLimit }));
}
