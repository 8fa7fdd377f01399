/**
 * Text swimlanes: one column per thread, one row per scheduling step (the step's operations, each
 * with its seed line), the pool's state where a step changed it, how each thread ended, then the
 * property that failed and why, and the command that replays it.
 */
import { describeScenario } from '../scenarios/spec.ts';
import { replayCommand, type Counterexample } from '../run/counterexample.ts';
import type { Violation } from '../explorer/monitor.ts';
import { buildRows, type Row, type RowLine, type Rows } from './rows.ts';
import { configLine } from '../run/run-config.ts';

const SEP = ' | ';

const cellText = (l: RowLine): string => (l.line === '' ? `     ${l.text}` : `${l.line.padEnd(4)} ${l.text}`);

/** The table of concurrent steps. */
export function swimlane(rows: Rows): string[] {
  const workers = rows.workers;
  const name = (tid: number): string => rows.threadNames[tid] ?? `thread ${tid}`;
  const stepLabel = (r: Row): string => (r.step === null ? 'start' : String(r.step));
  const table: string[][][] = rows.rows.map((r) => [
    [stepLabel(r)],
    ...workers.map((tid) => (r.lines.get(tid) ?? []).map(cellText)),
    r.pool === null ? [] : [r.pool],
  ]);
  table.push([['end'], ...workers.map((tid) => [`     ${rows.ends.get(tid) ?? ''}`]), []]);
  const titles = ['step', ...workers.map(name), 'pool after the step'];
  const widths = titles.map((t, c) => Math.max(t.length, ...table.map((cells) => Math.max(0, ...(cells[c] ?? []).map((s) => s.length)))));
  const line = (cells: readonly string[]): string =>
    cells
      .map((s, c) => (c === 0 ? s.padStart(widths[0] as number) : s.padEnd(widths[c] as number)))
      .join(SEP)
      .trimEnd();
  const out = [line(titles), widths.map((w) => '-'.repeat(w)).join('-+-')];
  for (const cells of table) {
    const height = Math.max(1, ...cells.map((c) => c.length));
    for (let i = 0; i < height; i++) out.push(line(cells.map((c, col) => (col === 0 && i > 0 ? '' : (c[i] ?? '')))));
  }
  return out;
}

export function violationLines(violations: readonly Violation[], threadName: (tid: number) => string): string[] {
  return violations.map((v, i) => {
    const where = `step ${v.step}${v.tid === undefined ? '' : `, ${threadName(v.tid)}`}`;
    return `${i === 0 ? 'FAILED' : '  also'} ${v.property} (${where}): ${v.message}`;
  });
}

/** The whole report of a counterexample (also what `replay` prints). */
export function counterexampleText(cx: Counterexample): string[] {
  const rows = buildRows(cx.run);
  const threadName = (tid: number): string => rows.threadNames[tid] ?? `thread ${tid}`;
  const out = [`${cx.violations.length > 0 ? 'counterexample' : 'execution'}: ${configLine(cx.config)}`, `  ${describeScenario(cx.config.scenario)}`];
  if (cx.originalScenario !== null) out.push(`  (thread programs shrunk from: ${cx.originalScenario})`);
  out.push(`  ${sizeText(cx)}`);
  const prefix = rows.setup.filter((l) => l.kind === 'mark');
  const steps = rows.setupSteps > 0 ? ` (steps 1-${rows.setupSteps})` : '';
  out.push(`setup${steps}: mempool_create(${cx.config.scenario.min_nr}, ${cx.config.scenario.backend})${prefix.length > 0 ? ', then:' : ''}`);
  for (const l of prefix) out.push(`  ${l.text}`);
  if (rows.poolAfterSetup !== null) out.push(`  pool: ${rows.poolAfterSetup}`);
  out.push('', ...swimlane(rows), '');
  if (rows.teardown.length > 0) {
    out.push('teardown (final mempool_destroy):');
    for (const l of rows.teardown) out.push(`  ${cellText(l)}`);
  }
  out.push(`execution ended: ${cx.end}`);
  out.push(...violationLines(cx.violations, threadName));
  if (cx.violations.length === 0) out.push('no property failed');
  out.push(...cx.weak);
  out.push(`replay: ${replayCommand(cx.token)}`);
  return out;
}

function sizeText(cx: Counterexample): string {
  const s = cx.size;
  const plural = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;
  const now = `${plural(s.preemptions, 'preemption')}, ${plural(s.steps, 'step')}, ${plural(s.valueChoices, 'non-default choice')}`;
  const o = cx.original;
  if (o === null || (o.preemptions === s.preemptions && o.steps === s.steps && o.valueChoices === s.valueChoices)) return now;
  return `${now} (shrunk from ${plural(o.preemptions, 'preemption')}, ${plural(o.steps, 'step')}, ${plural(o.valueChoices, 'non-default choice')})`;
}
