/**
 * Text swimlanes: one column per thread, one row per scheduling step (the step's operations, each
 * with its seed line), the pool's state where a step changed it, how each thread ended, then the
 * property that failed and why, and the command that replays it.
 */
import { describeScenario } from '../scenarios/spec.ts';
import { replayCommand, type Counterexample } from '../run/counterexample.ts';
import type { Violation } from '../explorer/monitor.ts';
import { evidenceText, type Lasso } from '../explorer/lasso.ts';
import { buildRows, type Row, type RowLine, type Rows } from './rows.ts';
import { configLine } from '../run/run-config.ts';

const SEP = ' | ';

const cellText = (l: RowLine): string => (l.line === '' ? `     ${l.text}` : `${l.line.padEnd(4)} ${l.text}`);

/** Where a lasso's cycle lies among the steps: after step `from`, up to and including step `to`. */
export interface CycleSpan {
  readonly from: number;
  readonly to: number;
}

/** The table of concurrent steps; for a livelock, the prefix and then the cycle as parts of their own. */
export function swimlane(rows: Rows, cycle: CycleSpan | null = null): string[] {
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
  const first = rows.rows[0]?.step ?? null;
  if (cycle !== null) out.push(`prefix: ${first === null || first > cycle.from ? 'the threads start' : `steps ${first}-${cycle.from}`}`);
  let inCycle = false;
  for (const [index, cells] of table.entries()) {
    const step = rows.rows[index]?.step ?? null;
    if (cycle !== null && !inCycle && step !== null && step > cycle.from) {
      inCycle = true;
      out.push(`cycle (repeats forever): steps ${cycle.from + 1}-${cycle.to}, then back to the state after step ${cycle.from} (up to the names of elements)`);
    }
    if (cycle !== null && index === rows.rows.length) out.push('where the threads are when the cycle closes:');
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
  const cycle = cx.lasso === null ? null : { from: cx.lasso.prefixSteps, to: cx.lasso.prefixSteps + cx.lasso.cycleSteps };
  out.push('', ...swimlane(rows, cycle), '');
  if (rows.teardown.length > 0) {
    out.push('teardown (final mempool_destroy):');
    for (const l of rows.teardown) out.push(`  ${cellText(l)}`);
  }
  out.push(`execution ended: ${cx.end}`);
  out.push(...violationLines(cx.violations, threadName));
  if (cx.violations.length === 0) out.push('no property failed');
  out.push(...cx.weak);
  if (cx.lasso !== null) out.push(...lassoLines(cx.lasso, threadName));
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

/** What a livelock's lasso rests on: who steps in the cycle, its fairness, its evidence. */
function lassoLines(lasso: Lasso, threadName: (tid: number) => string): string[] {
  const f = lasso.fairness;
  const names = (tids: readonly number[]): string => (tids.length === 0 ? 'none' : tids.map(threadName).join(', '));
  return [
    `lasso: a prefix of ${lasso.prefixSteps} steps, then a cycle of ${lasso.cycleSteps} step${lasso.cycleSteps === 1 ? '' : 's'} that repeats forever`,
    `  stepping in the cycle: ${names(f.stepping)}; enabled throughout it: ${names(f.enabledThroughout)}; enabled somewhere in it: ${names(f.enabledSometime)} (${f.stronglyFair ? 'strongly fair' : 'weakly fair'})`,
    `  evidence: ${evidenceText(lasso.evidence)}; after each repetition the state was the one the cycle started from`,
  ];
}
