/** `mempool-check explore` and `replay` in-process: verdicts, exit codes, JSON, errors, interruption. */
import { describe, expect, it, vi } from 'vitest';
import { main } from '../../cli/main.ts';
import { run as library } from '../properties/run.ts';
import { capture } from './io.ts';

// Its slowest test took 17 s in a fresh-clone run on the 2-core machine (2026-12-05): a limit of
// about four times that catches a hang without failing a slower machine (vitest.config.ts: 60 s otherwise).
vi.setConfig({ testTimeout: 90_000 });

async function run(args: string[], options = {}) {
  const c = capture(options);
  const code = await main(args, c.io);
  return { code, out: c.out, err: c.err };
}

describe('explore', () => {
  it('passes a scenario whose exploration completes: exit 0', async () => {
    const r = await run(['explore', 'pair2', '--strategy', 'dfs']);
    expect(r.code).toBe(0);
    // The count is dfs's on pair2 through the library (68): the command adds and drops no execution.
    const dfs = library('pair2', { strategy: 'dfs' }).executions;
    expect(r.out[1]).toBe(`PASS: ${dfs} executions, complete (every schedule and value choice)`);
    expect(r.err).toEqual([]);
  });

  it('uses dpor unless told otherwise: fewer executions, the same verdict', async () => {
    const r = await run(['explore', 'pair2']);
    expect(r.code).toBe(0);
    expect(r.out[0]).toBe('explore pair2 on v4.1, sc memory, untimed, strategy dpor');
    expect(r.out[1]).toMatch(/^PASS: \d+ executions, complete/);
    expect(Number(/PASS: (\d+)/.exec(r.out[1] ?? '')?.[1])).toBe(library('pair2', { strategy: 'dpor' }).executions);
    expect(Number(/PASS: (\d+)/.exec(r.out[1] ?? '')?.[1])).toBeLessThan(library('pair2', { strategy: 'dfs' }).executions);
  });

  it("explores a scenario with a declared bound within it by default, and says why (an unbounded dpor would not end)", async () => {
    const r = await run(['explore', 'resize3']);
    expect(r.code).toBe(3); // the bound is exhausted without a failure: incomplete, never pass
    expect(r.out[0]).toBe('explore resize3 on v4.1, sc memory, untimed, strategy bounded-dpor');
    expect(r.out[1]).toMatch(/^note: resize3 has no unbounded verdict, so by default it is explored within 3 preemption\(s\) .*L167-174/);
    expect(r.out[2]).toMatch(/^INCOMPLETE: no property failed in [\d,]+ executions/);
    const weak = JSON.parse((await run(['explore', 'quad4', '--memory', 'weak', '--json'])).out.join('\n'));
    expect(weak).toMatchObject({ strategy: 'bounded-dpor', verdict: 'fail' });
    const chosen = await run(['explore', 'resize3', '--strategy', 'dpor', '--max-executions', '5']);
    expect(chosen.out[0]).toMatch(/strategy dpor$/);
    expect(chosen.out[1]).not.toMatch(/^note:/);
  });

  it('bounded finds the fewest-preemption failure first', async () => {
    const r = await run(['explore', 'pair2', '--impl', 'mutant:free-no-wake', '--strategy', 'bounded', '--max-preemptions', '2', '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out.join('\n')).counterexample).toMatchObject({ property: 'NO-LOST-WAKEUP', preemptions: 1 });
  });

  it('--json gives scenario, implementation, strategy, verdict, failed properties, executions, complete', async () => {
    const r = await run(['explore', 'grow2', '--json', '--strategy', 'dfs']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out.join('\n'));
    expect(json).toMatchObject({ scenario: 'grow2', implementation: 'v4.1', strategy: 'dfs', verdict: 'pass', failedProperties: [], complete: true, counterexample: null });
    expect(json.executions).toBeGreaterThan(1);
  });

  it('fails with a shrunk counterexample and exactly one replay command: exit 1', async () => {
    const r = await run(['explore', 'pair2', '--impl', 'mutant:free-no-wake', '--strategy', 'dfs']);
    expect(r.code).toBe(1);
    // The lost wake-up leaves T2 asleep for good: both liveness properties fail on the same runs.
    // Of all dfs's executions of the mutant on pair2, counted through the library.
    const all = library('pair2', { impl: 'mutant:free-no-wake', strategy: 'dfs' });
    expect(r.out[1]).toBe(`FAIL: NO-DEADLOCK, NO-LOST-WAKEUP in ${all.result.failedExecutions} of ${all.executions} executions; complete`);
    expect(r.out).toContainEqual(expect.stringMatching(/^FAILED NO-LOST-WAKEUP \(step \d+, T2\): T2 asleep since step \d+ while the reserve holds 1 element/));
    const replay = r.out.filter((l) => l.startsWith('replay: '));
    expect(replay).toHaveLength(1);
    expect(replay[0]).toMatch(/^replay: npm run mempool-check -- replay mc1\.[A-Za-z0-9_-]+$/);
  });

  it('a run cut at the step limit is no finding: without a livelock lasso in it the exploration is incomplete, exit 3', async () => {
    // pair2 always ends (it passes with the default limit, first test): its longer runs are merely cut at 25 steps.
    const r = await run(['explore', 'pair2', '--max-steps', '25', '--strategy', 'dfs']);
    expect(r.code).toBe(3);
    // As many executions as dfs runs on pair2 with the same step limit, through the library.
    const cut = library('pair2', { strategy: 'dfs', maxSteps: 25 }).result;
    expect(cut.cutExecutions).toBeGreaterThan(0);
    expect(r.out[1]).toMatch(new RegExp(`^INCOMPLETE: no property failed in ${cut.executions} executions; .*${cut.cutExecutions} runs? cut at 25 steps with no livelock lasso in them`));
    expect(r.out.join('\n')).not.toMatch(/LIVELOCK|STEP-LIMIT/);
  });

  it('replays the token of a --json failure to the same trace, also from a saved file', async () => {
    const r = await run(['explore', 'pair2', '--impl', 'mutant:free-no-wake', '--json']);
    const json = JSON.parse(r.out.join('\n'));
    expect(json).toMatchObject({ verdict: 'fail', failedProperties: ['NO-DEADLOCK', 'NO-LOST-WAKEUP'] });
    const token: string = json.counterexample.token;
    const a = await run(['replay', token, '--json']);
    const b = await run(['replay', token, '--json']);
    expect(a.code).toBe(1);
    expect(a.out).toEqual(b.out);
    expect(JSON.parse(a.out.join('\n')).trace).toEqual(json.counterexample.trace);
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const dir = mkdtempSync('/tmp/mempool-check-');
    writeFileSync(`${dir}/result.json`, r.out.join('\n'));
    const c = await run(['replay', `${dir}/result.json`, '--json']);
    expect(c.out).toEqual(a.out);
  });

  it('catches a seeded bug with a real property and a one-preemption counterexample', async () => {
    const r = await run(['explore', 'pair2', '--impl', 'mutant:free-no-wake', '--json']);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.out.join('\n'));
    // The run goes on after the lost wake-up: the waiter then sleeps for good (NO-DEADLOCK).
    expect(json).toMatchObject({ implementation: 'mutant:free-no-wake', verdict: 'fail', failedProperties: ['NO-DEADLOCK', 'NO-LOST-WAKEUP'] });
    expect(json.counterexample).toMatchObject({ property: 'NO-LOST-WAKEUP', preemptions: 1 });
    expect(json.counterexample.trace.map((t: { op: string }) => t.op)).not.toContain('wake_up');
    const again = await run(['replay', json.counterexample.token, '--json']);
    expect(again.code).toBe(1);
    expect(JSON.parse(again.out.join('\n'))).toMatchObject({ property: 'NO-LOST-WAKEUP', diverged: null, trace: json.counterexample.trace });
  });

  it('stops at the time limit: incomplete, exit 3', async () => {
    const r = await run(['explore', 'trio3', '--time', '0.5'], { tick: 10 });
    expect(r.code).toBe(3);
    expect(r.out[1]).toMatch(/^INCOMPLETE: no property failed in [\d,]+ executions; stopped by the time limit/);
  });

  it('stops on Ctrl-C at an execution boundary and prints the partial result: exit 3', async () => {
    const r = await run(['explore', 'trio3', '--json'], { tick: 1, interruptAt: 200 });
    expect(r.code).toBe(3);
    expect(r.err).toEqual(['interrupted: stopping at the next boundary and printing what was done (Ctrl-C again quits at once)']);
    const json = JSON.parse(r.out.join('\n'));
    expect(json).toMatchObject({ verdict: 'incomplete', complete: false, stoppedBy: 'interrupted' });
    expect(json.executions).toBeGreaterThan(0);
  });

  it('random runs --runs executions and is never complete: exit 3', async () => {
    const r = await run(['explore', 'pair2', '--strategy', 'random', '--runs', '50', '--seed', '7', '--json']);
    expect(r.code).toBe(3);
    // 50: the runs asked for.
    expect(JSON.parse(r.out.join('\n'))).toMatchObject({ strategy: 'random', verdict: 'incomplete', executions: 50, complete: false });
  });
});

describe('fuzz', () => {
  it('fails with a shrunk random scenario whose token replays it: exit 1', async () => {
    const r = await run(['fuzz', '--impl', 'mutant:free-no-wake', '--runs', '30', '--json']);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.out.join('\n'));
    expect(json).toMatchObject({ implementation: 'mutant:free-no-wake', verdict: 'fail', complete: false });
    expect(json.seedPort).toMatchObject({ implementation: 'v4.1', verdict: expect.stringMatching(/^(fails|passes|unknown)$/) });
    const again = await run(['replay', json.counterexample.token, '--json']);
    expect(again.code).toBe(1);
    expect(JSON.parse(again.out.join('\n')).trace).toEqual(json.counterexample.trace);
  });
});

