/** Plain-access race detection as a function: both accesses of every race, known races with why. */
import { detectRaces, raceLine, type RaceFinding } from '../run/races.ts';
import { defaultConfig, type RunConfig } from '../run/run-config.ts';
import type { Profile } from '../model/profile.ts';
import type { Scenario } from '../scenarios/spec.ts';
import { scenarioFrom } from '../config/scenario-file.ts';
import { implName, type ImplSpec } from './impl.ts';
import { diagnosed } from './nondeterminism.ts';
import type { Verdict } from './result.ts';

export interface RacesOptions {
  /** What it is checked against: contract, v4.1 or v6.17 (default: the profile the implementation claims, else the contract). */
  readonly profile?: Profile;
  readonly memory?: 'sc' | 'weak';
  readonly maxExecutions?: number;
  readonly maxSteps?: number;
}

export interface RacesResult {
  readonly implementation: string;
  readonly scenario: string;
  /** fail: a race that is not a known one; incomplete: not every trace was explored. */
  readonly verdict: Verdict;
  readonly executions: number;
  readonly complete: boolean;
  readonly races: readonly RaceFinding[];
  /** One line per race, as the command line prints them. */
  readonly text: string;
}

export async function races(impl: ImplSpec, scenario: string | Scenario, options: RacesOptions = {}): Promise<RacesResult> {
  const name = await implName(impl);
  const s = typeof scenario === 'string' ? scenarioFrom(scenario) : scenario;
  const base = defaultConfig(s, name, options.profile);
  const config: RunConfig = { ...base, memory: options.memory ?? 'sc', maxSteps: options.maxSteps ?? base.maxSteps };
  const report = await diagnosed(name, () => detectRaces(config, options.maxExecutions ?? 20_000));
  const unknown = report.findings.filter((f) => f.known === null);
  return {
    implementation: name,
    scenario: s.name,
    verdict: unknown.length > 0 ? 'fail' : report.complete ? 'pass' : 'incomplete',
    executions: report.executions,
    complete: report.complete,
    races: report.findings,
    text: report.findings.map(raceLine).join('\n'),
  };
}
