/** `mempool-check races`: known races with their reason, unknown races fail, budgets, JSON, errors. */
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { capture } from './io.ts';

async function run(args: string[]) {
  const c = capture({});
  const code = await main(args, c.io);
  return { code, out: c.out, err: c.err };
}

describe('races', () => {
  it('atomic2 on the port: only the known race of L317, every schedule explored: exit 0', async () => {
    const r = await run(['races', 'atomic2']);
    expect(r.code).toBe(0);
    expect(r.out[0]).toMatch(/^races atomic2 on v4\.1, sc memory, untimed: [\d,]+ executions, every trace$/);
    // Two pairs: T1's load at L317 against T2's removal (L28), T2's against T1's refill (L22).
    expect(r.out.filter((l) => l.startsWith('known race free-lockless-curr_nr: pool->curr_nr: plain load by T'))).toHaveLength(2);
    expect(r.out.filter((l) => l.startsWith('  why it is known: '))).toHaveLength(2);
    expect(r.out[r.out.length - 1]).toBe('PASS: 0 unknown races, 2 known');
  });

  it('a mutant that pops the reserve without the lock races for real: exit 1, both sides with seed lines', async () => {
    const r = await run(['races', 'pair2', '--impl', 'mutant:alloc-pop-unlocked', '--json']);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.out.join('\n'));
    expect(json).toMatchObject({ scenario: 'pair2', implementation: 'mutant:alloc-pop-unlocked', verdict: 'fail', complete: true });
    const unknown = json.races.filter((x: { known: string | null }) => x.known === null);
    expect(unknown.length).toBeGreaterThan(0);
    expect(unknown).toContainEqual(expect.objectContaining({ location: 'pool->curr_nr', first: expect.objectContaining({ site: 'L223', access: 'plain load' }) }));
  });

  it('stopped by its budget with only known races: incomplete, exit 3', async () => {
    const r = await run(['races', 'trio3', '--max-executions', '20']);
    expect(r.code).toBe(3);
    expect(r.out[0]).toMatch(/20 executions, stopped at --max-executions$/);
    expect(r.out[r.out.length - 1]).toMatch(/^INCOMPLETE: 0 unknown races, \d+ known$/);
  });

  it('runs cut at --max-steps leave it incomplete: a race may sit in the steps never taken', async () => {
    // pair2's runs take at most 8 steps (--max-steps 8 cuts none): 5 cuts some.
    const r = await run(['races', 'pair2', '--max-steps', '5']);
    expect(r.code).toBe(3);
    expect(r.out[0]).toMatch(/executions, some runs cut at --max-steps$/);
  });

  it.each([
    [['races', 'nope'], /unknown scenario 'nope'/],
    [['races', 'pair2', '--impl', 'v9'], /unknown implementation 'v9'/],
    [['races', 'pair2', '--max-executions', '0'], /option --max-executions must be at least 1/],
    [['races'], /missing <scenario>/],
  ])('%j: one line, exit 2', async (args, message) => {
    const r = await run(args as string[]);
    expect(r.code).toBe(2);
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toMatch(message);
  });
});
