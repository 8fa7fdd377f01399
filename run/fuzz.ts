/**
 * Fuzzing with random scenarios: fast-check draws scenarios (scenarios/random.ts), each is explored
 * (dpor, within a budget), and on a failure fast-check shrinks the scenario — dropping threads and
 * commands, lowering parameters — keeping a candidate only when the SAME property still fails. The
 * shrunk scenario's failing execution is then made a counterexample like any other (fewest
 * preemptions, schedule shrunk, replay token carrying the whole scenario). When an implementation other
 * than the seed port is fuzzed, the shrunk scenario is also explored on the port, so that a finding of
 * the seed (the same property failing there) is told apart from one the implementation introduced.
 */
import fc from 'fast-check';
import { PORT } from '../impl/registry.ts';
import type { Monitor } from '../explorer/monitor.ts';
import type { MemoryModelName } from '../kernel/rt/memory.ts';
import { describeScenario, type Scenario } from '../scenarios/spec.ts';
import { scenarioArb, type RandomScenarioOptions } from '../scenarios/random.ts';
import { makeCounterexample, type Counterexample } from './counterexample.ts';
import { fewerPreemptions } from './fewest.ts';
import { defaultConfig, defaultProfile, programOf, type RunConfig } from './run-config.ts';
import { ExploreSession, type SessionResult } from './session.ts';
import type { Profile } from '../model/profile.ts';
import { completeScheduler } from './strategy.ts';
import { internalErrorOf } from './internal-error.ts';
import type { PropertySelection } from './monitors.ts';
import { setPhase, SHRINKING, watchMonitors } from './workers/watch.ts';

/**
 * Run indices of the seed's sequence of random scenarios, half-open: the i-th scenario is the same
 * whatever else runs (fast-check draws it from the seed and i alone), so shards (`--shard`) and worker
 * threads (`--jobs`) split a run by index ranges and cover together exactly what one run covers.
 */
export interface FuzzRange {
  readonly from: number;
  readonly to: number;
}

/** What one random scenario cost: its executions (shrinking's and the port's included), and whether its failure was skipped as the port's. */
export interface ScenarioTally {
  /** The scenario's run index. */
  readonly index: number;
  readonly executions: number;
  readonly shared: boolean;
}

export interface FuzzOptions {
  readonly impl: string;
  readonly seed: number;
  /** Random scenarios to try. */
  readonly runs: number;
  /** Only these run indices (default: 0 up to runs). */
  readonly range?: FuzzRange;
  /** Told of every exploration as it starts (a worker thread tells the watchdog which scenario runs). */
  readonly onExplore?: (config: RunConfig) => void;
  /** Executions each scenario may explore. */
  readonly executionsPerScenario: number;
  /** The profile checked (default: the implementation's own); the port is compared under the same one. */
  readonly profile?: Profile;
  readonly monitors: (profile: Profile) => Monitor[];
  /** The properties checked, when not all of the profile's (recorded in the counterexample's token). */
  readonly properties?: PropertySelection;
  readonly scenarios?: RandomScenarioOptions;
  /** Memory models to draw each scenario's run under (default both: weak memory only adds behaviours). */
  readonly memories?: readonly MemoryModelName[];
  /** Asked before each scenario: true skips the rest (the caller's clock). */
  readonly outOfTime?: () => boolean;
  /**
   * Only failures the seed port does not share: a scenario whose failure the port shows too (a finding
   * of the seed) counts as passing, also while shrinking. For fuzzing a new implementation.
   */
  readonly newOnly?: boolean;
  /** The caller's event loop: progress, Ctrl-C (run/control.ts); default: run straight through. */
  readonly pace?: FuzzPace;
}

/** What fuzzing has done so far (for progress). */
export interface FuzzProgress {
  /** Random scenarios explored (not counting shrinking). */
  readonly scenarios: number;
  readonly runs: number;
  /** Executions over every exploration, shrinking and the port's included. */
  readonly executions: number;
  /** Failures the seed port shares, skipped (--new-only). */
  readonly sharedSkipped: number;
  /** Scenarios fast-check tried while shrinking. */
  readonly shrinking: number;
}

export interface FuzzPace {
  /** Asked between executions: true ends the slice. */
  sliceOver(): boolean;
  /** Between slices: the event loop turns (progress, signals). */
  breathe(progress: FuzzProgress): Promise<void>;
  /** A signal asked to stop: no new scenario is drawn, shrinking ends, the result says interrupted. */
  readonly stopped: boolean;
}

const STRAIGHT: FuzzPace = { sliceOver: () => false, breathe: async () => {}, stopped: false };

/**
 * How the seed port does on the shrunk scenario, when another implementation was fuzzed: a failure of
 * the same property there too is a finding of the seed, not something the implementation introduced.
 */
export interface OnPort {
  readonly implementation: string;
  readonly verdict: 'fails' | 'passes' | 'unknown';
  readonly executions: number;
}

