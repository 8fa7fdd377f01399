/** `mempool-check litmus`: verdicts with executions, --json, exit codes, memory options. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { litmusCommand } from '../../cli/commands/litmus.ts';

const TESTS = new URL('../../litmus/tests/', import.meta.url).pathname;

async function run(args: string[]): Promise<{ code: number; out: string[] }> {
  const out: string[] = [];
  const code = await litmusCommand.run(args, { out: (l) => out.push(l), err: (l) => out.push(l) });
  return { code, out };
}

describe('mempool-check litmus', async () => {
  it('prints one JSON result per file with name, verdict and executions', async () => {
    const { code, out } = await run([`${TESTS}MP+wmb+rmb.litmus`, `${TESTS}MEMPOOL+nowmb+rmb.litmus`, '--json']);
    expect(code).toBe(0);
    const results = JSON.parse(out.join('\n')) as { name: string; verdict: string; executions: number; expected: string }[];
    expect(results.map((r) => [r.name, r.verdict, r.expected])).toEqual([
      ['MP+wmb+rmb', 'forbidden', 'forbidden'],
      ['MEMPOOL+nowmb+rmb', 'allowed', 'allowed'],
    ]);
    // MP+wmb+rmb: 12, derived by hand in agreement.test.ts.
    expect(results[0]?.executions).toBe(12);
  });

  it('says when a verdict is a known deviation, and exits 0', async () => {
    const { code, out } = await run([`${TESTS}LB+poonceonces.litmus`]);
    expect(code).toBe(0);
    expect(out.join('\n')).toMatch(/LB\+poonceonces\s+forbidden .*known deviation from LKMM allowed/);
  });

  it('exits 1 when a verdict differs from what the file expects (SC cannot show store buffering)', async () => {
    expect((await run([`${TESTS}SB+poonceonces.litmus`, '--memory', 'sc'])).code).toBe(1);
    expect((await run([`${TESTS}SB+poonceonces.litmus`, '--stale-reads', '0'])).code).toBe(1);
    expect((await run([`${TESTS}SB+poonceonces.litmus`, '--stale-reads', '1'])).code).toBe(0);
  });

  it('refuses a file outside the subset with the construct and its line (exit 2 through main)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'litmus-'));
    const file = join(dir, 'bad.litmus');
    writeFileSync(file, 'C bad\n{}\nP0(int *x)\n{\n\tint r0;\n\tr0 = cmpxchg(x, 0, 1);\n}\nexists (0:r0=0)\n');
    const r = await run([file]);
    expect(r.code).toBe(2);
    expect(r.out).toContain(`${file}: error: line 6: unsupported construct 'cmpxchg'`);
    expect(await main(['litmus', file])).toBe(2);
    expect(await main(['litmus'])).toBe(2);
    expect(await main(['litmus', `${TESTS}CoRR.litmus`, '--window', 'zero'])).toBe(2);
  });
});
