/**
 * The gate's text output, drawn from its report document (report/schema.ts): the sequential check,
 * the table (scenario, memory, strategy, executions, verdict, failed properties, status), a coverage
 * line per bounded or incomplete row, a replay command for every known finding, the full counterexample
 * of everything unexpected, the race pass, and the closing verdict line. `merge` prints a merged
 * document the same way.
 */
import type { CommandIo } from '../run/io.ts';
import { unknownText } from '../run/known.ts';
import { notCovered, notCoveredText } from '../run/coverage.ts';
import type { RacesJson, ReportDocument, SequentialJson } from './schema.ts';

const STATUS_TEXT = { ok: 'ok', known: 'known finding', unexpected: 'UNEXPECTED', missing: 'MISSING finding', incomplete: 'INCOMPLETE' } as const;

export function sequentialLines(s: SequentialJson): string[] {
  const head = `sequential model-based check on ${s.implementation}: ${s.verdict} (${s.sequences} command sequences, ${s.commands} commands)`;
  // What was exercised (operations and their outcomes, GFP classes, backends, fault modes), then the verdict.
  return [head, ...s.text.map((l) => `  ${l}`)];
}

export function printGate(io: CommandIo, doc: ReportDocument, options: { readonly sequential: boolean } = { sequential: true }): void {
  if (options.sequential && doc.sequential !== null) for (const l of sequentialLines(doc.sequential)) io.out(l);
  const header = ['scenario', 'memory', 'strategy', 'executions', 'verdict', 'failed properties', 'status'];
  const table = doc.scenarios.map((r) => [r.scenario, r.memory, r.strategy, r.executions.toLocaleString('en-US'), r.verdict, r.failedProperties.join(', ') || '-', STATUS_TEXT[r.status]]);
  const widths = header.map((h, c) => Math.max(h.length, ...table.map((row) => (row[c] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((s, c) => (c === 3 ? s.padStart(widths[c] as number) : s.padEnd(widths[c] as number))).join('  ').trimEnd();
  io.out('');
  io.out(line(header));
  for (const row of table) io.out(line(row));
  const budget = doc.settings['timePerScenario'];
  for (const r of doc.scenarios) {
    const name = `${r.scenario} (${r.memory})`;
    if (r.strategy.startsWith('bounded') && r.status !== 'incomplete') io.out(`${name}: covered ${r.coverage}`);
    if (r.status === 'incomplete') io.out(r.complete ? `${name}: incomplete: ${r.why}` : `${name}: incomplete within ${budget ?? '?'} s (${r.why})`);
    else if (r.unknownExecutions > 0) io.out(`${name}: ${unknownText(r)}`);
    if (r.status === 'missing') io.out(`${name}: ${r.why}`);
    for (const c of r.counterexamples.filter((x) => x.known)) io.out(`${name}: known finding ${c.property ?? ''} (${c.reason ?? ''}); replay: ${c.replay}`);
    for (const c of r.counterexamples.filter((x) => !x.known)) {
      io.out('');
      io.out(`${name}: UNEXPECTED ${c.property ?? ''}`);
      for (const l of c.text) io.out(l);
    }
  }
  const gaps = coverageLines(doc);
  if (gaps.length > 0) io.out('');
  for (const l of gaps) io.out(l);
  if (doc.races !== null) {
    io.out('');
    for (const l of raceLines(doc.races)) io.out(l);
  }
  if (doc.plan.notRun.length > 0) io.out(`not run${doc.interrupted ? ' (interrupted)' : ''}: ${doc.plan.notRun.join(', ')}`);
  for (const e of doc.errors) io.out(`INTERNAL ERROR in ${e.unit ?? 'the run'}: ${e.message}`);
  io.out('');
  io.out(doc.summary);
}

/**
 * What each scenario does not cover (its rows' covered input classes together), and the classes no
 * scenario covers.
 */
export function coverageLines(doc: ReportDocument): string[] {
  const byScenario = new Map<string, Set<string>>();
  for (const r of doc.scenarios) {
    if (r.covered === undefined) continue;
    const set = byScenario.get(r.scenario) ?? new Set<string>();
    for (const c of r.covered) set.add(c);
    byScenario.set(r.scenario, set);
  }
  if (byScenario.size === 0) return [];
  const all = new Set([...byScenario.values()].flatMap((s) => [...s]));
  const lines = ['what each scenario does not cover (input classes of the operations and settings; run/coverage.ts):'];
  for (const [scenario, covered] of byScenario) lines.push(`  ${scenario}: ${notCoveredText(covered)}`);
  const nowhere = notCovered(all);
  lines.push(nowhere.length === 0 ? '  every input class is covered by some scenario above' : `  covered by none of these scenarios: ${notCoveredText(all)}`);
  return lines;
}

export function raceLines(r: RacesJson): string[] {
  const n = (x: number): string => x.toLocaleString('en-US');
  const lines = [
    `plain-access races on ${r.implementation} (happens-before; dpor, up to ${n(r.budget)} executions a scenario): ${n(r.executions)} executions over ${r.runs.length} scenarios, ${r.complete.length} explored completely`,
  ];
  for (const m of r.races) {
    const where = `(${m.scenarios.join(', ')})`;
    const side = (s: typeof m.first): string => `${s.access} by ${s.thread} at ${s.site ?? '?'}${s.chain.length > 1 ? ` (via ${s.chain.slice(1).join(', ')})` : ''}`;
    if (m.known === null) lines.push(`  UNEXPECTED RACE: ${m.location}: ${side(m.first)} is concurrent with ${side(m.second)} ${where}`);
    else lines.push(`  known race ${m.known}: ${m.location}: ${m.first.access} at ${m.first.site ?? '?'} against ${m.second.access}s at ${m.against.join(', ')} ${where}`);
  }
  if (r.races.length === 0) lines.push('  none');
  return lines;
}
