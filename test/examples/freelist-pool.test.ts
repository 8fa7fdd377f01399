/**
 * A correct mempool written from scratch (examples/freelist-pool: a free list threaded through the
 * elements, a free that always takes the lock, no elements array) passes the contract: the sequential
 * check here, the gate's whole plan in gate.test.ts. Bugs
 * injected into it are found: a check-then-act in alloc, a destroy that reads a link after freeing its
 * element, and a free that writes a link into an element already handed out (freelist-bugs.test.ts).
 */
import { describe, expect, it, vi } from 'vitest';
import { checkThenActPool } from '../../examples/freelist-pool/bugs/check-then-act.ts';
import { destroyUseAfterFreePool } from '../../examples/freelist-pool/bugs/destroy-use-after-free.ts';
import { freelistPool } from '../../examples/freelist-pool/pool.ts';
import { scenarioNamed } from '../../scenarios/registry.ts';
import type { Scenario } from '../../scenarios/spec.ts';
import { runSequentialCheck } from '../../sequential/check.ts';
import { run } from '../properties/run.ts';

// Its slowest test took 15 s in a fresh-clone run on the 2-core machine (2026-12-05): a limit of
// about four times that catches a hang without failing a slower machine (vitest.config.ts: 60 s otherwise).
vi.setConfig({ testTimeout: 90_000 });

describe('examples/freelist-pool: a correct design from scratch passes the contract', () => {
  it('claims no refinement: it is checked against the contract', () => {
    expect(freelistPool.profile).toBeUndefined();
  });

  // The gate's whole plan on this pool (every named scenario under both memory models, resize3 and
  // quad4 included, the sequential check, the race pass) is in gate.test.ts.
  it('the sequential check against the contract (1000 command sequences)', () => {
    const r = runSequentialCheck({ impl: freelistPool, runs: 1000 });
    expect([r.profile, r.verdict]).toEqual(['contract', 'pass']);
    // It exercised what the contract is about: both ends of alloc, both ends of free, resize both ways.
    for (const op of ['alloc: from alloc_fn (first pass)', 'alloc: from the reserve', 'alloc: NULL', 'alloc: blocked (asleep)', 'free: refills the reserve', 'free: to free_fn', 'resize: shrink, frees elements', 'resize: grow, refilled']) {
      expect(r.exercised.operations[op] ?? 0).toBeGreaterThan(0);
    }
  });

  it('fails the v4.1 refinement, which pins what the contract leaves open (metadata, allocator masks)', () => {
    const r = runSequentialCheck({ impl: freelistPool, profile: 'v4.1', runs: 50 });
    expect(r.verdict).toBe('fail');
  });
});

describe('bugs injected into the free-list pool are found', () => {
  it('check-then-act in alloc: two allocs act on the same free-list head; the loser follows a handed-out element', () => {
    // One reserve element, an allocator that always fails, two atomic allocs: both see the same head
    // before locking; whoever locks second reads the link of the element the first already returned.
    const race: Scenario = { ...scenarioNamed('pair2'), name: 'two-atomic-allocs', prefix: [], threads: [{ commands: [{ op: 'alloc', gfp: 'GFP_ATOMIC' }] }, { commands: [{ op: 'alloc', gfp: 'GFP_ATOMIC' }] }] };
    const r = run(race, { impl: checkThenActPool, strategy: 'dpor' });
    // When the first alloc has not returned yet, the second leaves the count at -1 (BOUNDS) instead;
    // both return the same element, which no order of atomic steps explains (LINEARIZABLE).
    expect(Object.keys(r.counts).sort()).toEqual(['BOUNDS', 'LINEARIZABLE', 'OWNERSHIP']);
    expect(r.distinct['OWNERSHIP']).toContainEqual(expect.stringMatching(/^T[12] in mempool_alloc read word 0 of e0\.\d, which T[12] holds: the pool touched an element it had handed out$/));
    expect(run(race, { impl: freelistPool, strategy: 'dpor' }).counts).toEqual({});
    // The same bug on the smallest scenario: the stale head leaves curr_nr negative.
    const pair = run('pair2', { impl: checkThenActPool, strategy: 'dpor' });
    expect(pair.messages['BOUNDS']).toMatch(/curr_nr -1 outside \[0, min_nr 1\] with the lock free/);
  });

  it('destroy reads the link after freeing the element: a use after free, by element and word', () => {
    const r = run('pair2', { impl: destroyUseAfterFreePool, strategy: 'dpor' });
    expect(r.messages['OWNERSHIP']).toMatch(/^read of word 0 of e\d\.\d, which was freed to its allocator: use after free$/);
    // The correct pool reads the link first (freeChain): nothing to report.
    expect(run('pair2', { impl: freelistPool, strategy: 'dpor' }).counts).toEqual({});
  });
});
