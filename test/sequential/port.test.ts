import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { v41 } from '../../impl/v4.1/index.ts';
import { sequenceArbitrary } from '../../sequential/arbitraries.ts';
import { runSequence, runSequentialCheck } from '../../sequential/check.ts';
import { DEFAULT_SEED, seedFromEnv } from '../../sequential/seed.ts';

const SEED = seedFromEnv();

describe('sequential model-based check of the v4.1 port', () => {
  test.prop([sequenceArbitrary()], { seed: SEED, numRuns: 400 })('agrees with the model after every command', (cmds) => {
    runSequence(v41, cmds);
  });

  it('exercises every operation outcome, GFP class, backend and fault mode (default seed, 1000 sequences)', () => {
    const r = runSequentialCheck({ impl: v41, seed: DEFAULT_SEED, runs: 1000 });
    expect(r.verdict).toBe('pass');
    expect(r.failure).toBeNull();
    expect(r.sequences).toBe(1000);
    // A floor: sequences hold up to 25 commands (LIMITS.maxCommands), about half that on average;
    // fewer than 4 a sequence would mean most drawn commands are refused.
    expect(r.commands).toBeGreaterThan(4000);
    expect(Object.keys(r.exercised.operations).sort()).toEqual([
      'alloc: NULL',
      'alloc: blocked (asleep)',
      'alloc: from alloc_fn (first pass)',
      'alloc: from alloc_fn (full-mask pass)',
      'alloc: from the reserve',
      'create: NULL (elements array failed)',
      'create: NULL (pool struct failed)',
      'create: NULL (pre-fill failed)',
      'create: ok',
      'create: ok (min_nr 0)',
      'destroy',
      'free: NULL',
      'free: refills the reserve',
      'free: to free_fn',
      'resize: BUG (n <= 0)',
      'resize: grow, -ENOMEM',
      'resize: grow, refill failed',
      'resize: grow, refilled',
      'resize: shrink, frees elements',
      'resize: shrink, frees none',
    ].sort());
    // Floors, not measurements: each class is drawn often, not once by luck.
    for (const cls of ['GFP_KERNEL', 'GFP_NOFS', 'GFP_NOIO', 'GFP_ATOMIC', 'GFP_NOWAIT']) {
      expect(r.exercised.gfp[cls], cls).toBeGreaterThan(20);
      expect(r.exercised.gfp[`${cls}|__GFP_ZERO`], `${cls}|__GFP_ZERO`).toBeGreaterThan(20);
    }
    // mempool_create_node with every GFP class of the caller (mempool_create passes GFP_KERNEL, L67-68).
    for (const cls of ['GFP_KERNEL', 'GFP_NOFS', 'GFP_NOIO', 'GFP_ATOMIC', 'GFP_NOWAIT']) expect(r.exercised.gfp[`create_node ${cls}`], cls).toBeGreaterThan(5);
    expect(r.exercised.gfp['create GFP_KERNEL']).toBeGreaterThan(5);
    expect(Object.keys(r.exercised.backends).sort()).toEqual(['kmalloc', 'pages', 'slab']);
    for (const cls of ['element', 'meta']) {
      for (const mode of ['never', 'always', 'choice', 'fail-nth', 'gfp']) expect(r.exercised.faults[`${cls}: ${mode}`], `${cls}: ${mode}`).toBeGreaterThan(0);
    }
  });

  it('is reproducible: the same seed gives the same counts', () => {
    const a = runSequentialCheck({ impl: v41, seed: 7, runs: 100 });
    const b = runSequentialCheck({ impl: v41, seed: 7, runs: 100 });
    expect(b.exercised).toEqual(a.exercised);
    expect(b.commands).toBe(a.commands);
  });
});
