/**
 * Elements have contents: the free-list pool keeps its links in the elements' own words, which it may
 * use only while it owns an element. A free that links the element into the list after unlocking
 * (examples/freelist-pool/bugs/link-after-unlock.ts) writes into an element another thread's alloc may
 * already have taken and returned: OWNERSHIP catches it, and the counterexample names the file and line
 * of the write. Loaded by path, as a user's pool is.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { explore } from '../../lib/explore.ts';
import { scenarioNamed } from '../../scenarios/registry.ts';
import type { Scenario } from '../../scenarios/spec.ts';

const BUG = fileURLToPath(new URL('../../examples/freelist-pool/bugs/link-after-unlock.ts', import.meta.url));
const POOL = fileURLToPath(new URL('../../examples/freelist-pool/pool.ts', import.meta.url));
/** The bug's own line numbers, found by their text (so an edit of the file does not go stale here). */
const lineOf = (text: string): number => readFileSync(BUG, 'utf8').split('\n').findIndex((l) => l.includes(text)) + 1;

/**
 * One reserve element, an allocator that always fails: T1 takes the element and frees it; T2 takes it
 * from the reserve (atomically: it does not wait) and keeps it. None of the named scenarios keeps an
 * element after taking it (each frees at once, and a free begun gives the element back to the pool).
 */
const holder: Scenario = {
  ...scenarioNamed('pair2'),
  name: 'free-then-holder',
  description: 'T1 allocates and frees the one reserve element; T2 takes it atomically and keeps it',
  threads: [{ commands: [{ op: 'alloc', gfp: 'GFP_KERNEL' }, { op: 'free' }] }, { commands: [{ op: 'alloc', gfp: 'GFP_ATOMIC' }] }],
};

describe('a free that writes its link into the element after unlocking', () => {
  it('is caught by OWNERSHIP alone, with the counterexample showing the write at its file and line', async () => {
    const r = await explore(BUG, holder);
    expect([r.profile, r.verdict, r.failedProperties]).toEqual(['contract', 'fail', ['OWNERSHIP']]);
    const text = r.counterexample?.text ?? '';
    // T2 popped the element between T1's unlock and its write: the write is into an element T2 holds.
    expect(text).toMatch(/FAILED OWNERSHIP \(step \d+, T1\): T1 in mempool_free wrote word 0 of e0\.\d+, which T2 holds: the pool touched an element it had handed out/);
    const line = lineOf('yield* store(element + NEXT, next);');
    const write = `examples/freelist-pool/bugs/link-after-unlock.ts:${line} store`;
    expect(text).toContain(write);
    // ... after the unlock just before it (the line above) published the element, and after T2's alloc
    // returned it.
    const at = (s: string): number => text.indexOf(s);
    const unlock = `examples/freelist-pool/bugs/link-after-unlock.ts:${line - 1} spin_unlock_irqrestore`;
    expect(at(unlock)).toBeGreaterThan(-1);
    const taken = text.lastIndexOf('mempool_alloc returns e0'); // T2's (T1's own alloc returned it first)
    expect(at(unlock)).toBeLessThan(taken);
    expect(taken).toBeLessThan(at(write));
    expect(r.counterexample?.replay).toMatch(/ replay mc1\./);
  });

  it('on a gate scenario (trio3) too: the same write, into an element its taker has meanwhile freed', async () => {
    // The named scenarios free each element at once, so by the time of the late write its taker has
    // given it back: to the reserve (the pool owns it again: no finding) or to its allocator.
    const r = await explore(BUG, 'trio3', { properties: ['OWNERSHIP'] });
    expect([r.verdict, r.failedProperties]).toEqual(['fail', ['OWNERSHIP']]);
    const text = r.counterexample?.text ?? '';
    expect(text).toMatch(/FAILED OWNERSHIP \(step \d+, T\d\): write to word 0 of e\d+\.\d+, which was freed to its allocator: use after free/);
    expect(text).toContain(`examples/freelist-pool/bugs/link-after-unlock.ts:${lineOf('yield* store(element + NEXT, next);')} store`);
  });

  it('the correct pool links the element before unlocking: both pass', async () => {
    for (const s of [holder, scenarioNamed('trio3')]) {
      const r = await explore(POOL, s);
      expect([s.name, r.verdict, r.complete]).toEqual([s.name, 'pass', true]);
    }
  });
});