export interface FuzzResult {
  readonly verdict: 'pass' | 'fail';
  /** The run indices this run was to cover. */
  readonly range: FuzzRange;
  /** Per scenario explored, from range.from on (the failing one last). */
  readonly tallies: readonly ScenarioTally[];
  /** The run index of the failing scenario (null when nothing failed). */
  readonly failedAt: number | null;
  /** Scenarios explored before the failure (or all of them). */
  readonly scenarios: number;
  /** Scenarios fast-check tried while shrinking. */
  readonly shrinkSteps: number;
  readonly stoppedByTime: boolean;
  /** Stopped by Ctrl-C or SIGTERM (a failure found before is still reported, shrunk as far as it got). */
  readonly interrupted: boolean;
  readonly executions: number;
  readonly sharedSkipped: number;
  readonly property: string | null;
  readonly original: Scenario | null;
  readonly counterexample: Counterexample | null;
  /** The seed port on the shrunk scenario (null when the port itself was fuzzed, or nothing failed). */
  readonly onPort: OnPort | null;
}

const profileOf = (options: FuzzOptions): Profile => options.profile ?? defaultProfile(options.impl);

/** A scenario's run: the fuzzed implementation (or the port) under the fuzz's profile and property selection. */
/** A drawn case: a scenario and the memory model it runs under (timed mode is the scenario's own draw). */
interface Drawn {
  readonly scenario: Scenario;
  readonly memory: MemoryModelName;
}

/** A scenario's run: the fuzzed implementation (or the port) under the drawn memory model and the fuzz's profile and property selection. */
function configOf(scenario: Scenario, impl: string, memory: MemoryModelName, options: FuzzOptions): RunConfig {
  const config = { ...defaultConfig(scenario, impl, profileOf(options)), memory };
  return options.properties === undefined ? config : { ...config, properties: options.properties };
}

/** The drawn scenario, as fuzzing reports it (the memory model it failed under included). */
const describeDrawn = (d: Drawn): string => `${describeScenario(d.scenario)}; ${d.memory} memory`;

