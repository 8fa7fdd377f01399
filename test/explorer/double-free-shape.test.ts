/**
 * A free's step shape and footprint do not depend on whether another thread freed the block first.
 * They did: a double free was a step of its own (a live block's free merges into its critical section)
 * and touched only the block's first word. Then a thread asleep in dpor's sleep set with its merged
 * step (lock, free, unlock) stood for a different step (the lock alone) where the block was already
 * freed, and dpor never ran the reader before either free: 2 of dfs's 4 Mazurkiewicz traces (found by
 * the self-check, self-check.test.ts, on a program its generator drew; shrunk to this one).
 */
import { describe, expect, it } from 'vitest';
import type { KernelProgram } from './kernel-programs.ts';
import { boundedDpor, dfs, dpor, explored, sorted } from './self-check.ts';

const program: KernelProgram = {
  memory: 'sc',
  timeouts: 'untimed',
  faults: 'never',
  threads: [[{ k: 'locked', lock: 1, body: [{ k: 'block-free' }] }], [{ k: 'wake' }, { k: 'block-free' }], [{ k: 'block-read', word: 1 }]],
};

describe('a double free has the shape of a free', () => {
  it('dpor and bounded-dpor reach every trace dfs reaches, with or without fine-grained steps', () => {
    for (const fine of [false, true]) {
      const d = explored(program, dfs(), 400, fine);
      expect(d.complete).toBe(true);
      // T1's free, T2's free and T3's read of the block's second word are pairwise dependent (each
      // free writes both words): 3! = 6 orders, T2's wake-up commuting with all of them.
      expect(d.traces.size).toBe(6);
      for (const make of [dpor, boundedDpor]) {
        const o = explored(program, make(), 400, fine);
        expect([fine, sorted(o.traces)]).toEqual([fine, sorted(d.traces)]);
      }
    }
  });
});
