/**
 * The gate's race pass: the plain-access race detector over every scenario (on the port, dpor, up to a
 * budget of executions each), the races merged across scenarios and compared with the known races of
 * the seed. A race that is not a known finding fails the gate.
 */
import { PORT } from '../impl/registry.ts';
import { detectRaces, raceLine, type RaceFinding } from './races.ts';
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
}

/** One key per race whatever the threads: a known race by its ID, another by location and both sites. */
const keyOf = (f: RaceFinding): string => f.known?.id ?? `${f.location}|${f.first.site}|${f.first.access}|${f.second.site}|${f.second.access}`;

export function runGateRaces(scenarios: readonly Scenario[], budget: number, impl: string = PORT.name): GateRaces {
  const merged = new Map<string, MergedRace>();
  let executions = 0;
  const complete: string[] = [];
  for (const scenario of scenarios) {
    // A race shows within a run's first steps; the livelock's long runs (resize3) only repeat them.
    const config = defaultConfig(scenario, impl);
    const report = detectRaces({ ...config, maxSteps: Math.min(config.maxSteps, RACE_MAX_STEPS) }, budget);
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
  return { impl, budget, executions, scenarios: scenarios.map((s) => s.name), complete, races: [...merged.values()] };
}

export const unknownRaces = (r: GateRaces): number => r.races.filter((m) => m.finding.known === null).length;

export function gateRaceLines(r: GateRaces): string[] {
  const lines = [
    `plain-access races on ${r.impl} (happens-before; dpor, up to ${r.budget.toLocaleString('en-US')} executions a scenario): ${r.executions.toLocaleString('en-US')} executions over ${r.scenarios.length} scenarios, ${r.complete.length} explored completely`,
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
