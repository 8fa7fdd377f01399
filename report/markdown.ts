/**
 * report.md of a report document, for a CI job summary or a pull request: the verdict, the table of
 * rows, the sequential check, the races, what did not run, and every counterexample as its swimlane and
 * a Mermaid sequence diagram (GitHub renders both), each with the command that replays it; a livelock
 * with its lasso (prefix, then the cycle that repeats forever: its own `loop` block in the diagram).
 */
import { mermaidDiagram } from './mermaid.ts';
import type { ReportDocument, ReportedCounterexample } from './schema.ts';

const STATUS = { ok: 'ok', known: 'known finding', unexpected: '**UNEXPECTED**', missing: '**MISSING finding**', incomplete: '**INCOMPLETE**' } as const;

/** A table cell: no pipes or line breaks. */
const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function markdownReport(doc: ReportDocument): string {
  const out: string[] = [`# mempool-check ${doc.command}: ${doc.verdict.toUpperCase()}`, '', `${doc.summary}`, ''];
  out.push(`Implementation \`${doc.implementation}\`; ${doc.plan.ran.length} of ${doc.plan.units.length} units ran${doc.plan.shard === null ? '' : ` (shard ${doc.plan.shard.index}/${doc.plan.shard.count})`}${doc.plan.mergedShards > 0 ? ` (merged from ${doc.plan.mergedShards} shards)` : ''}.`);
  if (doc.running) out.push('', '> This report was written while the run was still going: it covers only the units listed as ran.');
  if (doc.interrupted) out.push('', '> The run was interrupted: what it covered is below, and it is **incomplete**.');
  out.push('');
  const f = doc.fuzz;
  if (f !== undefined && f !== null) {
    const shared = f.sharedSkipped > 0 ? `, ${f.sharedSkipped} failures skipped as shared with the seed port` : '';
    out.push('## Fuzzing', '', `${f.scenarios} random scenarios of seed ${f.seed} (run indices ${f.range.from} to ${f.range.to - 1} of ${f.runs}), ${f.executions.toLocaleString('en-US')} executions${shared}; stopped by ${f.stoppedBy}${f.failedAt === null ? '' : ` (random scenario ${f.failedAt + 1} fails ${f.property ?? '?'})`}. Random testing is never complete.`, '');
  }
  if (doc.sequential !== null) {
    const s = doc.sequential;
    out.push('## Sequential model-based check', '', `\`${s.verdict}\`: ${s.sequences} command sequences, ${s.commands} commands (seed ${s.seed}).`, '');
    out.push('<details><summary>what it exercised</summary>', '', '```text', ...s.text, '```', '', '</details>', '');
  }
  if (doc.scenarios.length > 0) {
    out.push('## Scenarios', '', '| scenario | memory | strategy | executions | verdict | failed properties | status |', '|---|---|---|--:|---|---|---|');
    for (const r of doc.scenarios) {
      out.push(`| ${cell(r.scenario)} | ${r.memory} | ${cell(r.strategy)} | ${r.executions.toLocaleString('en-US')} | ${r.verdict} | ${cell(r.failedProperties.join(', ') || '-')} | ${STATUS[r.status]} |`);
    }
    out.push('');
    for (const r of doc.scenarios) if (r.status !== 'ok' && r.status !== 'known') out.push(`- **${r.scenario} (${r.memory})**: ${r.why}`);
    for (const r of doc.scenarios) out.push(`- ${r.scenario} (${r.memory}) covered: ${r.coverage}`);
    out.push('');
  }
  if (doc.races !== null) {
    const r = doc.races;
    out.push('## Plain-access races', '', `${r.executions.toLocaleString('en-US')} executions over ${r.runs.length} scenarios (up to ${r.budget.toLocaleString('en-US')} each), ${r.complete.length} explored completely.`, '');
    for (const m of r.races) {
      const what = `\`${m.location}\`: ${m.first.access} at ${m.first.site ?? '?'} against ${m.second.access}s at ${m.against.join(', ')} (${m.scenarios.join(', ')})`;
      out.push(m.known === null ? `- **UNEXPECTED race** ${what}` : `- known race \`${m.known}\`: ${what}`);
    }
    if (r.races.length === 0) out.push('- none');
    out.push('');
  }
  if (doc.plan.notRun.length > 0) out.push('## Not run', '', ...doc.plan.notRun.map((id) => `- ${id}`), '');
  if (doc.errors.length > 0) out.push('## Internal errors', '', ...doc.errors.map((e) => `- ${e.unit ?? 'run'}: ${cell(e.message)}`), '');
  const cxs = doc.scenarios.flatMap((r) => r.counterexamples.map((c) => ({ row: r, c })));
  if (cxs.length > 0) {
    out.push('## Counterexamples', '');
    for (const { row, c } of cxs) out.push(...counterexampleSection(`${row.scenario} (${row.memory}): ${c.property ?? ''}`, c));
  }
  if (doc.sequential?.failure) out.push('## Sequential counterexample', '', '```text', ...doc.sequential.text, '```', '');
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n')}\n`;
}

function counterexampleSection(title: string, c: ReportedCounterexample): string[] {
  return [
    `### ${title}${c.known ? ' (known finding)' : ' (UNEXPECTED)'}`,
    '',
    ...(c.reason === null ? [] : [`Why it is known: ${c.reason}`, '']),
    ...lassoLines(c),
    `Replay: \`mempool-check replay ${c.replayFile}\` (or \`${c.replay}\`)`,
    '',
    '```text',
    ...c.text,
    '```',
    '',
    '<details><summary>sequence diagram</summary>',
    '',
    '```mermaid',
    ...mermaidDiagram(c),
    '```',
    '',
    '</details>',
    '',
  ];
}

/** A livelock's lasso in words: the prefix, the cycle that repeats forever, who steps, the evidence. */
function lassoLines(c: ReportedCounterexample): string[] {
  const l = c.lasso ?? null;
  if (l === null) return [];
  const names = (xs: readonly string[]): string => (xs.length === 0 ? 'none' : xs.join(', '));
  return [
    `Lasso: a prefix of ${l.prefixSteps} steps, then a cycle of ${l.cycleSteps} steps (${l.prefixSteps + 1}-${l.prefixSteps + l.cycleSteps}) that returns to the state after step ${l.prefixSteps} and repeats forever.`,
    `Stepping in the cycle: ${names(l.stepping)}; enabled throughout it: ${names(l.enabledThroughout)} (${l.fairness}ly fair). Evidence: ${l.evidenceText}.`,
    '',
  ];
}
