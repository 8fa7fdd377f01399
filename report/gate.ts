/**
 * The gate's output: a table (scenario, strategy, executions, verdict, failed properties, status),
 * a replay command for every known finding, a full counterexample for every unexpected one, and a
 * closing verdict line; or the same as JSON.
 */
import { makeCounterexample } from '../run/counterexample.ts';
import { fewerPreemptions } from '../run/fewest.ts';
import { counterexampleJson } from './json.ts';
import { unknownText, type Classified, type Expected } from '../run/known.ts';
import { defaultMonitors } from '../run/monitors.ts';
import type { RunConfig } from '../run/run-config.ts';
import type { SessionResult } from '../run/session.ts';
import { counterexampleText } from './swimlane.ts';
import { replayCommand } from '../run/counterexample.ts';
import type { SequentialReport } from '../sequential/check.ts';
import type { CommandIo } from '../run/io.ts';
import { gateRaceLines, gateRacesJson, unknownRaces, type GateRaces } from '../run/gate-races.ts';

export interface GateRow {
  readonly config: RunConfig;
  readonly strategy: string;
  readonly result: SessionResult;
  readonly classified: Classified;
  readonly expected: Expected;
}

export interface GateOutcome {
  readonly json: boolean;
  readonly sequential: SequentialReport | null;
  readonly rows: readonly GateRow[];
  readonly budget: number;
  readonly interrupted: boolean;
  /** The race pass (null when skipped). */
  readonly races: GateRaces | null;
  /** An internal error stopped the gate (its line goes to stderr): the rows before it are printed. */
  readonly internalError?: boolean;
}

const STATUS_TEXT = { ok: 'ok', known: 'known finding', unexpected: 'UNEXPECTED', missing: 'MISSING finding', incomplete: 'INCOMPLETE' } as const;

/** A counterexample (shrunk) for one failed property of a row. */
function counterexampleFor(row: GateRow, property: string) {
  const found = row.result.bestByProperty.get(property);
  if (found === undefined) return null;
  const monitors = defaultMonitors(row.config.profile);
  const best = fewerPreemptions(row.config, monitors, found);
  return makeCounterexample(row.config, best.choices, property, { monitors, shrink: true });
}

export function printGate(io: CommandIo, g: GateOutcome): void {
  if (g.json) {
    io.out(JSON.stringify(gateJson(g), null, 2));
    return;
  }
  const header = ['scenario', 'memory', 'strategy', 'executions', 'verdict', 'failed properties', 'status'];
  const table = g.rows.map((r) => [
    r.config.scenario.name,
    r.config.memory,
    r.strategy,
    r.result.executions.toLocaleString('en-US'),
    r.result.verdict,
    r.result.failedProperties.join(', ') || '-',
    STATUS_TEXT[r.classified.status],
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...table.map((row) => (row[c] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((s, c) => (c === 3 ? s.padStart(widths[c] as number) : s.padEnd(widths[c] as number))).join('  ').trimEnd();
  io.out('');
  io.out(line(header));
  for (const row of table) io.out(line(row));
  let knownShown = 0;
  for (const r of g.rows) {
    const name = `${r.config.scenario.name} (${r.config.memory})`;
    if (r.strategy.startsWith('bounded') && r.classified.status !== 'incomplete') io.out(`${name}: covered ${r.result.coverage}`);
    if (r.classified.status === 'incomplete') io.out(r.result.complete ? `${name}: incomplete: ${r.classified.why}` : `${name}: incomplete within ${g.budget} s (${r.classified.why})`);
    else if (r.result.unknownExecutions > 0) io.out(`${name}: ${unknownText(r.result)}`);
    if (r.classified.status === 'missing') io.out(`${name}: ${r.classified.why}`);
    for (const property of r.classified.known) {
      const cx = counterexampleFor(r, property);
      if (cx === null) continue;
      io.out(`${name}: known finding ${property} (${r.expected.get(property) ?? ''}); replay: ${replayCommand(cx.token)}`);
      knownShown += 1;
    }
    for (const property of r.classified.unexpected) {
      const cx = counterexampleFor(r, property);
      io.out('');
      io.out(`${name}: UNEXPECTED ${property}`);
      if (cx !== null) for (const l of counterexampleText(cx)) io.out(l);
    }
  }
  if (g.races !== null) {
    io.out('');
    for (const l of gateRaceLines(g.races)) io.out(l);
  }
  io.out('');
  io.out(`gate: ${verdictOf(g, knownShown)}`);
}

const plural = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;

/**
 * The closing line counts what the output shows: the table's rows, the known findings listed (one
 * line each: a property on a row), the races listed; and what is not as expected.
 */
function verdictOf(g: GateOutcome, knownShown: number = g.rows.reduce((n, r) => n + r.classified.known.length, 0)): string {
  const count = (s: Classified['status']): number => g.rows.filter((r) => r.classified.status === s).length;
  const races = g.races === null ? 0 : unknownRaces(g.races);
  const bad = count('unexpected') + count('missing') + (g.sequential?.verdict === 'fail' ? 1 : 0) + races;
  const scenarios = new Set(g.rows.map((r) => r.config.scenario.name)).size;
  const memories = [...new Set(g.rows.map((r) => r.config.memory))].join(' and ');
  const parts = [`${plural(g.rows.length, 'row')} (${plural(scenarios, 'scenario')} under ${memories || 'no'} memory)`, plural(knownShown, 'known finding')];
  if (g.races !== null) parts.push(plural(g.races.races.length - races, 'known race'));
  if (bad > 0) parts.push(`${bad} not as expected`);
  if (count('incomplete') > 0) parts.push(`${count('incomplete')} incomplete`);
  if (g.interrupted) parts.push('interrupted');
  if (g.internalError === true) parts.push('stopped by an internal error');
  const verdict = g.internalError === true ? 'ERROR' : bad > 0 ? 'FAIL' : count('incomplete') > 0 || g.interrupted ? 'INCOMPLETE' : 'PASS';
  return `${verdict} (${parts.join(', ')})`;
}

function gateJson(g: GateOutcome) {
  return {
    implementation: g.rows[0]?.config.impl ?? null,
    verdict: verdictOf(g).split(' ')[0]?.toLowerCase(),
    sequential: g.sequential === null ? null : { verdict: g.sequential.verdict, sequences: g.sequential.sequences, commands: g.sequential.commands },
    races: g.races === null ? null : gateRacesJson(g.races),
    scenarios: g.rows.map((r) => ({
      scenario: r.config.scenario.name,
      memory: r.config.memory,
      strategy: r.strategy,
      executions: r.result.executions,
      verdict: r.result.verdict,
      complete: r.result.complete,
      failedProperties: r.result.failedProperties,
      unknownExecutions: r.result.unknownExecutions,
      unknownProperties: r.result.unknownProperties,
      status: r.classified.status,
      known: r.classified.known,
      unexpected: r.classified.unexpected,
      missing: r.classified.missing,
      why: r.classified.why,
      counterexamples: [...r.classified.known, ...r.classified.unexpected].flatMap((p) => {
        const cx = counterexampleFor(r, p);
        return cx === null ? [] : [counterexampleJson(cx)];
      }),
    })),
  };
}
