/**
 * The smp_wmb (L227) / smp_rmb (L298) pairing from more than one shape. The seed's comment (L285-296)
 * says what the pair is for: an element passed "without going through barriers". Which barrier a
 * hand-off needs depends on how it goes through locks, as in LKMM (docs/memory-model.md):
 * - through memory (handoff3, and handoff-refill with a concurrent refill racing for the slot): both;
 * - published holding a lock, polled without it (handoff-lock): A's unlock of the pool lock followed
 *   by its lock of the hand-off lock orders its stores, so smp_wmb is redundant; smp_rmb is not;
 * - taken through the lock on both sides: the lock hand-off orders everything, neither is needed;
 * - published plainly, taken under a lock only the receiver uses: a lock acquisition is no smp_rmb for
 *   the lockless read before it, and orders nothing of A's: both are needed.
 * Each removed barrier that a shape needs fails it under weak memory; the port passes every shape.
 */
import { describe, expect, it } from 'vitest';
import { memoryFactory } from '../../kernel/rt/weak/factory.ts';
import { scenarioNamed } from '../../scenarios/registry.ts';
import type { Scenario } from '../../scenarios/spec.ts';
import { run } from '../properties/run.ts';

const weak = { memory: memoryFactory({ model: 'weak' }) };

/** handoff-lock with the lock on the given sides. */
function lockShape(name: string, publisher: boolean, receiver: boolean): Scenario {
  const base = scenarioNamed('handoff-lock');
  const [, , c] = base.threads;
  if (c === undefined) throw new Error('handoff-lock has three threads');
  return {
    ...base,
    name,
    threads: [
      { name: 'A', commands: [{ op: 'alloc', gfp: 'GFP_KERNEL' }, { op: 'publish', var: 0, locked: publisher }] },
      { name: 'B', commands: [{ op: 'receive', var: 0, locked: receiver }, { op: 'free' }] },
      c,
    ],
  };
}

const SHAPES: readonly { readonly scenario: Scenario; readonly needs: readonly ('wmb' | 'rmb')[] }[] = [
  { scenario: scenarioNamed('handoff3'), needs: ['wmb', 'rmb'] },
  { scenario: scenarioNamed('handoff-refill'), needs: ['wmb', 'rmb'] },
  { scenario: scenarioNamed('handoff-lock'), needs: ['rmb'] },
  { scenario: lockShape('lock-both-sides', true, true), needs: [] },
  { scenario: lockShape('lock-receiver-only', false, true), needs: ['wmb', 'rmb'] },
];

const MUTANT = { wmb: 'alloc-no-wmb', rmb: 'free-no-rmb' } as const;

describe('the smp_wmb/smp_rmb pairing, shape by shape (weak memory)', () => {
  for (const { scenario, needs } of SHAPES) {
    it(`${scenario.name}: needs ${needs.length === 0 ? 'neither barrier' : needs.join(' and ')}; the port passes`, () => {
      const port = run(scenario, { strategy: 'dpor', overrides: weak });
      expect([port.result.verdict, port.result.complete]).toEqual(['pass', true]);
      for (const barrier of ['wmb', 'rmb'] as const) {
        const r = run(scenario, { impl: `mutant:${MUTANT[barrier]}`, strategy: 'dpor', overrides: weak });
        expect([barrier, r.result.verdict]).toEqual([barrier, needs.includes(barrier) ? 'fail' : 'pass']);
        // What fails is what a stale curr_nr causes: the freer's test reads from before the removal.
        if (needs.includes(barrier)) expect(r.result.failedProperties).toContain('FREE-SEES-REMOVAL');
      }
      const none = run(scenario, { impl: 'mutant:no-barriers', strategy: 'dpor', overrides: weak });
      expect(none.result.verdict).toBe(needs.length === 0 ? 'pass' : 'fail');
      // Under sequential consistency no shape needs either barrier.
      expect(run(scenario, { impl: 'mutant:no-barriers', strategy: 'dpor' }).result.verdict).toBe('pass');
    });
  }
});
