/**
 * The report document (report/schema.ts) of `litmus`: one row per file (its test under the memory model
 * asked for), judged by one property, LITMUS-VERDICT: the verdict the explorer reaches is the one the
 * file expects (its deviation note, else the LKMM verdict in its header). A file without an expectation
 * is `ok` once decided; a verdict that differs is unexpected; a test stopped before it was decided is
 * incomplete; a file that cannot be read or parsed is unexpected too (bad input, with the reason); an
 * internal error is an error. Files never reached (Ctrl-C) are listed as not run.
 */
import type { LitmusResult } from '../litmus/run.ts';
import { finishDocument } from './document.ts';
import { SCHEMA_VERSION, type ReportDocument, type ReportRow } from './schema.ts';
import { TOOL_VERSION } from './version.ts';

export const LITMUS_VERDICT = 'LITMUS-VERDICT';

const STATEMENT = "a litmus test's exists clause is allowed or forbidden on the memory model as the file expects (its deviation note, else the LKMM verdict in its header)";

/** One file's outcome as the command has it. */
export type LitmusFileOutcome =
  | { readonly file: string; readonly result: LitmusResult; readonly expected: 'allowed' | 'forbidden' | null }
  | { readonly file: string; readonly error: string; readonly kind: 'bad-input' | 'internal' | 'not-run' };

export interface LitmusDocumentInput {
  readonly memory: string;
  readonly strategy: string;
  readonly outcomes: readonly LitmusFileOutcome[];
  readonly interrupted: boolean;
  readonly settings: ReportDocument['settings'];
}

export function litmusDocument(input: LitmusDocumentInput): ReportDocument {
  const all = input.outcomes.map((o) => o.file);
  const ran = input.outcomes.filter((o) => !('kind' in o && o.kind === 'not-run')).map((o) => o.file);
  const rows = input.outcomes.flatMap((o) => ('result' in o ? [resultRow(o, input)] : o.kind === 'bad-input' ? [badInputRow(o.file, o.error, input)] : []));
  return finishDocument({
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'mempool-check', version: TOOL_VERSION },
    command: 'litmus',
    implementation: `memory model ${input.memory}`,
    interrupted: input.interrupted,
    running: false,
    plan: { all, units: all, ran, notRun: all.filter((f) => !ran.includes(f)), shard: null, mergedShards: 0 },
    properties: [{ property: LITMUS_VERDICT, statement: STATEMENT }],
    sequential: null,
    scenarios: rows,
    races: null,
    errors: input.outcomes.flatMap((o) => ('kind' in o && o.kind === 'internal' ? [{ unit: o.file, message: o.error }] : [])),
    settings: input.settings,
  });
}

function base(file: string, input: LitmusDocumentInput): Pick<ReportRow, 'id' | 'memory' | 'implementation' | 'timeouts' | 'strategy' | 'unknownExecutions' | 'unknownProperties' | 'known' | 'missing' | 'expected' | 'counterexamples' | 'seconds'> {
  return {
    id: file,
    memory: input.memory,
    implementation: `memory model ${input.memory}`,
    timeouts: 'none',
    strategy: input.strategy,
    unknownExecutions: 0,
    unknownProperties: [],
    known: [],
    missing: [],
    expected: [],
    counterexamples: [],
    // Not measured per file (reports keep timings apart from results).
    seconds: 0,
  };
}

function resultRow(o: Extract<LitmusFileOutcome, { result: LitmusResult }>, input: LitmusDocumentInput): ReportRow {
  const r = o.result;
  const decided = r.verdict !== 'incomplete';
  const differs = decided && o.expected !== null && o.expected !== r.verdict;
  const coverage = `${r.executions} executions, ${r.witnesses} witnessing${r.complete ? ' (every execution)' : ` (stopped by ${r.stoppedBy ?? 'a budget'})`}`;
  const expectation = o.expected === null ? 'the file states no expected verdict' : `expected ${o.expected}${r.deviation ? ` (a known deviation from LKMM ${r.lkmm ?? '?'}: ${r.deviation.why})` : ''}`;
  return {
    ...base(o.file, input),
    scenario: r.name,
    executions: r.executions,
    failedExecutions: differs ? 1 : 0,
    verdict: !decided ? 'incomplete' : differs ? 'fail' : 'pass',
    // A witness decides `allowed` even when the exploration stopped early.
    complete: decided,
    stoppedBy: r.stoppedBy ?? 'end',
    coverage,
    failedProperties: differs ? [LITMUS_VERDICT] : [],
    status: !decided ? 'incomplete' : differs ? 'unexpected' : 'ok',
    unexpected: differs ? [LITMUS_VERDICT] : [],
    why: `${r.verdict}; ${expectation}`,
  };
}

function badInputRow(file: string, error: string, input: LitmusDocumentInput): ReportRow {
  return {
    ...base(file, input),
    scenario: file,
    executions: 0,
    failedExecutions: 0,
    verdict: 'fail',
    complete: false,
    stoppedBy: 'error',
    coverage: 'not run: bad input',
    failedProperties: [LITMUS_VERDICT],
    status: 'unexpected',
    unexpected: [LITMUS_VERDICT],
    why: `bad input: ${error}`,
  };
}