export async function fuzz(options: FuzzOptions): Promise<FuzzResult> {
  const pace = options.pace ?? STRAIGHT;
  let target: string | null = null;
  let tried = 0;
  let shrinking = 0;
  let executions = 0;
  let sharedSkipped = 0;
  let stoppedByTime = false;
  let original: Drawn | null = null;
  const range = options.range ?? { from: 0, to: options.runs };
  const progress = (): FuzzProgress => ({ scenarios: tried, runs: range.to - range.from, executions, sharedSkipped, shrinking });

  /** Explores one scenario looking for a failure (of `target`, when given), in slices. */
  const explored = async (config: RunConfig, wanted: string | null): Promise<SessionResult> => {
    options.onExplore?.(config);
    const session = new ExploreSession(programOf(config), completeScheduler(), options.monitors(config.profile), {
      maxExecutions: options.executionsPerScenario,
      maxSteps: config.maxSteps,
      all: false,
      searchAfterFailure: 0,
      ...(wanted === null ? {} : { target: wanted }),
    });
    const before = executions;
    while (!session.finished) {
      session.runSlice(() => pace.sliceOver());
      executions = before + session.executionCount;
      if (session.finished) break;
      await pace.breathe(progress());
      if (pace.stopped) session.stop('interrupted');
    }
    return session.result();
  };
  const onPort = async (scenario: Scenario, memory: MemoryModelName, wanted: string): Promise<OnPort | null> => {
    if (options.impl === PORT.name) return null;
    const r = await explored(configOf(scenario, PORT.name, memory, options), wanted);
    const verdict = r.best !== null ? 'fails' : r.complete ? 'passes' : 'unknown';
    return { implementation: PORT.name, verdict, executions: r.executions };
  };

  const named = (s: Scenario, i: number): Scenario => ({ ...s, name: `random-${options.seed}-${i}`, description: 'a random scenario' });
  const memories = fc.constantFrom<MemoryModelName>(...(options.memories ?? ['sc', 'weak']));
  const cases = fc.record({ scenario: scenarioArb(options.scenarios), memory: memories });
  const property = fc.asyncProperty(cases, (drawn) =>
    // fast-check takes an exception for a failure and shrinks it: marked, it is reported as what it is.
    judge(drawn).catch((e: unknown) => {
      throw e instanceof Interrupted ? e : new CaughtCrash(e);
    }),
  );
  const judge = async (drawn: Drawn): Promise<boolean> => {
    // Interrupted: no new scenario (fast-check would still draw every remaining one: a failure of our
    // own ends the run at once), and while shrinking, every further candidate passes (shrinking ends).
    if (pace.stopped) {
      if (target === null) throw new Interrupted();
      return true;
    }
    if (target !== null) shrinking += 1;
    const scenario = named(drawn.scenario, index + 1);
    const best = (await explored(configOf(scenario, options.impl, drawn.memory, options), target)).best;
    if (best === null) return true;
    // A failure found is real even if a signal came meanwhile; whether the port shares it needs a run we no longer make.
    if (options.newOnly === true && pace.stopped) return true;
    if (options.newOnly === true) {
      const port = await onPort(scenario, drawn.memory, best.property);
      if (port?.verdict === 'fails') {
        sharedSkipped += 1;
        return true;
      }
      // A signal cut the port's run short: whether it shares the failure is not known, so it is not reported as new.
      if (pace.stopped && port?.verdict !== 'passes') return true;
    }
    // The first failure fixes the property; shrinking keeps only candidates that fail it again.
    if (target === null) {
      target = best.property;
      original = drawn;
    }
    return false;
  };
  const tallies: ScenarioTally[] = [];
  let index = range.from;
  let r: fc.RunDetails<[Drawn]> | null = null;
  for (; index < range.to; index++) {
    if (pace.stopped) break;
    if (options.outOfTime?.() === true) {
      stoppedByTime = true;
      break;
    }
    tried += 1;
    const before = { executions, sharedSkipped };
    // The index-th scenario of the seed's sequence, and its shrinking (fast-check's replay path).
    const details = await fc.check(property, { seed: options.seed, path: String(index), numRuns: 1 });
    r = details;
    tallies.push({ index, executions: executions - before.executions, shared: sharedSkipped > before.sharedSkipped });
    if (details.failed) break;
  }
  const interrupted = pace.stopped;
  const shrunk = r?.counterexample?.[0];
  // A predicate that threw is not a property failure: the checker crashed (on the scenario fast-check shrank it to).
  if (r !== null && r.failed && r.errorInstance instanceof CaughtCrash && shrunk !== undefined) {
    throw internalErrorOf(r.errorInstance.cause, configOf(named(shrunk.scenario, index + 1), options.impl, shrunk.memory, options), 'fuzz');
  }
  if (r === null || !r.failed || r.errorInstance instanceof Interrupted || shrunk === undefined || target === null) {
    const explored = r?.errorInstance instanceof Interrupted ? tallies.slice(0, -1) : tallies;
    return { verdict: 'pass', range, tallies: explored, failedAt: null, scenarios: explored.length, shrinkSteps: 0, stoppedByTime, interrupted, executions, sharedSkipped, property: null, original: null, counterexample: null, onPort: null };
  }
  // What follows is bounded (one scenario, the port once, the schedule's shrinking): it runs to its end.
  const config = configOf(named(shrunk.scenario, index + 1), options.impl, shrunk.memory, options);
  const monitors = options.monitors(config.profile);
  const straight = { ...options, pace: STRAIGHT };
  const found = (await fuzzExplore(config, straight, target)).best;
  if (found === null) throw new Error(`fuzz: the shrunk scenario no longer fails ${target}: ${describeDrawn(shrunk)}`);
  // Executions outside an exploration: a watchdog (run/workers/) sees their heartbeats.
  const phase = setPhase(SHRINKING);
  const best = fewerPreemptions(config, watchMonitors(monitors), found);
  const port = options.impl === PORT.name ? null : await portVerdict(config, straight, target);
  return {
    onPort: port,
    verdict: 'fail',
    range,
    tallies,
    failedAt: index,
    scenarios: tried,
    shrinkSteps: r.numShrinks,
    stoppedByTime,
    interrupted,
    executions,
    sharedSkipped,
    property: target,
    original: original === null ? null : (original as Drawn).scenario,
    counterexample: counterexample(),
  };
  function counterexample(): Counterexample {
    try {
      return makeCounterexample(config, best.choices, target ?? '', { monitors: watchMonitors(monitors), shrink: true, originalScenario: original === null ? null : describeDrawn(original) });
    } finally {
      setPhase(phase);
    }
  }
}

/** One scenario explored straight through (after fuzzing: the shrunk scenario, the port on it). */
function fuzzExplore(config: RunConfig, options: FuzzOptions, target: string): Promise<SessionResult> {
  options.onExplore?.(config);
  const session = new ExploreSession(programOf(config), completeScheduler(), options.monitors(config.profile), {
    maxExecutions: options.executionsPerScenario,
    maxSteps: config.maxSteps,
    all: false,
    searchAfterFailure: 0,
    target,
  });
  while (!session.finished) session.runSlice(() => false);
  return Promise.resolve(session.result());
}

async function portVerdict(config: RunConfig, options: FuzzOptions, target: string): Promise<OnPort> {
  const r = await fuzzExplore(configOf(config.scenario, PORT.name, config.memory, options), options, target);
  return { implementation: PORT.name, verdict: r.best !== null ? 'fails' : r.complete ? 'passes' : 'unknown', executions: r.executions };
}

/** An exception inside a fuzzing run (an internal error, not a property that failed). */
class CaughtCrash extends Error {
  constructor(override readonly cause: unknown) {
    super('internal error');
  }
}

/** Ends an interrupted fuzzing run before fast-check draws the remaining scenarios. */
class Interrupted extends Error {}
