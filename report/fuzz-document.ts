/**
 * The report document (report/schema.ts) of a fuzzing run: its plan is the seed's random scenarios by
 * run index (`random-<seed>-<i>`), what ran is the scenarios explored, the `fuzz` section what each
 * cost, and a failure is one row, the shrunk scenario's, with its counterexample. Random testing is
 * never complete: without a failure the verdict is `incomplete`, never `pass` (as `fuzz` exits 3).
 * Shards' documents merge (mergeFuzzReports) into the document of the unsharded run.
 */
import type { Counterexample } from '../run/counterexample.ts';
import { combineParts, totals, type FuzzPart } from '../run/fuzz-parts.ts';
import type { OnPort } from '../run/fuzz.ts';
import { finishDocument } from './document.ts';
import { MergeError } from './merge-error.ts';
import { counterexampleJson } from './json.ts';
import { replayFileName } from './replay-files.ts';
import { SCHEMA_VERSION, type FuzzJson, type ReportDocument, type ReportRow } from './schema.ts';
import { counterexampleText } from './swimlane.ts';
import { TOOL_VERSION } from './version.ts';

export interface FuzzDocumentInput {
  readonly implementation: string;
  readonly seed: number;
  readonly runs: number;
  readonly shard: { readonly index: number; readonly count: number } | null;
  readonly part: FuzzPart;
  /** The failure's counterexample, recorded from its token. */
  readonly counterexample: Counterexample | null;
  readonly properties: readonly { readonly property: string; readonly statement: string }[];
  readonly settings: ReportDocument['settings'];
}

const idOf = (seed: number, index: number): string => `random-${seed}-${index + 1}`;

export function fuzzDocument(input: FuzzDocumentInput): ReportDocument {
  const f = input.part.failure;
  const cx = input.counterexample;
  const row = f === null ? null : failureRow(input, cx);
  return assemble(input, fuzzSection(input.seed, input.runs, input.part), row);
}

function fuzzSection(seed: number, runs: number, part: FuzzPart): FuzzJson {
  const t = totals(part);
  const f = part.failure;
  const stoppedBy = f !== null ? 'failure' : part.interrupted ? 'interrupted' : part.stoppedByTime ? 'time' : 'runs';
  return {
    seed,
    runs,
    range: { ...part.range },
    ...t,
    stoppedBy,
    failedAt: f?.index ?? null,
    property: f?.property ?? null,
    shrinkSteps: f?.shrinkSteps ?? 0,
    seedPort: f?.onPort ?? null,
    tallies: part.tallies.map((x) => ({ ...x })),
  };
}

function assemble(input: Omit<FuzzDocumentInput, 'part' | 'counterexample'>, fuzz: FuzzJson, row: ReportRow | null): ReportDocument {
  const all = Array.from({ length: input.runs }, (_, i) => idOf(input.seed, i));
  const units = all.slice(fuzz.range.from, fuzz.range.to);
  const ran = fuzz.tallies.map((t) => idOf(input.seed, t.index));
  return finishDocument({
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'mempool-check', version: TOOL_VERSION },
    command: 'fuzz',
    implementation: input.implementation,
    interrupted: fuzz.stoppedBy === 'interrupted',
    running: false,
    plan: { all, units, ran, notRun: units.filter((u) => !ran.includes(u)), shard: input.shard, mergedShards: 0 },
    properties: input.properties.map((p) => ({ ...p })),
    sequential: null,
    scenarios: row === null ? [] : [row],
    races: null,
    fuzz,
    errors: [],
    settings: input.settings,
  });
}

function failureRow(input: FuzzDocumentInput, cx: Counterexample | null): ReportRow {
  const f = input.part.failure;
  if (f === null) throw new Error('a failure row without a failure');
  const json = cx === null ? null : counterexampleJson(cx);
  const scenario = json?.scenario ?? f.original?.name ?? idOf(input.seed, f.index);
  const memory = json?.memory ?? f.stuck?.memory ?? 'sc';
  const executions = input.part.tallies[input.part.tallies.length - 1]?.executions ?? 0;
  return {
    id: `${scenario}/${memory}`,
    scenario,
    memory,
    implementation: input.implementation,
    timeouts: json?.timeouts ?? f.stuck?.timeouts ?? 'untimed',
    strategy: 'dpor',
    executions,
    failedExecutions: 1,
    verdict: 'fail',
    complete: false,
    stoppedBy: 'failure',
    coverage: `random scenario ${f.index + 1} of seed ${input.seed}, shrunk in ${f.shrinkSteps} step${f.shrinkSteps === 1 ? '' : 's'}${f.stuck === null ? '' : `; ${f.stuck.note}`}`,
    failedProperties: [f.property],
    unknownExecutions: 0,
    unknownProperties: [],
    status: 'unexpected',
    known: [],
    unexpected: [f.property],
    missing: [],
    why: `${f.property} failed on a random scenario${portText(f.onPort)}`,
    expected: [],
    counterexamples: json === null || cx === null ? [] : [{ ...json, known: false, reason: null, text: counterexampleText(cx), replayFile: replayFileName(`${scenario}-${memory}-${f.property}`) }],
    // Not measured per scenario (reports keep timings apart from results).
    seconds: 0,
  };
}

const portText = (p: OnPort | null): string => (p === null ? '' : `; the seed port ${p.implementation} ${p.verdict === 'fails' ? 'fails it too (a finding of the seed)' : p.verdict === 'passes' ? 'passes it (every trace)' : 'shows no failure within its budget'}`);

/** Shards' fuzz documents as the document of the unsharded run (the failure of the lowest run index, if any). */
export function mergeFuzzReports(docs: readonly ReportDocument[]): ReportDocument {
  const first = docs[0];
  const f0 = first?.fuzz;
  if (first === undefined || f0 === undefined || f0 === null) throw new MergeError('nothing to merge');
  const parts = docs.map((d) => {
    const f = d.fuzz;
    if (f === undefined || f === null || f.seed !== f0.seed || f.runs !== f0.runs) throw new MergeError('the reports are of different fuzzing runs (seed, runs)');
    const row = d.scenarios[0] ?? null;
    const failure = f.failedAt === null || f.property === null ? null : { index: f.failedAt, property: f.property, shrinkSteps: f.shrinkSteps, original: null, originalText: null, token: row?.counterexamples[0]?.token ?? null, size: null, onPort: f.seedPort, stuck: null };
    return { part: { range: f.range, tallies: f.tallies, stoppedByTime: f.stoppedBy === 'time', interrupted: d.interrupted, failure } satisfies FuzzPart, row };
  });
  const whole = combineParts({ from: 0, to: f0.runs }, parts.map((p) => p.part));
  const row = whole.failure === null ? null : (parts.find((p) => p.part.failure?.index === whole.failure?.index)?.row ?? null);
  const { shard: _shard, ...settings } = first.settings;
  const interrupted = docs.some((d) => d.interrupted);
  const doc = assemble({ implementation: first.implementation, seed: f0.seed, runs: f0.runs, shard: null, properties: first.properties, settings: { ...settings, shard: null } }, fuzzSection(f0.seed, f0.runs, { ...whole, interrupted }), row);
  return { ...doc, plan: { ...doc.plan, mergedShards: docs.length } };
}
