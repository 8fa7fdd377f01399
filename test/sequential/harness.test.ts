/**
 * The harness reports what goes wrong instead of crashing: BUGs, blocked allocs, and broken user pools
 * (each comparison path: runtime findings, warnings, live set, backend entry points, exceptions).
 */
import { describe, expect, it } from 'vitest';
import { ALWAYS } from '../../kernel/rt/faults.ts';
import { VM_WARN_ON_ONCE, __GFP_ZERO, kfree, might_sleep, spin_lock_irqsave, spin_unlock_irqrestore } from '../../kernel/api/index.ts';
import { DEFAULT_BACKENDS, type PoolImpl } from '../../impl/pool-impl.ts';
import { v41, type mempool_t } from '../../impl/v4.1/index.ts';
import { compareAfter } from '../../sequential/compare.ts';
import { DEFAULT_SEED, seedFromEnv } from '../../sequential/seed.ts';
import { DESTROY, FREE_NULL, alloc, create, free, resize, script } from './helpers.ts';

const user = (name: string, overrides: Partial<PoolImpl<mempool_t>>): PoolImpl<mempool_t> => ({ ...v41, name, ...overrides });

describe('sequential harness', () => {
  it('resize(0) and resize(-1) BUG in the runtime; the model expects it and the run goes on', () => {
    const s = script(v41, [create(1), resize(0), resize(-1), alloc('GFP_KERNEL'), FREE_NULL, free(0)]);
    expect(s.disagreement).toBeNull();
    expect(s.harness.kernel.findings.map((f) => f.property)).toEqual(['BUG-FREE', 'BUG-FREE']);
    // One BUG for each of resize(0) and resize(-1).
    expect(s.model.world.bugs).toBe(2);
    expect(s.harness.transcript[1]).toBe('2. resize(0) → BUG');
  });

  it('an alloc nothing can satisfy blocks and is abandoned: off the wait queue, the pool still usable', () => {
    const s = script(v41, [{ kind: 'faults', cls: 'element', mode: ALWAYS, choices: [] }, create(0), alloc('GFP_NOFS'), alloc('GFP_ATOMIC'), resize(1)]);
    expect(s.disagreement).toBeNull();
    expect(s.harness.transcript[2]).toMatch(/alloc\(GFP_NOFS\) → blocked \(asleep; abandoned\)\s+\[saw-empty\(__GFP_NOWARN.*\); saw-empty\(GFP_NOFS\|/);
    expect(s.harness.transcript[3]).toMatch(/alloc\(GFP_ATOMIC\) → NULL/);
    expect(s.harness.kernel.threads[1]?.status).toBe('dead');
    expect(s.harness.kernel.waitersOf(v41.waitQueueOf(s.harness.pool as mempool_t))).toHaveLength(0);
    expect(s.harness.transcript[4]).toMatch(/resize\(1\) → 0 .*grow-set/);
  });

  it('__GFP_ZERO warns once per boot (L207), and held elements survive destroy as orphans', () => {
    const s = script(v41, [create(1, 'kmalloc'), alloc('GFP_KERNEL', true), alloc('GFP_ATOMIC', true), DESTROY, create(0, 'pages'), alloc('GFP_NOWAIT', true)]);
    expect(s.disagreement).toBeNull();
    // Three zeroed allocations, one warning; the two allocs before destroy are orphaned, the one
    // after the second create is held.
    expect(s.harness.kernel.warnings).toHaveLength(1);
    expect(s.model.world.orphans).toHaveLength(2);
    expect(s.model.world.held).toHaveLength(1);
  });

  it('reports a user pool that warns again (warnings)', () => {
    const noisy = user('noisy', {
      *alloc(pool, gfp) {
        yield* VM_WARN_ON_ONCE(gfp & __GFP_ZERO);
        return yield* v41.alloc(pool, gfp);
      },
    });
    const d = script(noisy, [create(1), alloc('GFP_KERNEL', true)]).disagreement;
    expect(d?.detail).toMatchObject({ what: 'warnings', expected: '1 warning(s)', actual: '2 warning(s)', command: 2 });
  });

  it('reports runtime findings of a user pool (sleeping under its spinlock)', () => {
    const sleepy = user('sleepy', {
      *free(element, pool) {
        const flags = yield* spin_lock_irqsave(pool.lock);
        yield* might_sleep();
        yield* spin_unlock_irqrestore(pool.lock, flags);
        yield* v41.free(element, pool);
      },
    });
    const d = script(sleepy, [create(1), FREE_NULL]).disagreement;
    expect(d?.detail.what).toBe('runtime finding');
    expect(d?.detail.actual).toMatch(/^NO-SLEEP-ATOMIC: might_sleep\(\) in atomic context/);
  });

  it('reports elements that go through the wrong allocator for the backend', () => {
    const wrong = user('wrong-backend', { create: (min_nr) => v41.create(min_nr, DEFAULT_BACKENDS.kmalloc) });
    const d = script(wrong, [create(1, 'slab')]).disagreement;
    expect(d?.detail).toMatchObject({ what: 'allocator calls', expected: 'kmem_cache_alloc', actual: 'kmalloc' });
  });

  it('reports a user pool that throws, instead of crashing', () => {
    const thrower = user('thrower', {
      *resize() {
        throw new TypeError('boom');
      },
    });
    const d = script(thrower, [create(1), resize(2)]).disagreement;
    expect(d?.detail).toMatchObject({ what: 'crash', actual: 'boom', command: 2 });
  });

  it('compares the live set: a block freed behind the model’s back is reported', () => {
    const s = script(v41, [create(2), alloc('GFP_KERNEL')]);
    expect(s.disagreement).toBeNull();
    const held = s.model.world.held[0] ?? 0;
    // Free a held element directly in the allocator, outside any pool operation.
    s.harness.run('tamper', kfree(held));
    const diff = compareAfter(s.model.sem, s.model.world, s.harness);
    expect(diff?.what).toBe('live set');
    expect(diff?.reason).toMatch(/freed although still in use/);
  });

  it('takes its seed from MEMPOOL_SEED and refuses a malformed one', () => {
    expect(seedFromEnv({})).toBe(DEFAULT_SEED);
    expect(seedFromEnv({ MEMPOOL_SEED: '42' })).toBe(42);
    expect(() => seedFromEnv({ MEMPOOL_SEED: 'x' })).toThrow(RangeError);
  });
});
