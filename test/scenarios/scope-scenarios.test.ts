/**
 * The scenarios of the gate's wider scope: each fails on a seeded bug it exists to catch (a run with
 * only that property's monitor, and with every monitor: the property is among what fails) and the
 * port passes it completely, except for the known findings listed for it, under both memory models.
 */
import { describe, expect, it } from 'vitest';
import { LIVELOCK } from '../../explorer/lasso.ts';
import { memoryFactory } from '../../kernel/rt/weak/factory.ts';
import { MUTANTS } from '../../impl/mutants/registry.ts';
import { knownFindingsFor } from '../../properties/known-findings.ts';
import { scenarioNamed } from '../../scenarios/registry.ts';
import { run } from '../properties/run.ts';

const weak = { memory: memoryFactory({ model: 'weak' }) };

interface Row {
  readonly scenario: string;
  readonly mutant: string;
  readonly property: string;
  readonly says: RegExp;
  readonly weak?: boolean;
  /** Steps after which a run is cut (a livelock's round is a few steps: a low cut finds its lasso sooner). */
  readonly maxSteps?: number;
}

const TABLE: readonly Row[] = [
  { scenario: 'holder2', mutant: 'free-no-wake', property: 'NO-LOST-WAKEUP', says: /asleep .* reserve holds 1/ },
  { scenario: 'holder2', mutant: 'prepare-after-unlock', property: 'NO-LOST-WAKEUP', says: /asleep/ },
  { scenario: 'timed-rescue', mutant: 'no-finish-wait', property: 'KERNEL-OBJECTS', says: /returned with its wait entry still queued/ },
  { scenario: 'timed-rescue', mutant: 'busy-poll', property: LIVELOCK, says: /repeat a cycle of \d+ steps? forever/, maxSteps: 200 },
  { scenario: 'timed-rescue', mutant: 'wait-returns-null', property: 'NEVER-NULL', says: /returned NULL/ },
  { scenario: 'meta-faults', mutant: 'grow-no-null-check', property: 'OWNERSHIP', says: /unallocated or freed memory|the reserve holds NULL/ },
  { scenario: 'meta-faults', mutant: 'create-leaks-prefill', property: 'NO-LEAK', says: /still live after mempool_destroy/ },
  { scenario: 'sleepy-shrink', mutant: 'shrink-free-under-lock', property: 'NO-SLEEP-ATOMIC', says: /might_sleep\(\) in atomic context/ },
  { scenario: 'gfp-mix', mutant: 'no-zero-warn', property: 'ZERO-WARN', says: /GFP_NOFS\|__GFP_ZERO\) returned without the VM_WARN_ON_ONCE/ },
  { scenario: 'gfp-mix', mutant: 'first-pass-wait', property: 'FORCED-GFP', says: /first alloc_fn call/ },
  { scenario: 'handoff-lock', mutant: 'free-no-rmb', property: 'FREE-SEES-REMOVAL', says: /older than the removal/, weak: true },
  { scenario: 'handoff-lock', mutant: 'no-barriers', property: 'RESERVE', says: /gave e\d+\.\d+ to free_fn/, weak: true },
  { scenario: 'handoff-refill', mutant: 'alloc-no-wmb', property: 'FREE-SEES-REMOVAL', says: /older than the removal/, weak: true },
  { scenario: 'handoff-refill', mutant: 'free-no-rmb', property: 'RESERVE', says: /gave e\d+\.\d+ to free_fn/, weak: true },
  { scenario: 'handoff-refill', mutant: 'no-barriers', property: 'FREE-SEES-REMOVAL', says: /older than the removal/, weak: true },
];

describe('new scenarios catch their seeded bugs', () => {
  it('every mutant names the property that catches it here', () => {
    for (const r of TABLE) expect(MUTANTS.get(r.mutant)?.caughtBy, r.mutant).toContain(r.property);
  });

  for (const r of TABLE) {
    it(`${r.scenario}${r.weak ? ' (weak)' : ''}: mutant:${r.mutant} fails ${r.property}`, () => {
      const overrides = r.weak ? weak : {};
      // LIVELOCK is the explorer's own verdict (a fair lasso), not a monitor's.
      const ids = r.property === LIVELOCK ? [] : [r.property];
      const steps = r.maxSteps === undefined ? {} : { maxSteps: r.maxSteps };
      const alone = run(r.scenario, { impl: `mutant:${r.mutant}`, strategy: 'dpor', ids, stopAt: r.property, overrides, ...steps });
      expect(alone.counts[r.property]).toBeGreaterThan(0);
      expect(alone.messages[r.property]).toMatch(r.says);
      const all = run(r.scenario, { impl: `mutant:${r.mutant}`, strategy: 'dpor', stopAt: r.property, overrides, ...steps });
      expect(all.counts[r.property]).toBeGreaterThan(0);
    });
  }
});

describe('the port on the new scenarios', () => {
  for (const name of new Set(TABLE.map((r) => r.scenario))) {
    for (const memory of ['sc', 'weak'] as const) {
      it(`${name} (${memory}): complete, failing exactly its known findings`, () => {
        const r = run(name, { strategy: 'dpor', overrides: memory === 'weak' ? weak : {} });
        expect(r.result.complete).toBe(true);
        expect(r.result.unknownExecutions).toBe(0);
        const known = knownFindingsFor(name, 'v4.1', memory).map((f) => f.property).sort();
        expect(r.result.failedProperties).toEqual(known);
        expect(scenarioNamed(name).expected.verdict).toBe('pass');
      });
    }
  }
});

describe('what only the new settings show', () => {
  it('sleeping callbacks: the shrink that calls free_fn under the lock passes without them, fails with them', () => {
    const s = scenarioNamed('sleepy-shrink');
    const without = run({ ...s, sleepingCallbacks: false }, { impl: 'mutant:shrink-free-under-lock', strategy: 'dpor' });
    expect([without.result.verdict, without.result.complete]).toEqual(['pass', true]);
    const withThem = run(s, { impl: 'mutant:shrink-free-under-lock', strategy: 'dpor' });
    expect(withThem.result.failedProperties).toEqual(['NO-SLEEP-ATOMIC']);
  });

  it('metadata faults: the grow without its NULL check passes when the pool\'s own allocations never fail', () => {
    const s = scenarioNamed('meta-faults');
    const { metaFaults: _m, ...never } = s;
    expect(run(never, { impl: 'mutant:grow-no-null-check', strategy: 'dpor' }).result.verdict).toBe('pass');
  });

  it('timed mode: without it, the waiter of timed-rescue sleeps for good beside its holder and no-finish-wait passes', () => {
    const s = scenarioNamed('timed-rescue');
    const untimed = run({ ...s, timeouts: 'untimed' }, { impl: 'mutant:no-finish-wait', strategy: 'dpor' });
    expect([untimed.result.verdict, untimed.result.complete]).toEqual(['pass', true]);
  });
});
