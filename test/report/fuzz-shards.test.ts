/**
 * `fuzz --shard i/n`, `fuzz --jobs N` and `merge`: the i-th random scenario is drawn from the seed and
 * i alone, so shards (ranges of run indices) and worker threads together cover exactly what one run
 * covers, and one run stops at its first failing scenario: the merged shards' report, and a run on
 * worker threads, are the report of one run in this thread (timings aside).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { parseReport, type ReportDocument } from '../../report/schema.ts';
import { shardRange } from '../../run/fuzz-parts.ts';
import { capture } from '../cli/io.ts';

async function run(args: string[]) {
  const c = capture();
  const code = await main(args, c.io);
  return { code, out: c.out, err: c.err };
}

const readDoc = (dir: string): ReportDocument => parseReport(JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')), dir);

/** Timings and the bookkeeping of how the document was made are not results. */
function results(doc: ReportDocument): unknown {
  return JSON.parse(JSON.stringify(doc, (key, value: unknown) => (key === 'seconds' || key === 'mergedShards' ? undefined : value)));
}
const junitResults = (xml: string): string => xml.replace(/ time="[^"]*"/g, '');

/** Shards 1..n of a fuzz run, merged; returns the merged directory and the shards' exit codes. */
async function shardsMerged(fuzz: string[], n: number, base: string): Promise<{ dir: string; codes: number[]; merged: Awaited<ReturnType<typeof run>> }> {
  const codes: number[] = [];
  for (let i = 1; i <= n; i++) codes.push((await run([...fuzz, '--shard', `${i}/${n}`, '--report-dir', join(base, `shard${i}`)])).code);
  const dirs = Array.from({ length: n }, (_, i) => join(base, `shard${n - i}`));
  const merged = await run(['merge', ...dirs, '--report-dir', join(base, 'merged')]);
  return { dir: join(base, 'merged'), codes, merged };
}

