/**
 * The report document (report/schema.ts) of a gate run, built from its units' outcomes: every row,
 * the sequential check, the race pass, errors, what ran and what did not; then the verdict and the
 * summary line, computed from the document alone so that `merge` recomputes them the same way from
 * shards. Counterexamples arrive as recorded runs (re-recorded from their tokens by the caller).
 */
import type { Counterexample } from '../run/counterexample.ts';
import type { CounterexampleRef, RaceRun, RacesOutcome, ScenarioOutcome, SequentialOutcome, UnitOutcome } from '../run/gate/outcome.ts';
import { counterexampleJson } from './json.ts';
import { raceReplayFile, replayFileName } from './replay-files.ts';
import { SCHEMA_VERSION, type RaceRunJson, type RacesJson, type ReportDocument, type ReportRow, type SequentialJson } from './schema.ts';
import { counterexampleText } from './swimlane.ts';
import { formatSequentialReport, replayCommand as sequentialReplay } from '../sequential/report.ts';
import { TOOL_VERSION } from './version.ts';

export interface GateDocumentInput {
  readonly command: string;
  readonly implementation: string;
  /** Unit ids of the whole plan, and of this shard's part of it, in plan order. */
  readonly all: readonly string[];
  readonly units: readonly string[];
  readonly shard: { readonly index: number; readonly count: number } | null;
  readonly outcomes: readonly UnitOutcome[];
  /** The recorded run of a unit's counterexample. */
  readonly counterexample: (ref: CounterexampleRef) => Counterexample;
  readonly interrupted: boolean;
  readonly running: boolean;
  readonly properties: readonly { readonly property: string; readonly statement: string }[];
  readonly settings: ReportDocument['settings'];
  readonly raceBudget: number;
}

export function gateDocument(input: GateDocumentInput): ReportDocument {
  const byIndex = [...input.outcomes].sort((a, b) => a.index - b.index);
  const ran = byIndex.map((o) => o.id);
  const sequential = byIndex.find((o): o is SequentialOutcome => o.kind === 'sequential');
  const raceRuns = byIndex.filter((o): o is RacesOutcome => o.kind === 'races').map(raceRunJson);
  return finishDocument({
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'mempool-check', version: TOOL_VERSION },
    command: input.command,
    implementation: input.implementation,
    interrupted: input.interrupted,
    running: input.running,
    plan: { all: [...input.all], units: [...input.units], ran, notRun: input.units.filter((u) => !ran.includes(u)), shard: input.shard, mergedShards: 0 },
    properties: input.properties.map((p) => ({ ...p })),
    sequential: sequential === undefined ? null : sequentialJson(sequential),
    scenarios: byIndex.filter((o): o is ScenarioOutcome => o.kind === 'scenario').map((o) => rowJson(o, input.counterexample)),
    races: raceRuns.length > 0 ? racesJson(input.implementation, input.raceBudget, raceRuns) : null,
    errors: byIndex.flatMap((o) => (o.kind === 'error' ? [{ unit: o.unit, message: o.message }] : [])),
    settings: input.settings,
  });
}

export function rowJson(o: ScenarioOutcome, recorded: (ref: CounterexampleRef) => Counterexample): ReportRow {
  const expected = new Map(o.expected);
  return {
    id: o.id,
    scenario: o.scenario,
    memory: o.memory,
    implementation: o.implementation,
    timeouts: o.timeouts,
    strategy: o.strategy,
    ...o.result,
    failedProperties: [...o.result.failedProperties],
    status: o.classified.status,
    known: [...o.classified.known],
    unexpected: [...o.classified.unexpected],
    missing: [...o.classified.missing],
    why: o.classified.why,
    expected: o.expected.map(([property, reason]) => ({ property, reason })),
    counterexamples: o.counterexamples.map((ref) => {
      const cx = recorded(ref);
      const json = counterexampleJson(cx);
      // A listed property failing where its cause does not hold is unexpected, like an unlisted one.
      const reason = ref.unexplained === true ? null : (expected.get(ref.property) ?? null);
      const also = ref.unexplained === true && o.classified.known.includes(ref.property) ? '-unexplained' : '';
      return { ...json, known: reason !== null, reason, text: counterexampleText(cx), replayFile: replayFileName(`${o.scenario}-${o.memory}-${ref.property}${also}`) };
    }),
    covered: [...o.covered],
    seconds: o.seconds,
  };
}

function sequentialJson(o: SequentialOutcome): SequentialJson {
  const r = o.report;
  const text = formatSequentialReport(r);
  const verdict = o.interrupted && r.verdict === 'pass' ? 'incomplete' : r.verdict;
  return { implementation: r.impl, profile: r.profile, verdict, seed: r.seed, runs: r.runs, sequences: r.sequences, commands: r.commands, exercised: r.exercised, failure: r.failure, replay: sequentialReplay(r), text, seconds: o.seconds };
}

export function raceRunJson(o: RacesOutcome): RaceRunJson {
  const r: RaceRun = o.run;
  const findings = r.findings.map((f) => ({ location: f.location, first: f.first, second: f.second, known: f.known?.id ?? null, reason: f.known?.reason ?? null, executions: f.count, token: f.token }));
  return { scenario: r.scenario, executions: r.executions, complete: r.complete, findings, seconds: o.seconds };
}

