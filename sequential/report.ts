/** The sequential check's report as text: what was exercised, the verdict, and a failure to act on. */
import type { SequentialReport } from './check.ts';
import { formatDisagreement } from './disagreement.ts';
import type { Counts } from './tally.ts';

const inline = (c: Counts): string => Object.entries(c).map(([k, v]) => `${k} ${v}`).join(', ') || 'none';

function table(c: Counts): string[] {
  const width = Math.max(0, ...Object.keys(c).map((k) => k.length));
  return Object.entries(c).map(([k, v]) => `  ${k.padEnd(width)}  ${v}`);
}

/** The command that replays a failure exactly (same seed, path and command replay path). */
export function replayCommand(r: SequentialReport): string | null {
  const f = r.failure;
  if (f === null) return null;
  const rp = f.replay.replayPath === null ? '' : ` --replay-path '${f.replay.replayPath}'`;
  // Runnable from a clone, as explore's replay line is.
  return `npm run mempool-check -- check --impl ${r.impl} --profile ${r.profile} --seed ${f.replay.seed} --path '${f.replay.path}'${rp}`;
}

export function formatSequentialReport(r: SequentialReport): string[] {
  const e = r.exercised;
  const lines = [
    `sequential model-based check of ${r.impl} (seed ${r.seed}, ${r.runs} runs) against the ${r.profile} ${r.profile === 'contract' ? '' : 'profile'}`.trimEnd(),
    `command sequences run: ${r.sequences} (${r.commands} commands executed)`,
    'operations exercised:',
    ...table(e.operations),
    `GFP classes: ${inline(e.gfp)}`,
    `backends (pools created): ${inline(e.backends)}`,
    `fault modes set: ${inline(e.faults)}`,
  ];
  const f = r.failure;
  if (f === null) {
    if (r.verdict === 'incomplete') lines.push(`verdict: INCOMPLETE (interrupted after ${r.sequences} of ${r.runs} command sequences; the implementation agreed with the model in every one)`);
    else lines.push('verdict: PASS (the implementation agreed with the model after every command)');
    return lines;
  }
  lines.push(`verdict: FAIL (counterexample shrunk to ${f.shrunkLength} command(s)${r.interrupted === true ? '; shrinking was interrupted' : ''})`);
  lines.push(...formatDisagreement(f.disagreement, f.transcript).split('\n'));
  lines.push(`replay: ${replayCommand(r) ?? ''}`);
  return lines;
}
