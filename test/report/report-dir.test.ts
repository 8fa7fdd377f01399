/**
 * `gate --report-dir`: report.json (valid against its schema), junit.xml, report.md and replay files
 * that replay; an interrupted gate leaves complete files that say incomplete and what was covered.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { parseReport, type ReportDocument } from '../../report/schema.ts';
import { checkedProperties } from '../../run/properties.ts';
import { capture, type FakeOptions } from '../cli/io.ts';

async function run(args: string[], options: FakeOptions = {}) {
  const c = capture(options);
  const code = await main(args, c.io);
  return { code, out: c.out, err: c.err };
}

const readDoc = (dir: string): ReportDocument => parseReport(JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')), dir);
const count = (text: string, re: RegExp): number => (text.match(re) ?? []).length;

describe('gate --report-dir', () => {
  it('writes report.json, junit.xml, report.md and one replay file per counterexample, each of which replays', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'mc-report-')), 'out');
    const r = await run(['gate', '--scenarios', 'pair2,zero-min', '--memory', 'sc', '--report-dir', dir]);
    expect(r.code).toBe(0);
    const doc = readDoc(dir);
    expect(doc).toMatchObject({ schemaVersion: 1, command: 'gate', implementation: 'v4.1', verdict: 'pass', complete: true, interrupted: false, running: false });
    expect(doc.plan.ran).toEqual(doc.plan.all);
    expect(doc.plan.all).toEqual(['sequential', 'pair2/sc', 'zero-min/sc', 'races/pair2', 'races/zero-min']);
    expect(doc.summary).toBe(r.out[r.out.length - 1]);

    // JUnit: the sequential check, one case per property per row, and the race pass (no race: one case).
    const xml = readFileSync(join(dir, 'junit.xml'), 'utf8');
    const properties = checkedProperties().length;
    expect(count(xml, /<testcase /g)).toBe(1 + 2 * properties + 1);
    // zero-min's two known findings are skipped with their reason; nothing failed.
    expect(xml).toMatch(/<testsuites [^>]*failures="0" errors="0" skipped="2"/);
    expect(xml).toContain('known finding: with min_nr 0');

    const md = readFileSync(join(dir, 'report.md'), 'utf8');
    expect(md).toContain('| scenario | memory | strategy | executions | verdict | failed properties | status |');
    // One sequence diagram per counterexample: zero-min's two known findings (NO-DEADLOCK, NO-LOST-WAKEUP).
    expect(count(md, /```mermaid/g)).toBe(doc.scenarios.flatMap((s) => s.counterexamples).length);
    expect(count(md, /```mermaid/g)).toBe(2);

    const files = readdirSync(dir).filter((f) => f.endsWith('.replay.json')).sort();
    expect(files).toEqual(['zero-min-sc-no-deadlock.replay.json', 'zero-min-sc-no-lost-wakeup.replay.json']);
    expect([...doc.replayFiles].sort()).toEqual(files);
    for (const f of files) {
      const replayed = await run(['replay', join(dir, f)]);
      const property = (JSON.parse(readFileSync(join(dir, f), 'utf8')) as { property: string }).property;
      expect(replayed.code).toBe(1);
      expect(replayed.out.some((l) => l.startsWith(`FAILED ${property} `))).toBe(true);
    }
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('an interrupted gate leaves complete files that say incomplete and what was covered: exit 3', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mc-report-'));
    // Ctrl-C at the fifth clock reading: inside the first exploration (trio3 under sc takes thousands of executions).
    // --jobs 0: in this thread, where the fake clock and Ctrl-C of the test io reach the exploration.
    const r = await run(['gate', '--scenarios', 'trio3,pair2', '--no-sequential', '--jobs', '0', '--report-dir', dir], { interruptAt: 5 });
    expect(r.code).toBe(3);
    const doc = readDoc(dir);
    expect(doc).toMatchObject({ verdict: 'incomplete', complete: false, interrupted: true, running: false });
    expect(doc.plan.ran).toEqual(['trio3/sc']);
    expect(doc.plan.notRun).toEqual(['trio3/weak', 'pair2/sc', 'pair2/weak', 'races/trio3', 'races/pair2']);
    expect(doc.scenarios[0]).toMatchObject({ scenario: 'trio3', stoppedBy: 'interrupted', verdict: 'incomplete', status: 'incomplete' });
    expect(doc.summary).toMatch(/^gate: INCOMPLETE \(.*5 of 6 units not run, interrupted\)$/);
    const xml = readFileSync(join(dir, 'junit.xml'), 'utf8');
    expect(xml).not.toMatch(/failures="[1-9]/);
    // Nothing is passed: trio3's properties are skipped as incomplete, the units that never ran as not run.
    expect(count(xml, /<skipped\/>/g)).toBe(checkedProperties().length + 5);
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).toContain('The run was interrupted');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('check and races write the same kind of report: the sequential failure and each race replay from their files', async () => {
    const base = mkdtempSync(join(tmpdir(), 'mc-report-'));
    expect((await run(['check', '--impl', 'mutant:grow-no-copy', '--report-dir', join(base, 'check')])).code).toBe(1);
    const check = readDoc(join(base, 'check'));
    expect(check).toMatchObject({ command: 'check', verdict: 'fail', replayFiles: ['sequential-mutant-grow-no-copy.replay.json'] });
    expect(readFileSync(join(base, 'check', 'junit.xml'), 'utf8')).toMatch(/<testsuites [^>]*tests="1" failures="1"/);
    const replayed = await run(['replay', join(base, 'check', 'sequential-mutant-grow-no-copy.replay.json')]);
    expect(replayed.code).toBe(1);
    expect(replayed.out.some((l) => l.startsWith('verdict: FAIL'))).toBe(true);

    expect((await run(['races', 'atomic2', '--report-dir', join(base, 'races')])).code).toBe(0);
    const races = readDoc(join(base, 'races'));
    expect(races).toMatchObject({ command: 'races', verdict: 'pass', summary: 'races: PASS (1 known race)' });
    for (const f of races.replayFiles) expect((await run(['replay', join(base, 'races', f)])).code).toBe(0);
  });
});