describe('fuzz shards and jobs', () => {
  it('shards are contiguous ranges of run indices, each index in exactly one', () => {
    for (const runs of [1, 7, 12, 100]) {
      for (const n of [1, 2, 3, 5, runs + 2]) {
        const ranges = Array.from({ length: n }, (_, i) => shardRange(runs, { index: i + 1, count: n }));
        const indices = ranges.flatMap((r) => Array.from({ length: r.to - r.from }, (_, j) => r.from + j));
        expect(indices).toEqual(Array.from({ length: runs }, (_, i) => i));
      }
    }
  });

  it('a failing run: three shards merged, and --jobs 2, equal one run (report.json but timings, junit.xml, exit code)', async () => {
    const base = mkdtempSync(join(tmpdir(), 'mc-fuzz-shards-'));
    // What this test needs of seed 1 on this mutant: its first failure lies in the third shard, after
    // scenarios of the first two shards that pass (it is at run index 9).
    const fuzz = ['fuzz', '--impl', 'mutant:free-no-wake', '--seed', '1', '--runs', '12', '--executions', '300', '--no-progress'];
    const one = await run([...fuzz, '--report-dir', join(base, 'one')]);
    expect(one.code).toBe(1);
    const a = readDoc(join(base, 'one'));
    const failedAt = a.fuzz?.failedAt ?? -1;
    const third = shardRange(12, { index: 3, count: 3 });
    expect(third.from <= failedAt && failedAt < third.to, `failed at ${failedAt}`).toBe(true);
    // Runs 0..failedAt ran; the ones after it (named from 1) did not.
    expect(a).toMatchObject({ command: 'fuzz', verdict: 'fail', fuzz: { failedAt, scenarios: failedAt + 1, stoppedBy: 'failure' } });
    expect(a.plan.notRun).toEqual(Array.from({ length: 12 - failedAt - 1 }, (_, i) => `random-1-${failedAt + 2 + i}`));
    expect(a.scenarios.map((r) => r.failedProperties)).toEqual([[a.fuzz?.property]]);

    const { dir, codes, merged } = await shardsMerged(fuzz, 3, base);
    // The two shards before the failure pass (random testing: incomplete, 3), the third fails (1).
    expect(codes).toEqual([3, 3, 1]);
    expect(merged.code).toBe(one.code);
    const b = readDoc(dir);
    expect(b.plan.mergedShards).toBe(3);
    expect(results(b)).toEqual(results(a));
    expect(junitResults(readFileSync(join(dir, 'junit.xml'), 'utf8'))).toBe(junitResults(readFileSync(join(base, 'one', 'junit.xml'), 'utf8')));
    // The replay file of the failure is there, and the same.
    const replay = a.replayFiles[0] ?? '';
    expect(readFileSync(join(dir, replay), 'utf8')).toBe(readFileSync(join(base, 'one', replay), 'utf8'));

    const jobs = await run([...fuzz, '--jobs', '2', '--report-dir', join(base, 'jobs')]);
    expect(jobs.code).toBe(one.code);
    expect(results(readDoc(join(base, 'jobs')))).toEqual(results(a));
    expect(jobs.out).toEqual(one.out);
  });

  it('a run without a failure: the merged shards are incomplete (random testing never is complete), exit 3, as one run', async () => {
    const base = mkdtempSync(join(tmpdir(), 'mc-fuzz-shards-'));
    // Seed 2 draws its first failing scenario on the port at index 14 (test/run/fuzz.test.ts): 9 pass.
    const fuzz = ['fuzz', '--seed', '2', '--runs', '9', '--executions', '300', '--no-progress'];
    const one = await run([...fuzz, '--report-dir', join(base, 'one')]);
    expect(one.code).toBe(3);
    const a = readDoc(join(base, 'one'));
    expect(a).toMatchObject({ verdict: 'incomplete', complete: false, scenarios: [], fuzz: { scenarios: 9, failedAt: null, stoppedBy: 'runs' } });
    const { dir, codes, merged } = await shardsMerged(fuzz, 2, base);
    expect(codes).toEqual([3, 3]);
    expect(merged.code).toBe(3);
    expect(results(readDoc(dir))).toEqual(results(a));
    // A missing shard leaves its scenarios not run.
    const partial = await run(['merge', join(base, 'shard1'), '--json']);
    expect(partial.code).toBe(3);
    // Shard 1 of 2 over 9 runs holds runs 0..3 (shardRange): 4 scenarios, the 5 of shard 2 not run.
    const first = shardRange(9, { index: 1, count: 2 });
    const notRun = Array.from({ length: 9 - first.to }, (_, i) => `random-2-${first.to + 1 + i}`);
    expect(JSON.parse(partial.out.join('\n'))).toMatchObject({ verdict: 'incomplete', fuzz: { scenarios: first.to - first.from }, plan: { notRun } });
  });

  it('--jobs 2 interrupted: the workers stop, no further scenario starts, the report says interrupted and incomplete, exit 3', async () => {
    const base = mkdtempSync(join(tmpdir(), 'mc-fuzz-shards-'));
    // Ctrl-C at the third clock reading: the clock is read before each scenario is handed out, so a few
    // scenarios start (how many depends on the threads), far fewer than the 14 before the port's failure.
    const c = capture({ interruptAt: 3 });
    const code = await main(['fuzz', '--seed', '2', '--runs', '1000', '--executions', '300', '--jobs', '2', '--report-dir', join(base, 'out')], c.io);
    expect(code).toBe(3);
    expect(c.out[1]).toMatch(/^INCOMPLETE: no property failed in \d+ random scenarios? \(.*\) \(interrupted\)$/);
    const d = readDoc(join(base, 'out'));
    expect(d).toMatchObject({ verdict: 'incomplete', interrupted: true, fuzz: { stoppedBy: 'interrupted', failedAt: null } });
    expect(d.fuzz?.scenarios).toBeLessThan(14);
  });
});
