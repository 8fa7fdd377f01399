/**
 * The message for an implementation that is not deterministic: what the explorer noticed, the first
 * operation two re-runs of the same schedule disagree on (both versions, with their source lines),
 * and the likely cause.
 */
import type { Divergence, Rerun } from '../run/nondeterminism.ts';
import type { TraceEvent } from '../run/record.ts';
import { makeNamer } from '../run/names.ts';
import { Describer } from './describe.ts';

export const LIKELY_CAUSE =
  'likely cause: state kept outside kernel memory, in a JavaScript variable or object field that changes after create (a counter, a flag, a cache). ' +
  'Keep everything that changes in kernel memory (cells read and written with load/store): an execution must be a function of its schedule';

export function nondeterminismLines(d: Divergence, impl: string | null): string[] {
  const who = impl === null ? 'the implementation' : impl.replace(/^file:/, '');
  const lines = [`${who} is not deterministic: the same schedule ran differently (${d.noticed})`];
  const f = d.first;
  if (f === null) {
    lines.push('  re-running it gave the same operations each time: what differed changed during earlier executions');
  } else {
    const name = f.runBefore.threadNames[f.tid] ?? f.runAfter.threadNames[f.tid] ?? `thread ${f.tid}`;
    lines.push(`  first difference: the ${ordinal(f.nth)} operation of ${name}`);
    lines.push(`    one run:      ${eventText(f.runBefore, f.before)}`);
    lines.push(`    the next run: ${eventText(f.runAfter, f.after)}`);
  }
  lines.push(`  ${LIKELY_CAUSE}`);
  return lines;
}

function eventText(run: Rerun, e: TraceEvent | null): string {
  if (e === null) return 'nothing: the run ended before it';
  let text = e.op.kind as string;
  if (run.kernel !== null) {
    const describer = new Describer(makeNamer(run.kernel, run.setup, run.events), (tid) => run.threadNames[tid] ?? `thread ${tid}`);
    // Described in order: a return names the call it belongs to.
    for (const ev of run.events) {
      const t = describer.describe(ev);
      if (ev === e) {
        text = t;
        break;
      }
    }
  }
  const where = e.site.label === null ? '' : ` at ${e.site.label}`;
  const statement = e.site.statement === null || e.site.seedLine !== null ? '' : `: ${e.site.statement}`;
  return `${text}${where}${statement}`;
}

function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}