/** One key per race whatever the threads: a known race by its ID, another by location and both sites. */
const keyOf = (f: RaceRunJson['findings'][number]): string => f.known ?? `${f.location}|${f.first.site}|${f.first.access}|${f.second.site}|${f.second.access}`;

/** The race pass: each race once over every scenario that showed it (the first scenario's example). */
export function racesJson(implementation: string, budget: number, runs: readonly RaceRunJson[]): RacesJson {
  type Merged = Omit<RacesJson['races'][number], 'against' | 'scenarios'> & { against: string[]; scenarios: string[] };
  const merged = new Map<string, Merged>();
  for (const run of runs) {
    for (const f of run.findings) {
      const key = keyOf(f);
      const m: Merged = merged.get(key) ?? { known: f.known, reason: f.reason, location: f.location, first: f.first, second: f.second, against: [], scenarios: [], token: f.token };
      merged.set(key, m);
      if (f.second.site !== null && !m.against.includes(f.second.site)) m.against.push(f.second.site);
      if (!m.scenarios.includes(run.scenario)) m.scenarios.push(run.scenario);
    }
  }
  const races = [...merged.values()].map((m) => ({ ...m, against: [...m.against].sort() }));
  return {
    implementation,
    budget,
    executions: runs.reduce((n, r) => n + r.executions, 0),
    complete: runs.filter((r) => r.complete).map((r) => r.scenario),
    unknown: races.filter((m) => m.known === null).length,
    races,
    runs: [...runs],
  };
}

type Unfinished = Omit<ReportDocument, 'verdict' | 'summary' | 'complete' | 'replayFiles'>;

/** Verdict, completeness, summary line and replay file names, from the document's own content. */
export function finishDocument(d: Unfinished): ReportDocument {
  const count = (s: ReportRow['status']): number => d.scenarios.filter((r) => r.status === s).length;
  const races = d.races?.unknown ?? 0;
  const bad = count('unexpected') + count('missing') + (d.sequential?.verdict === 'fail' ? 1 : 0) + races;
  // The gate's race pass has an execution budget (it tells how many scenarios it covered whole); the
  // `races` command's verdict is the race pass's own, so there a pass must be complete.
  const racesCut = d.command === 'races' ? (d.races?.runs.filter((r) => !r.complete).length ?? 0) : 0;
  const incomplete = count('incomplete') + (d.sequential?.verdict === 'incomplete' ? 1 : 0) + racesCut;
  // Random testing (fuzz) is never complete, whatever it explored.
  const fuzz = d.fuzz ?? null;
  const complete = fuzz === null && incomplete === 0 && d.plan.notRun.length === 0 && !d.interrupted && !d.running;
  const scenarios = new Set(d.scenarios.map((r) => r.scenario)).size;
  const memories = [...new Set(d.scenarios.map((r) => r.memory))].join(' and ');
  // Known findings as printed: one line per known property of a row.
  const knownShown = d.scenarios.reduce((n, r) => n + r.known.length, 0);
  const parts = d.scenarios.length === 0 ? [] : [`${plural(d.scenarios.length, 'row')} (${plural(scenarios, 'scenario')} under ${memories || 'no'} memory)`, plural(knownShown, 'known finding')];
  if (fuzz !== null) {
    const shared = fuzz.sharedSkipped > 0 ? `, ${plural(fuzz.sharedSkipped, 'failure')} skipped as shared with the port` : '';
    parts.unshift(`${plural(fuzz.scenarios, 'random scenario')} of seed ${fuzz.seed} (${plural(fuzz.executions, 'execution')}${shared}), never complete`);
  }
  if (d.sequential !== null && d.scenarios.length === 0) parts.push(`the sequential check ${d.sequential.verdict === 'pass' ? 'agrees with the model' : d.sequential.verdict}`);
  if (d.races !== null) parts.push(plural(d.races.races.length - races, 'known race'));
  if (bad > 0) parts.push(`${bad} not as expected`);
  if (incomplete > 0) parts.push(`${incomplete} incomplete`);
  if (d.plan.notRun.length > 0) parts.push(`${d.plan.notRun.length} of ${d.plan.units.length} units not run`);
  if (d.errors.length > 0) parts.push(`stopped by ${plural(d.errors.length, 'internal error')}`);
  if (d.interrupted) parts.push('interrupted');
  if (d.running) parts.push('still running');
  const verdict = d.errors.length > 0 ? 'error' : bad > 0 ? 'fail' : complete ? 'pass' : 'incomplete';
  const replayFiles = [
    ...d.scenarios.flatMap((r) => r.counterexamples.map((c) => c.replayFile)),
    ...(d.sequential?.failure ? [replayFileName(`sequential-${d.sequential.implementation}`)] : []),
    ...(d.races?.races ?? []).flatMap((r) => (r.token === null ? [] : [raceReplayFile(r)])),
  ];
  return { ...d, verdict, complete, summary: `${d.command}: ${verdict.toUpperCase()} (${parts.join(', ')})`, replayFiles };
}

const plural = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;
