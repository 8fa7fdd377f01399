/**
 * `gate --shard i/n` and `merge`: n shards together run each unit of the plan exactly once, and their
 * reports merged are the report of one unsharded run (timings aside).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { parseReport, type ReportDocument } from '../../report/schema.ts';
import { gatePlan, parseShard, shardOf } from '../../run/gate/plan.ts';
import { SCENARIOS } from '../../scenarios/registry.ts';
import { capture } from '../cli/io.ts';

async function run(args: string[]) {
  const c = capture();
  const code = await main(args, c.io);
  return { code, out: c.out, err: c.err };
}

const readDoc = (dir: string): ReportDocument => parseReport(JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')), dir);

/** Timings and the bookkeeping of how the document was made are not results. */
function results(doc: ReportDocument): unknown {
  const text = JSON.stringify(doc, (key, value: unknown) => (key === 'seconds' || key === 'mergedShards' ? undefined : value));
  return JSON.parse(text);
}
const junitResults = (xml: string): string => xml.replace(/ time="[^"]*"/g, '');

describe('shards', () => {
  it('every unit of the plan is in exactly one shard, whatever n', () => {
    const plan = gatePlan({ impl: 'v4.1', scenarios: [...SCENARIOS.values()], memories: ['sc', 'weak'], sequential: true, timeLimit: 20, raceBudget: 300 });
    for (const n of [1, 2, 3, 5, plan.length + 2]) {
      const ids = Array.from({ length: n }, (_, i) => shardOf(plan, { index: i + 1, count: n }).map((u) => u.id)).flat();
      expect(ids.sort()).toEqual(plan.map((u) => u.id).sort());
    }
  });

  it('refuses a shard outside 1..n', () => {
    expect(() => parseShard('0/3')).toThrow(/1 <= i <= n/);
    expect(() => parseShard('4/3')).toThrow(/1 <= i <= n/);
    expect(() => parseShard('2')).toThrow(/i\/n/);
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
  });

  it('three shards merged equal one run: report.json (but timings), junit.xml, the exit code', async () => {
    const base = mkdtempSync(join(tmpdir(), 'mc-shards-'));
    const gate = ['gate', '--scenarios', 'pair2,zero-min,atomic2'];
    const one = await run([...gate, '--report-dir', join(base, 'one')]);
    for (const i of [1, 2, 3]) expect((await run([...gate, '--shard', `${i}/3`, '--report-dir', join(base, `shard${i}`)])).code).toBe(0);
    const shards = [1, 2, 3].map((i) => readDoc(join(base, `shard${i}`)));
    // Each shard ran a third of the plan, and no unit twice.
    expect(shards.map((d) => d.plan.ran.length).reduce((a, b) => a + b)).toBe(readDoc(join(base, 'one')).plan.all.length);
    const merged = await run(['merge', join(base, 'shard1'), join(base, 'shard3'), join(base, 'shard2'), '--report-dir', join(base, 'merged')]);
    expect(merged.code).toBe(one.code);
    expect(one.code).toBe(0);
    const a = readDoc(join(base, 'one'));
    const b = readDoc(join(base, 'merged'));
    expect(b.plan.mergedShards).toBe(3);
    expect(results(b)).toEqual(results(a));
    expect(junitResults(readFileSync(join(base, 'merged', 'junit.xml'), 'utf8'))).toBe(junitResults(readFileSync(join(base, 'one', 'junit.xml'), 'utf8')));
    // The merged text ends with the same verdict line as the unsharded run.
    expect(merged.out[merged.out.length - 1]).toBe(one.out[one.out.length - 1]);
  });

  it('a missing shard leaves its units not run: incomplete, exit 3; the same shard twice is refused', async () => {
    const base = mkdtempSync(join(tmpdir(), 'mc-shards-'));
    const gate = ['gate', '--scenarios', 'pair2', '--memory', 'sc', '--no-sequential'];
    for (const i of [1, 2]) await run([...gate, '--shard', `${i}/2`, '--report-dir', join(base, `shard${i}`)]);
    const partial = await run(['merge', join(base, 'shard1'), '--json']);
    expect(partial.code).toBe(3);
    expect(JSON.parse(partial.out.join('\n'))).toMatchObject({ verdict: 'incomplete', plan: { notRun: ['races/pair2'] } });
    const twice = await run(['merge', join(base, 'shard1'), join(base, 'shard1', 'report.json')]);
    expect(twice.code).toBe(2);
    expect(twice.err).toEqual([expect.stringMatching(/unit pair2\/sc is in two of the reports/)]);
  });
});
