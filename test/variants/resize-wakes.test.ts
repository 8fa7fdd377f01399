/**
 * Fixes live in impl/variants/, never in the port: the resize lost wake-up the checker reports on the
 * seed (resize-wake, quad4) is gone with the fix, and nothing else breaks; the port still fails.
 */
import { describe, expect, it, vi } from 'vitest';
import { implNames, implNamed } from '../../impl/registry.ts';
import { run } from '../properties/run.ts';

// Its slowest test took 37 s in a fresh-clone run on the 2-core machine (2026-12-05): a limit of
// about four times that catches a hang without failing a slower machine (vitest.config.ts: 60 s otherwise).
vi.setConfig({ testTimeout: 180_000 });

const FIXED = 'v4.1+resize-wakes';

describe('variant v4.1+resize-wakes', () => {
  it('is registered next to the port', () => {
    expect(implNames()).toContain(FIXED);
    expect(implNamed(FIXED).name).toBe(FIXED);
  });

  it('resize-wake: the port fails NO-LOST-WAKEUP, the fix passes every property on every trace', () => {
    expect(run('resize-wake', { strategy: 'dpor' }).result.failedProperties).toEqual(['NO-LOST-WAKEUP']);
    const fixed = run('resize-wake', { impl: FIXED, strategy: 'dpor' });
    expect([fixed.result.verdict, fixed.result.complete]).toEqual(['pass', true]);
  });

  it('quad4 within 2 preemptions: the fix leaves nothing failing', () => {
    const fixed = run('quad4', { impl: FIXED, strategy: 'bounded-dpor', strategyOptions: { maxPreemptions: 2 } });
    expect(fixed.result.stoppedBy).toBe('done');
    expect(fixed.result.failedProperties).toEqual([]);
  });

  it('zero-min still fails: the fix is about resize only', () => {
    expect(run('zero-min', { impl: FIXED, strategy: 'dpor' }).result.failedProperties).toEqual(['NO-DEADLOCK', 'NO-LOST-WAKEUP']);
  });
});
