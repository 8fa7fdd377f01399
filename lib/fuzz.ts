/** Fuzzing as a function: random scenarios on an implementation, a failure shrunk to a counterexample. */
import { fuzz as runFuzz, type OnPort } from '../run/fuzz.ts';
import { selectedMonitors, selectionOf, type PropertySelection } from '../run/monitors.ts';
import type { Profile } from '../model/profile.ts';
import type { Scenario } from '../scenarios/spec.ts';
import { implName, type ImplSpec } from './impl.ts';
import { diagnosed } from './nondeterminism.ts';
import { counterexampleResult, type CounterexampleResult } from './result.ts';

export interface FuzzOptions extends PropertySelection {
  /** What it is checked against: contract, v4.1 or v6.17 (default: the profile the implementation claims, else the contract). */
  readonly profile?: Profile;
  readonly seed?: number;
  /** Random scenarios to try (default 100). */
  readonly runs?: number;
  /** Executions each scenario may explore (default 2000). */
  readonly executionsPerScenario?: number;
  /** Only failures the seed port does not show on the same scenario. */
  readonly newOnly?: boolean;
  readonly timeLimitMs?: number;
}

export interface FuzzResult {
  readonly implementation: string;
  /** Random testing is never complete: no failure is `incomplete`. */
  readonly verdict: 'fail' | 'incomplete';
  readonly scenarios: number;
  readonly property: string | null;
  /** The shrunk scenario that fails (save it with `scenarioToJson` and explore it again by file). */
  readonly scenario: Scenario | null;
  readonly counterexample: CounterexampleResult | null;
  /** How the seed port does on the shrunk scenario (null when the port itself was fuzzed). */
  readonly seedPort: OnPort | null;
}

export async function fuzz(impl: ImplSpec, options: FuzzOptions = {}): Promise<FuzzResult> {
  const name = await implName(impl);
  const deadline = options.timeLimitMs === undefined ? Infinity : Date.now() + options.timeLimitMs;
  const r = await diagnosed(name, () => runFuzz({
    impl: name,
    seed: options.seed ?? 1,
    runs: options.runs ?? 100,
    executionsPerScenario: options.executionsPerScenario ?? 2000,
    ...(options.profile === undefined ? {} : { profile: options.profile }),
    monitors: (profile) => selectedMonitors(options, profile),
    ...(options.properties === undefined && options.skip === undefined ? {} : { properties: selectionOf(options) }),
    outOfTime: () => Date.now() >= deadline,
    newOnly: options.newOnly ?? false,
  }));
  return {
    implementation: name,
    verdict: r.verdict === 'fail' ? 'fail' : 'incomplete',
    scenarios: r.scenarios,
    property: r.property,
    scenario: r.counterexample?.config.scenario ?? null,
    counterexample: r.counterexample === null ? null : counterexampleResult(r.counterexample),
    seedPort: r.onPort,
  };
}
