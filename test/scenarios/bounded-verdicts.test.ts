/**
 * resize3 and quad4 have unbounded executions (the grow/shrink livelock, livelock.test.ts), so their
 * verdicts are given within a preemption bound (`scenario.bound`), where every execution ends: all
 * properties are checked on every Mazurkiewicz trace with at most that many preemptions.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_EXECUTION_OPTIONS } from '../../explorer/execution.ts';
import { scenarioNamed } from '../../scenarios/registry.ts';
import { run } from '../properties/run.ts';

describe('scenarios explored within their preemption bound', () => {
  it('resize3: within the bound every property passes and the bound is exhausted (the livelock needs more)', () => {
    const bound = scenarioNamed('resize3').bound;
    // The bound the scenario declares (scenarios/named/resize3.ts): the one the gate uses.
    expect(bound?.maxPreemptions).toBe(3);
    const r = run('resize3', { strategy: 'bounded-dpor', strategyOptions: { maxPreemptions: bound?.maxPreemptions ?? 0 } });
    expect(r.result.stoppedBy).toBe('done');
    expect(r.result.failedProperties).toEqual([]);
    // Every execution ends by itself within the bound: none reached the step limit.
    expect(r.result.cutExecutions).toBe(0);
    expect(r.result.maxSteps).toBeLessThan(DEFAULT_EXECUTION_OPTIONS.maxSteps);
    expect(r.lin.unknown).toBe(0);
  });

  it('quad4: within the bound exactly the resize lost wake-up fails, already with one preemption', () => {
    const bound = scenarioNamed('quad4').bound;
    // The bound the scenario declares (scenarios/named/quad4.ts): the one the gate uses.
    expect(bound?.maxPreemptions).toBe(2);
    // The waiter the refill did not wake then sleeps for good (no caller holds an element): the same
    // run goes on after the lost wake-up and ends in NO-DEADLOCK.
    const one = run('quad4', { strategy: 'bounded-dpor', strategyOptions: { maxPreemptions: 1 }, stopAt: 'NO-LOST-WAKEUP' });
    expect(Object.keys(one.counts).sort()).toEqual(['NO-DEADLOCK', 'NO-LOST-WAKEUP']);
    const full = run('quad4', { strategy: 'bounded-dpor', strategyOptions: { maxPreemptions: bound?.maxPreemptions ?? 0 } });
    expect(full.result.stoppedBy).toBe('done');
    expect(full.result.failedProperties).toEqual(['NO-DEADLOCK', 'NO-LOST-WAKEUP']);
  });
});
