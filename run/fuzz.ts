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
import { describeScenario, type Scenario } from '../scenarios/spec.ts';
import { scenarioArb, type RandomScenarioOptions } from '../scenarios/random.ts';
import { makeCounterexample, type Counterexample } from './counterexample.ts';
import { fewerPreemptions } from './fewest.ts';
import { defaultConfig, defaultProfile, programOf, type RunConfig } from './run-config.ts';
import type { Profile } from '../model/profile.ts';
import { ExploreSession, runSession, type BestFailure, type SessionResult } from './session.ts';
import { completeScheduler } from './strategy.ts';

export interface FuzzOptions {
  readonly impl: string;
  readonly seed: number;
  /** Random scenarios to try. */
  readonly runs: number;
  /** Executions each scenario may explore. */
  readonly executionsPerScenario: number;
  /** The profile checked (default: the implementation's own); the port is compared under the same one. */
  readonly profile?: Profile;
  readonly monitors: (profile: Profile) => Monitor[];
  readonly scenarios?: RandomScenarioOptions;
  /** Asked before each scenario: true skips the rest (the caller's clock). */
  readonly outOfTime?: () => boolean;
  /**
   * Only failures the seed port does not share: a scenario whose failure the port shows too (a finding
   * of the seed) counts as passing, also while shrinking. For fuzzing a new implementation.
   */
  readonly newOnly?: boolean;
}

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
  /** Scenarios explored before the failure (or all of them). */
  readonly scenarios: number;
  /** Scenarios fast-check tried while shrinking. */
  readonly shrinkSteps: number;
  readonly stoppedByTime: boolean;
  readonly property: string | null;
  readonly original: Scenario | null;
  readonly counterexample: Counterexample | null;
  /** The seed port on the shrunk scenario (null when the port itself was fuzzed, or nothing failed). */
  readonly onPort: OnPort | null;
}

/** Explores one scenario looking for a failure (of `target`, when given). */
function explored(config: RunConfig, options: FuzzOptions, target: string | null): SessionResult {
  const session = new ExploreSession(programOf(config), completeScheduler(), options.monitors(config.profile), {
    maxExecutions: options.executionsPerScenario,
    maxSteps: config.maxSteps,
    all: false,
    searchAfterFailure: 0,
    ...(target === null ? {} : { target }),
  });
  return runSession(session);
}

const failureOf = (config: RunConfig, options: FuzzOptions, target: string | null): BestFailure | null => explored(config, options, target).best;

function onPort(scenario: Scenario, options: FuzzOptions, target: string): OnPort | null {
  if (options.impl === PORT.name) return null;
  const r = explored(defaultConfig(scenario, PORT.name, profileOf(options)), options, target);
  const verdict = r.best !== null ? 'fails' : r.complete ? 'passes' : 'unknown';
  return { implementation: PORT.name, verdict, executions: r.executions };
}

const profileOf = (options: FuzzOptions): Profile => options.profile ?? defaultProfile(options.impl);

export function fuzz(options: FuzzOptions): FuzzResult {
  let target: string | null = null;
  let tried = 0;
  let stoppedByTime = false;
  let original: Scenario | null = null;
  const named = (s: Scenario, i: number): Scenario => ({ ...s, name: `random-${options.seed}-${i}`, description: 'a random scenario' });
  const property = fc.property(scenarioArb(options.scenarios), (drawn) => {
    if (target === null) {
      if (stoppedByTime || options.outOfTime?.() === true) {
        stoppedByTime = true;
        return true;
      }
      tried += 1;
    }
    const scenario = named(drawn, tried);
    const best = failureOf(defaultConfig(scenario, options.impl, profileOf(options)), options, target);
    if (best === null) return true;
    if (options.newOnly === true && onPort(scenario, options, best.property)?.verdict === 'fails') return true;
    // The first failure fixes the property; shrinking keeps only candidates that fail it again.
    if (target === null) {
      target = best.property;
      original = drawn;
    }
    return false;
  });
  const r = fc.check(property, { seed: options.seed, numRuns: options.runs });
  const shrunk = r.counterexample?.[0];
  if (!r.failed || shrunk === undefined || target === null) {
    return { verdict: 'pass', scenarios: tried, shrinkSteps: 0, stoppedByTime, property: null, original: null, counterexample: null, onPort: null };
  }
  const config = defaultConfig(named(shrunk, tried), options.impl, profileOf(options));
  const monitors = options.monitors(config.profile);
  const found = failureOf(config, options, target);
  if (found === null) throw new Error(`fuzz: the shrunk scenario no longer fails ${target}: ${describeScenario(shrunk)}`);
  const best = fewerPreemptions(config, monitors, found);
  const port = onPort(config.scenario, options, target);
  return {
    onPort: port,
    verdict: 'fail',
    scenarios: tried,
    shrinkSteps: r.numShrinks,
    stoppedByTime,
    property: target,
    original,
    counterexample: makeCounterexample(config, best.choices, target, {
      monitors,
      shrink: true,
      originalScenario: original === null ? null : describeScenario(original),
    }),
  };
}
