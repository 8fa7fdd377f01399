/**
 * Fuzzing: a random scenario that fails is shrunk by fast-check while the same property fails, then
 * reported like any counterexample; its token carries the scenario and replays it.
 */
import { describe, expect, it } from 'vitest';
import { fuzz } from '../../run/fuzz.ts';
import { defaultMonitors } from '../../run/monitors.ts';
import { replayToken } from '../../run/replay.ts';
import { counterexampleText } from '../../report/swimlane.ts';
import { decodeToken } from '../../run/token.ts';

const commandsOf = (s: { prefix: readonly unknown[]; threads: readonly { commands: readonly unknown[] }[] }): number =>
  s.prefix.length + s.threads.reduce((n, t) => n + t.commands.length, 0);

describe('fuzz', () => {
  it('finds a seeded lost wake-up in random scenarios and shrinks the scenario while the same property fails', async () => {
    const r = await fuzz({ impl: 'mutant:free-no-wake', seed: 1, runs: 60, executionsPerScenario: 2000, monitors: defaultMonitors });
    expect(r.verdict).toBe('fail');
    const cx = r.counterexample;
    if (cx === null || r.original === null || r.property === null) throw new Error('no counterexample');
    expect(['NO-LOST-WAKEUP', 'NO-DEADLOCK']).toContain(r.property);
    expect(cx.violations.map((v) => v.property)).toContain(r.property);
    const shrunk = cx.config.scenario;
    expect(shrunk.threads.length).toBeLessThanOrEqual(2);
    expect(commandsOf(shrunk)).toBeLessThanOrEqual(commandsOf(r.original));
    expect(commandsOf(shrunk)).toBeLessThanOrEqual(4);
    expect(counterexampleText(cx).join('\n')).toContain('(thread programs shrunk from: ');
    // The token carries the random scenario itself, and replays it to the same failure.
    expect(decodeToken(cx.token).embedded).not.toBeNull();
    // The port shows the same failure on this scenario: the fuzzer says it is a finding of the seed.
    expect(r.onPort).toMatchObject({ implementation: 'v4.1', verdict: 'fails' });
    const again = replayToken(cx.token, defaultMonitors());
    expect(again.diverged).toBeNull();
    expect(counterexampleText(again.report).slice(4)).toEqual(counterexampleText(cx).slice(5));
  });

  it("newOnly skips failures the seed port shares and finds the mutant's own (also while shrinking)", async () => {
    const r = await fuzz({ impl: 'mutant:free-no-wake', seed: 1, runs: 100, executionsPerScenario: 2000, monitors: defaultMonitors, newOnly: true });
    expect(r.verdict).toBe('fail');
    expect(r.property).toBe('NO-LOST-WAKEUP');
    expect(r.onPort).toMatchObject({ implementation: 'v4.1', verdict: 'passes' });
    // Without newOnly the same seed stops at an earlier scenario whose failure the port shares.
    expect(r.scenarios).toBeGreaterThan(10);
  });

  it('finds the resize lost wake-up of the port itself in random scenarios too (a real finding)', async () => {
    // Seed 2 draws its first failing scenario at the 15th (measured; the generator's distribution decides).
    const r = await fuzz({ impl: 'v4.1', seed: 2, runs: 40, executionsPerScenario: 300, monitors: defaultMonitors });
    expect(r.verdict).toBe('fail');
    expect(r.property).toBe('NO-LOST-WAKEUP');
    expect(r.onPort).toBeNull(); // the port itself was fuzzed
  });

  it('passes when nothing fails (runtime checks only), and stops drawing when time is up', async () => {
    const r = await fuzz({ impl: 'v4.1', seed: 2, runs: 8, executionsPerScenario: 300, monitors: () => [] });
    expect(r).toMatchObject({ verdict: 'pass', scenarios: 8, counterexample: null, stoppedByTime: false });
    let asked = 0;
    const t = await fuzz({ impl: 'v4.1', seed: 2, runs: 50, executionsPerScenario: 300, monitors: () => [], outOfTime: () => ++asked > 3 });
    expect(t).toMatchObject({ verdict: 'pass', scenarios: 3, stoppedByTime: true });
  });
});
