/**
 * handoff3 (MEMORY-MODEL.md, "Keeping it cheap"): the seed port passes under weak memory; each barrier
 * mutant fails RESERVE, NO-DEADLOCK and FREE-SEES-REMOVAL there, none of them under SC, and the report
 * says the failure needs weak memory and names the stale read.
 */
import { describe, expect, it } from 'vitest';
import { explore, type ExplorationResult } from '../../explorer/explore.ts';
import { DfsScheduler } from '../../explorer/strategies/dfs.ts';
import { makeScheduler } from '../../explorer/strategies/registry.ts';
import type { Scheduler } from '../../explorer/scheduler.ts';
import { MUTANTS } from '../../impl/mutants/registry.ts';
import { monitorsFor } from '../../properties/registry.ts';
import { defaultConfig, programOf, type RunConfig } from '../../run/run-config.ts';
import { explainStaleReads, needsWeakMemory, weakFailureLines } from '../../run/weak.ts';
import { handoff3 } from '../../scenarios/named/handoff3.ts';

const MUTANT_NAMES = ['alloc-no-wmb', 'free-no-rmb', 'no-barriers'];

function config(impl: string, memory: 'sc' | 'weak', staleReads = Infinity): RunConfig {
  return { ...defaultConfig(handoff3, impl), memory, staleReads };
}

function run(c: RunConfig, scheduler: Scheduler = new DfsScheduler(), ids?: string[]): ExplorationResult {
  return explore(programOf(c), scheduler, monitorsFor(ids ? { ids } : {}), { maxExecutions: 100_000, stopOnFailure: ids !== undefined, keepFailures: 1 });
}

describe('handoff3 under weak memory', () => {
  it('the seed port passes every property, as under SC (plain DFS, then DPOR)', () => {
    const weak = run(config('v4.1', 'weak'));
    expect(weak).toMatchObject({ verdict: 'pass', complete: true });
    const sc = run(config('v4.1', 'sc'));
    expect(sc).toMatchObject({ verdict: 'pass', complete: true });
    // The barrier pair leaves no load of the port a stale value to read here: weak memory offers no
    // choice SC does not, so dfs runs exactly SC's schedules.
    expect(weak.executions).toBe(sc.executions);
    const dpor = run(config('v4.1', 'weak'), makeScheduler('dpor', { seed: 1 }));
    expect(dpor.verdict).toBe('pass');
    expect(dpor.complete).toBe(true);
    expect(dpor.executions).toBeLessThan(weak.executions);
  });

  for (const name of MUTANT_NAMES) {
    describe(`mutant:${name}`, () => {
      const impl = `mutant:${name}`;

      it('passes under SC with every property', () => {
        expect(run(config(impl, 'sc'))).toMatchObject({ verdict: 'pass', complete: true });
        expect(run(config(impl, 'weak', 0))).toMatchObject({ verdict: 'pass', complete: true });
      });

      it.each(['RESERVE', 'NO-DEADLOCK', 'FREE-SEES-REMOVAL'])('fails %s under weak memory, with one stale read', (property) => {
        expect(MUTANTS.get(name)?.caughtBy).toContain(property);
        const r = run(config(impl, 'weak', 1), new DfsScheduler(), [property]);
        expect(r.verdict).toBe('fail');
        expect(r.failedProperties).toEqual([property]);
        // Found early: plain DFS explores the SC executions of each schedule first, and a stale read
        // in one of the first schedules suffices, so it fails before it has run as many executions as
        // the whole program has under SC.
        expect(r.executions).toBeLessThan(run(config(impl, 'sc')).executions);
      });

      it('is reported as needing weak memory, naming the stale read of curr_nr at L317', () => {
        const c = config(impl, 'weak');
        const r = run(c, new DfsScheduler(), ['RESERVE']);
        const failure = r.failures[0];
        expect(failure).toBeDefined();
        if (failure === undefined) return;
        const only = needsWeakMemory(c, 'RESERVE', () => monitorsFor());
        expect(only.needsWeak).toBe(true);
        expect(only.scExecutions).toBeGreaterThan(0);
        const { staleReads, lines } = explainStaleReads(c, failure.choices, monitorsFor({ ids: ['RESERVE'] }));
        // One stale read suffices (the test above fails with staleReads 1), and it is the one named below.
        expect(staleReads).toHaveLength(1);
        // B read the curr_nr of the pre-fill (L22 via L104) and missed A's removal (L28 via L224).
        expect(lines[0]).toMatch(/^B's load of pool->curr_nr at L317, step \d+ read 1 \(stored by setup at L22 \(via L104.*\) and missed the newer 0 \(stored by A at L28 \(via L224\), step \d+\)$/);
        const report = weakFailureLines(c, failure.choices, 'RESERVE', () => monitorsFor({ ids: ['RESERVE'] }));
        expect(report[0]).toMatch(/^NEEDS WEAK MEMORY: no SC execution of this program fails RESERVE/);
        expect(report[1]).toBe(`stale read: ${lines[0]}`);
      });
    });
  }

  it('an SC failure is not said to need weak memory', () => {
    const c: RunConfig = { ...defaultConfig(handoff3, 'mutant:free-no-wake'), memory: 'weak' };
    expect(needsWeakMemory(c, 'NO-DEADLOCK', () => monitorsFor({ ids: ['NO-DEADLOCK'] })).needsWeak).toBe(false);
  });
});