describe('bad input: exactly one line on stderr, exit 2', () => {
  const cases: [string[], RegExp][] = [
    [['explore', 'nope'], /^mempool-check explore: unknown scenario 'nope' \(known: pair2, /],
    [['explore', 'pair2', '--strategy', 'bogus'], /unknown strategy 'bogus'/],
    [['explore', 'pair2', '--impl', 'v9'], /unknown implementation 'v9'/],
    [['explore', 'pair2', '--bogus'], /unknown option '--bogus'/],
    [['explore', 'pair2', '--max-executions', 'many'], /option --max-executions expects an integer, got 'many'/],
    [['explore', 'pair2', '--max-executions', '0'], /option --max-executions must be at least 1/],
    [['explore', 'pair2', '--timeouts', 'sometimes'], /option --timeouts: unknown value 'sometimes' \(expected untimed or timed\)/],
    [['explore', 'pair2', '--depth', '2'], /option --depth applies to --strategy pct, not dpor/],
    [['explore', 'pair2', '--strategy', 'dfs', '--max-preemptions', '2'], /option --max-preemptions applies to --strategy bounded or bounded-dpor, not dfs/],
    [['explore', 'pair2', '--seed'], /option --seed needs a value/],
    [['explore'], /missing <scenario>/],
    [['explore', 'pair2', 'extra'], /unexpected argument 'extra'/],
    [['frobnicate'], /^mempool-check: unknown command 'frobnicate'/],
    [['fuzz', '--runs', '0'], /option --runs must be at least 1, got 0/],
    [['fuzz', '--impl', 'mutant:nope'], /unknown implementation 'mutant:nope'/],
    [['fuzz', '--new-only'], /--new-only compares with the seed port v4\.1: give --impl another implementation/],
    [['gate', '--time-per-scenario', 'soon'], /option --time-per-scenario expects a number, got 'soon'/],
    [['replay', 'mc1.AAAA'], /corrupted replay token/],
    [['replay', 'not-a-token'], /not a replay token/],
  ];
  for (const [args, message] of cases) {
    it(args.join(' '), async () => {
      const r = await run(args);
      expect(r.code).toBe(2);
      expect(r.out).toEqual([]);
      expect(r.err).toHaveLength(1);
      expect(r.err[0]).toMatch(message);
    });
  }
});
