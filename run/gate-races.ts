/**
 * The gate's race pass: the plain-access race detector over every scenario (on the port, dpor, up to a
 * budget of executions each), the races merged across scenarios and compared with the known races of
 * the seed. A race that is not a known finding fails the gate.
 */
import { PORT } from '../impl/registry.ts';
import { detectRacesAsync, raceLine, type RaceFinding, type RacePace } from './races.ts';
import { defaultConfig } from './run-config.ts';
import type { Scenario } from '../scenarios/spec.ts';

/** Steps per run in the race pass. */
const RACE_MAX_STEPS = 100;

export interface MergedRace {
  /** The first finding of it (its threads are those of the first scenario that showed it). */
  readonly finding: RaceFinding;
  /** Seed lines of the conflicting accesses, over every scenario. */
  readonly against: Set<string>;
  readonly scenarios: string[];
}

export interface GateRaces {
  readonly impl: string;
  readonly budget: number;
  readonly executions: number;
  readonly scenarios: readonly string[];
  /** Scenarios whose every trace was explored within the budget. */
  readonly complete: readonly string[];
  readonly races: readonly MergedRace[];
  /** Stopped early by Ctrl-C or SIGTERM: the scenarios listed are those it reached. */
  readonly interrupted?: boolean;
}

/** One key per race whatever the threads: a known race by its ID, another by location and both sites. */
const keyOf = (f: RaceFinding): string => f.known?.id ?? `${f.location}|${f.first.site}|${f.first.access}|${f.second.site}|${f.second.access}`;

/** What the race pass does between slices: the caller's (run/control.ts) event loop, progress and stop. */
export interface GateRacePace extends Omit<RacePace, 'breathe'> {
  breathe(scenario: string, executions: number): Promise<void>;
}

const NEVER_STOP: GateRacePace = { sliceOver: () => false, breathe: async () => {}, stopped: false };

export async function runGateRaces(scenarios: readonly Scenario[], budget: number, impl: string = PORT.name, pace: GateRacePace = NEVER_STOP): Promise<GateRaces> {
  const merged = new Map<string, MergedRace>();
  let executions = 0;
  const complete: string[] = [];
  const reached: string[] = [];
  for (const scenario of scenarios) {
    if (pace.stopped) break;
    // A race shows within a run's first steps; the livelock's long runs (resize3) only repeat them.
    const config = defaultConfig(scenario, impl);
    const scenarioPace: RacePace = {
      sliceOver: () => pace.sliceOver(),
      breathe: (n) => pace.breathe(scenario.name, executions + n),
      get stopped() {
        return pace.stopped;
      },
    };
    const report = await detectRacesAsync({ ...config, maxSteps: Math.min(config.maxSteps, RACE_MAX_STEPS) }, budget, scenarioPace);
    reached.push(scenario.name);
    executions += report.executions;
    if (report.complete) complete.push(scenario.name);
    for (const f of report.findings) {
      const key = keyOf(f);
      const m = merged.get(key) ?? { finding: f, against: new Set<string>(), scenarios: [] };
      merged.set(key, m);
      if (f.second.site !== null) m.against.add(f.second.site);
      if (!m.scenarios.includes(scenario.name)) m.scenarios.push(scenario.name);
    }
  }
  const interrupted = reached.length < scenarios.length || pace.stopped;
  return { impl, budget, executions, scenarios: reached, complete, races: [...merged.values()], ...(interrupted ? { interrupted } : {}) };
}

export const unknownRaces = (r: GateRaces): number => r.races.filter((m) => m.finding.known === null).length;

export function gateRaceLines(r: GateRaces): string[] {
  const lines = [
    `plain-access races on ${r.impl} (happens-before; dpor, up to ${r.budget.toLocaleString('en-US')} executions a scenario): ${r.executions.toLocaleString('en-US')} executions over ${r.scenarios.length} scenarios, ${r.complete.length} explored completely${r.interrupted === true ? ' (interrupted)' : ''}`,
  ];
  for (const m of r.races) {
    const f = m.finding;
    const where = `(${m.scenarios.join(', ')})`;
    if (f.known === null) lines.push(`  UNEXPECTED ${raceLine(f)} ${where}`);
    else lines.push(`  known race ${f.known.id}: ${f.location}: ${f.first.access} at ${f.first.site ?? '?'} against ${f.second.access}s at ${[...m.against].sort().join(', ')} ${where}`);
  }
  if (r.races.length === 0) lines.push('  none');
  return lines;
}

export function gateRacesJson(r: GateRaces) {
  return {
    budget: r.budget,
    executions: r.executions,
    complete: r.complete,
    unknown: unknownRaces(r),
    races: r.races.map((m) => ({
      known: m.finding.known?.id ?? null,
      location: m.finding.location,
      first: m.finding.first,
      second: m.finding.second,
      against: [...m.against].sort(),
      scenarios: m.scenarios,
    })),
  };
}
