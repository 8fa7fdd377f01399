/**
 * Fuzzing: a random scenario that fails is shrunk by fast-check while the same property fails, then
 * reported like any counterexample; its token carries the scenario and replays it.
 */
import { describe, expect, it } from 'vitest';
import { fuzz } from '../../run/fuzz.ts';
import { defaultMonitors, selectedMonitors } from '../../run/monitors.ts';
import { seedKnownFindings } from '../../properties/known-findings.ts';
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
    // The least a lost wake-up takes, and what the shrinker reaches: two threads of one command each,
    // one asleep in mempool_alloc, one handing the pool an element without a wake-up (a free or a resize).
    expect(shrunk.threads.length).toBe(2);
    expect(commandsOf(shrunk)).toBeLessThanOrEqual(commandsOf(r.original));
    expect(commandsOf(shrunk)).toBe(2);
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
    // SC only: this is about newOnly (weak memory only adds behaviours, and time: see the test below).
    const r = await fuzz({ impl: 'mutant:free-no-wake', seed: 1, runs: 100, executionsPerScenario: 2000, monitors: defaultMonitors, newOnly: true, memories: ['sc'] });
    expect(r.verdict).toBe('fail');
    expect(r.property).toBe('NO-LOST-WAKEUP');
    expect(r.onPort).toMatchObject({ implementation: 'v4.1', verdict: 'passes' });
    // Without newOnly the same seed stops at an earlier scenario whose failure the port shares.
    const any = await fuzz({ impl: 'mutant:free-no-wake', seed: 1, runs: 100, executionsPerScenario: 2000, monitors: defaultMonitors, memories: ['sc'] });
    expect(any.onPort).toMatchObject({ implementation: 'v4.1', verdict: 'fails' });
    expect(r.scenarios).toBeGreaterThan(any.scenarios);
  });

  it('finds a real finding of the port itself in random scenarios too (one the seed\'s known findings name)', async () => {
    // Which of the seed's own liveness findings a seed draws first is the generator's business: the lost
    // wake-up of a resize or of min_nr 0 (NO-LOST-WAKEUP), or a waiter that only a timeout could rescue
    // on a pool with no reserve (NO-DEADLOCK, untimed). Both need min_nr 0 or a resize to happen.
    const r = await fuzz({ impl: 'v4.1', seed: 2, runs: 40, executionsPerScenario: 300, monitors: defaultMonitors });
    expect(r.verdict).toBe('fail');
    const known = new Set(seedKnownFindings().map((f) => f.property));
    expect(known.has(r.property ?? '')).toBe(true);
    expect(['NO-LOST-WAKEUP', 'NO-DEADLOCK']).toContain(r.property);
    const s = r.counterexample?.config.scenario;
    if (s === undefined) throw new Error('no counterexample');
    const resizes = [s.prefix, ...s.threads.map((t) => t.commands)].some((cs) => cs.some((c) => c.op === 'resize'));
    expect(s.min_nr === 0 || resizes).toBe(true);
    expect(r.onPort).toBeNull(); // the port itself was fuzzed
  });

  it('draws the memory model: a bug only weak memory shows is found, under weak memory, and never under SC alone', async () => {
    // no-barriers drops smp_wmb/smp_rmb (L227, L298): under SC they are no-ops, so it is the port there.
    // Small scenarios (two threads of up to two commands, an allocator that always fails, so an alloc
    // takes the reserve) keep each run cheap; the hand-off that shows the bug (A: alloc, publish | B:
    // receive, free, as handoff3 without C) is one draw in several hundred, and only half run weak.
    const properties = { properties: ['FREE-SEES-REMOVAL'] };
    const monitors = () => selectedMonitors(properties);
    const scenarios = { maxThreads: 2, maxCommands: 2, maxPrefix: 0, faults: ['always'], timeouts: ['untimed'] } as const;
    const options = { impl: 'mutant:no-barriers', seed: 1, runs: 3000, executionsPerScenario: 300, monitors, properties, scenarios };
    const r = await fuzz(options);
    expect(r.verdict).toBe('fail');
    expect(r.property).toBe('FREE-SEES-REMOVAL');
    expect(r.counterexample?.config.memory).toBe('weak');
    expect(r.counterexample?.violations.map((v) => v.property)).toContain('FREE-SEES-REMOVAL');
    const sc = await fuzz({ ...options, memories: ['sc'] });
    // All 3000 runs drawn, none failing.
    expect(sc).toMatchObject({ verdict: 'pass', scenarios: 3000 });
  });

  it('passes when nothing fails (runtime checks only), and stops drawing when time is up', async () => {
    const r = await fuzz({ impl: 'v4.1', seed: 2, runs: 8, executionsPerScenario: 300, monitors: () => [] });
    expect(r).toMatchObject({ verdict: 'pass', scenarios: 8, counterexample: null, stoppedByTime: false });
    let asked = 0;
    const t = await fuzz({ impl: 'v4.1', seed: 2, runs: 50, executionsPerScenario: 300, monitors: () => [], outOfTime: () => ++asked > 3 });
    // Out of time at the fourth question: three scenarios drawn.
    expect(t).toMatchObject({ verdict: 'pass', scenarios: 3, stoppedByTime: true });
  });
});
