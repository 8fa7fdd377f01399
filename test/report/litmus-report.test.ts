/**
 * `litmus --report-dir`: the same files as the other commands (report.json with schemaVersion and the
 * same keys, junit.xml, report.md), a row per file judged by LITMUS-VERDICT; the document's verdict
 * follows the command's exit code (0 pass, 1 fail, 3 incomplete).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { parseReport, SCHEMA_VERSION } from '../../report/schema.ts';
import { capture } from '../cli/io.ts';

const TESTS = new URL('../../litmus/tests/', import.meta.url).pathname;

async function litmus(args: string[]): Promise<{ code: number; dir: string }> {
  const dir = join(mkdtempSync(join(tmpdir(), 'mc-litmus-report-')), 'out');
  const code = await main(['litmus', ...args, '--no-progress', '--report-dir', dir], capture().io);
  return { code, dir };
}

const doc = (dir: string) => parseReport(JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')), dir);

describe('litmus --report-dir', () => {
  it('every verdict as expected: pass, a row per file, junit test cases that pass', async () => {
    const { code, dir } = await litmus([`${TESTS}MP+wmb+rmb.litmus`, `${TESTS}MEMPOOL+nowmb+rmb.litmus`]);
    expect(code).toBe(0);
    const d = doc(dir);
    expect(d).toMatchObject({ schemaVersion: SCHEMA_VERSION, command: 'litmus', verdict: 'pass', complete: true });
    expect(d.scenarios.map((r) => [r.scenario, r.status, r.verdict])).toEqual([
      ['MP+wmb+rmb', 'ok', 'pass'],
      ['MEMPOOL+nowmb+rmb', 'ok', 'pass'],
    ]);
    const junit = readFileSync(join(dir, 'junit.xml'), 'utf8');
    expect(junit).toMatch(/tests="2" failures="0"/);
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).toMatch(/^# mempool-check litmus: PASS/);
  });

  it('a verdict that differs fails (exit 1), a budget cut is incomplete (exit 3), bad input is a failing row (exit 2)', async () => {
    const sc = await litmus([`${TESTS}SB+poonceonces.litmus`, '--memory', 'sc']);
    expect(sc.code).toBe(1);
    expect(doc(sc.dir)).toMatchObject({ verdict: 'fail', scenarios: [{ status: 'unexpected', failedProperties: ['LITMUS-VERDICT'] }] });
    expect(readFileSync(join(sc.dir, 'junit.xml'), 'utf8')).toMatch(/failures="1"/);
    // MP+wmb+rmb needs 12 executions to be shown forbidden (test/litmus/cli.test.ts): 2 cannot decide it.
    const cut = await litmus([`${TESTS}MP+wmb+rmb.litmus`, '--max-executions', '2']);
    expect(cut.code).toBe(3);
    expect(doc(cut.dir)).toMatchObject({ verdict: 'incomplete', complete: false, scenarios: [{ status: 'incomplete' }] });
    const bad = join(mkdtempSync(join(tmpdir(), 'mc-litmus-bad-')), 'bad.litmus');
    writeFileSync(bad, 'C bad\n{}\nP0(int *x)\n{\n\tint r0;\n\tr0 = cmpxchg(x, 0, 1);\n}\nexists (0:r0=0)\n');
    const b = await litmus([bad]);
    expect(b.code).toBe(2);
    expect(doc(b.dir).scenarios[0]?.why).toMatch(/^bad input: line 6: unsupported construct 'cmpxchg'/);
  });
});
