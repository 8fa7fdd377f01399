/**
 * A livelock in the gate's reports: the seed's grow/shrink ping-pong on resize3 (a known finding) is
 * shown as its lasso everywhere the gate writes it: report.json splits the trace into the prefix and the
 * cycle, report.md states the lasso and draws the cycle as a Mermaid `loop` block, junit.xml carries the
 * swimlane with the cycle as its own part, and the replay file replays to the same confirmed lasso.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { DEFAULT_REPEATS } from '../../explorer/lasso-confirm.ts';
import { parseReport } from '../../report/schema.ts';
import { capture } from '../cli/io.ts';

async function run(args: string[]) {
  const c = capture();
  const code = await main(args, c.io);
  return { code, out: c.out, err: c.err };
}

describe('a livelock in report.json, report.md, junit.xml and its replay file', () => {
  it('resize3 (sc): the ping-pong as a fair lasso, its cycle a part of its own, confirmed again on replay', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'mc-lasso-')), 'out');
    const r = await run(['gate', '--scenarios', 'resize3', '--memory', 'sc', '--no-sequential', '--race-executions', '0', '--jobs', '0', '--report-dir', dir]);
    expect(r.code).toBe(0);
    expect(r.out.join('\n')).toMatch(/a fair lasso \(a prefix of \d+ steps, a cycle of 3\) found in \d+ random walks/);
    expect(r.out.join('\n')).toMatch(/known finding LIVELOCK \(.*It needs a perfect alternation forever/);

    const doc = parseReport(JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')), dir);
    const cx = doc.scenarios[0]?.counterexamples.find((c) => c.property === 'LIVELOCK');
    const lasso = cx?.lasso ?? null;
    // The cycle is the ping-pong's round (test/scenarios/livelock.test.ts says why): the shrink pops, then frees the
    // element (a step of its own, since a free writes the element's words), then the grow refills; both enabled throughout.
    expect(lasso).toMatchObject({ cycleSteps: 3, stepping: ['T1', 'T2'], enabledThroughout: ['T1', 'T2'], fairness: 'strong', evidence: 'visible', replays: DEFAULT_REPEATS });
    if (cx === undefined || lasso === null) return;
    // Prefix and cycle split the trace, the cycle holding exactly the steps after the prefix.
    expect([...lasso.prefix, ...lasso.cycle]).toEqual(cx.trace);
    expect([...new Set(lasso.cycle.map((e) => e.step))]).toEqual([lasso.prefixSteps + 1, lasso.prefixSteps + 2, lasso.prefixSteps + 3]);
    expect(cx.steps).toBe(lasso.prefixSteps + lasso.cycleSteps);

    const md = readFileSync(join(dir, 'report.md'), 'utf8');
    expect(md).toContain(`Lasso: a prefix of ${lasso.prefixSteps} steps, then a cycle of 3 steps`);
    expect(md).toContain(`cycle (repeats forever): steps ${lasso.prefixSteps + 1}-${lasso.prefixSteps + 3}`);
    // In the diagram the cycle is a loop block holding the cycle's steps and nothing else.
    const diagram = md.slice(md.indexOf('```mermaid'));
    const loop = diagram.slice(diagram.indexOf('  loop cycle'), diagram.indexOf('\n  end\n'));
    expect(loop.split('\n').slice(1).map((l) => /^ {4}P\d->>K: (\d+) /.exec(l)?.[1])).toEqual(lasso.cycle.map((e) => String(e.step)));

    const xml = readFileSync(join(dir, 'junit.xml'), 'utf8');
    expect(xml).toContain('cycle (repeats forever)');
    expect(xml).toMatch(/<testcase classname="mempool-check.resize3.sc" name="LIVELOCK"[^>]*>\s*<properties>\s*<property name="reason" value="known finding: [^"]*perfect alternation forever/);

    const replayed = await run(['replay', join(dir, 'resize3-sc-livelock.replay.json')]);
    expect(replayed.code).toBe(1);
    expect(replayed.out).toContain(`lasso: a prefix of ${lasso.prefixSteps} steps, then a cycle of 3 steps that repeats forever`);
    // The finding itself says that what it shows needs the two resizers' exact alternation forever.
    expect(replayed.out.some((l) => l.startsWith('FAILED LIVELOCK') && l.includes('as shown it needs T1, T2 to keep to this interleaving exactly, forever'))).toBe(true);
    expect(replayed.out.some((l) => l.includes('confirmed by 100 replays of the cycle; after each repetition the state was the one the cycle started from'))).toBe(true);
  });
});
