/**
 * What a SPIN error trail shows, read from `spin -t -p <model>` (the trail replayed step by step):
 * the threads that move inside an acceptance or non-progress cycle, and where each thread stands at the
 * end, named by the seed's line (the `Lnnn` note on the model's line).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface TrailSummary {
  /** Threads (proctype names) with a step after <<<<<START OF CYCLE>>>>>; empty without a cycle. */
  readonly movingInCycle: readonly string[];
  /** Threads not at a valid end state when the trail ends, with where they are. */
  /** The first assertion that failed and where, if the trail ends in one (else a cycle or an invalid end state). */
  readonly assertion: { readonly text: string; readonly at: string } | null;
  readonly unfinished: readonly { readonly thread: string; readonly seedLine: string }[];
}

const STEP = /^\s*\d+:\s+proc\s+\d+ \((\w+):\d+\) (\S+):(\d+) \(state \d+\)(.*)$/;

/**
 * Where line `line` of a model file in `dir` is: the seed line or property noted on it (`L262`,
 * `NO-LEAK`), else the inline
 * it belongs to (SPIN names a step inside an inline by the inline's own line, not by its call site).
 */
function seedLineOf(dir: string, file: string, line: number): string {
  const lines = readFileSync(join(dir, file), 'utf8').split('\n');
  const note = /L\d+|NO-LEAK|OWNERSHIP|BOUNDS/.exec(lines[line - 1] ?? '')?.[0];
  if (note !== undefined) return note;
  for (let i = line - 1; i >= 0; i--) {
    const inline = /^inline (\w+)/.exec(lines[i] ?? '');
    if (inline !== null) return `${inline[1] ?? ''}() (${file}:${line})`;
  }
  return `${file}:${line}`;
}

export function summarizeTrail(dir: string, replay: string): TrailSummary {
  const lines = replay.split('\n');
  const cycleStart = lines.findIndex((l) => l.includes('START OF CYCLE'));
  const finalStart = lines.findIndex((l) => l.startsWith('#processes:'));
  const moving = new Set<string>();
  const stuck: { thread: string; seedLine: string }[] = [];
  lines.forEach((l, i) => {
    const m = STEP.exec(l);
    if (m === null) return;
    const [, thread = '', file = '', line = '0', rest = ''] = m;
    if (finalStart >= 0 && i > finalStart) {
      if (!rest.includes('valid end state') && thread !== ':init:') stuck.push({ thread, seedLine: seedLineOf(dir, file, Number(line)) });
    } else if (cycleStart >= 0 && i > cycleStart && rest.includes('[')) {
      moving.add(thread);
    }
  });
    const failed = /^spin: (\S+):(\d+), Error: assertion violated\n.*text of failed assertion: (.*)$/m.exec(replay);
  const assertion = failed === null ? null : { text: failed[3] ?? '', at: seedLineOf(dir, failed[1] ?? '', Number(failed[2])) };
  return { movingInCycle: [...moving].sort(), assertion, unfinished: stuck };
}
