/**
 * `gate --profile`: every part of the gate is checked against the chosen profile. The port of
 * upstream's zero-minimum fix passes zero-min under the v6.17 profile it claims, and fails it under
 * v4.1 with exactly the two properties where the versions differ (the whole gate under both profiles:
 * test/variants/zero-min-fix-gate.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { capture } from './io.ts';

async function run(args: string[]) {
  const c = capture();
  const code = await main(args, c.io);
  return { code, out: c.out, err: c.err };
}

const ZERO_MIN = ['gate', '--impl', 'v4.1+zero-min-fix', '--scenarios', 'zero-min', '--memory', 'sc', '--no-sequential', '--race-executions', '0', '--jobs', '0'];

describe('gate --profile', () => {
  it('by default the implementation’s own profile: the v6.17 variant passes zero-min', async () => {
    const r = await run(ZERO_MIN);
    expect(r.out).toContainEqual(expect.stringMatching(/^zero-min +sc +dpor +\d+ +pass +- +ok$/));
    expect(r.code).toBe(0);
  });

  it('--profile v4.1: the same variant fails zero-min with BOUNDS and LINEARIZABLE, unexpected: exit 1', async () => {
    const r = await run([...ZERO_MIN, '--profile', 'v4.1', '--json']);
    const doc = JSON.parse(r.out.join('\n')) as { verdict: string; scenarios: { scenario: string; status: string; unexpected: string[] }[] };
    expect(doc.scenarios.map((s) => [s.scenario, s.status, [...s.unexpected].sort()])).toEqual([['zero-min', 'unexpected', ['BOUNDS', 'LINEARIZABLE']]]);
    expect(doc.verdict).toBe('fail');
    expect(r.code).toBe(1);
  });

  it('refuses an unknown profile with one line: exit 2', async () => {
    const r = await run([...ZERO_MIN, '--profile', 'v5.0']);
    expect(r.code).toBe(2);
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toMatch(/--profile/);
  });
});
