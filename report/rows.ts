/**
 * A recorded run as rows: one per scheduling step of a concurrent thread (the visible operation and
 * what merged into it), each operation with its seed line; the setup and teardown threads, which run
 * alone, as plain lists. The text swimlane and the JSON counterexample are both drawn from this.
 */
import { match } from 'ts-pattern';
import type { Op, OpKind } from '../kernel/rt/ops.ts';
import type { PoolSnapshot } from '../impl/pool-impl.ts';
import { Describer } from './describe.ts';
import { makeNamer, type Namer } from '../run/names.ts';
import type { RecordedRun, ThreadEnd, TraceEvent } from '../run/record.ts';

export interface RowLine {
  /** The operation's kind (`mark` for the thread program's own calls and returns). */
  readonly kind: OpKind | 'note';
  /** Seed line (`L222`), or '' for harness operations (the thread program's own steps). */
  readonly line: string;
  /** Every seed line on the implementation's call stack, innermost first. */
  readonly chain: readonly string[];
  readonly text: string;
}

export interface Row {
  /** Scheduling step (kernel step number), or null for what threads did when they started. */
  readonly step: number | null;
  /** Lines per thread id (only the stepping thread has lines, except in the start row). */
  readonly lines: ReadonlyMap<number, readonly RowLine[]>;
  /** The pool after the step, when it changed. */
  readonly pool: string | null;
}

export interface Rows {
  readonly names: Namer;
  readonly threadNames: readonly string[];
  readonly workers: readonly number[];
  readonly setup: readonly RowLine[];
  /** Steps the setup thread took (concurrent steps are numbered after them). */
  readonly setupSteps: number;
  readonly poolAfterSetup: string | null;
  readonly rows: readonly Row[];
  readonly teardown: readonly RowLine[];
  readonly ends: ReadonlyMap<number, string>;
}

export const poolText = (p: PoolSnapshot | null, names: Namer): string | null =>
  p === null ? null : `curr_nr ${p.curr_nr}/min_nr ${p.min_nr} [${p.reserve.map((e) => names.ptr(e)).join(' ')}]`;

export function buildRows(run: RecordedRun): Rows {
  const kernel = run.result.kernel;
  const names = makeNamer(kernel, run.result.setup, run.events);
  const threadName = (tid: number): string => run.threadNames[tid] ?? `thread ${tid}`;
  const describer = new Describer(names, threadName);
  const workers = new Set(run.workers);
  const setup: RowLine[] = [];
  const teardown: RowLine[] = [];
  const start = new Map<number, RowLine[]>();
  const rows: { step: number; tid: number; lines: RowLine[] }[] = [];
  const current = new Map<number, RowLine[]>();
  let setupSteps = 0;
  for (const e of run.events) {
    if (e.tid === 0) setupSteps = Math.max(setupSteps, e.step);
    const line = rowLine(e, describer.describe(e));
    if (!workers.has(e.tid)) {
      (e.tid === 0 ? setup : teardown).push(line);
      continue;
    }
    let lines = current.get(e.tid);
    if (e.visible) {
      lines = [];
      current.set(e.tid, lines);
      rows.push({ step: e.step, tid: e.tid, lines });
    } else if (lines === undefined) {
      // Merged operations before the thread's first scheduling point ran when it was started.
      lines = start.get(e.tid) ?? [];
      start.set(e.tid, lines);
    }
    lines.push(line);
  }
  let lastPool = poolText(run.poolAfterSetup, names);
  const out: Row[] = [];
  if (start.size > 0) out.push({ step: null, lines: start, pool: null });
  for (const r of rows) {
    if (run.sleptAfter.has(r.step)) r.lines.push({ kind: 'note', line: '', chain: [], text: '(sleeps)' });
    const pool = poolText(run.poolAfterStep.get(r.step) ?? null, names);
    const changed = pool !== null && pool !== lastPool;
    if (changed) lastPool = pool;
    out.push({ step: r.step, lines: new Map([[r.tid, r.lines]]), pool: changed ? pool : null });
  }
  const ends = new Map<number, string>();
  for (const tid of run.workers) ends.set(tid, endText(run.ends.get(tid), names));
  return {
    names,
    threadNames: run.threadNames,
    workers: run.workers,
    setup,
    setupSteps,
    poolAfterSetup: poolText(run.poolAfterSetup, names),
    rows: out,
    teardown,
    ends,
  };
}

function rowLine(e: TraceEvent, text: string): RowLine {
  return { kind: e.op.kind, line: e.site.label ?? '', chain: e.site.chain, text };
}

function endText(end: ThreadEnd | undefined, names: Namer): string {
  if (end === undefined) return 'not started';
  return match(end)
    .with({ kind: 'returned' }, () => 'returned')
    .with({ kind: 'dead' }, () => 'killed (BUG)')
    .with({ kind: 'asleep' }, (e) => `asleep in io_schedule_timeout${at(e.site.label)}, never woken`)
    .with({ kind: 'waiting' }, (e) => `${e.enabled ? `stopped before ${e.op.kind}` : waitingFor(e.op, names)}${at(e.site.label)}`)
    .exhaustive();
}

function waitingFor(op: Op, names: Namer): string {
  switch (op.kind) {
    case 'lock':
      return `spinning on ${names.loc(op.lock)}`;
    case 'await':
      return `waiting for ${names.loc(op.loc)}`;
    default:
      return `stopped before ${op.kind}`;
  }
}

const at = (line: string | null): string => (line === null ? '' : ` (${line})`);
