/**
 * Coarse steps against fine steps on the named scenarios, completely (issue 7 §3): a step merges what
 * no other thread can tell apart (kernel/rt/kernel.ts); with `fineGrained` every operation is a step.
 * The stateful search of the seed's C covers every reachable state at either granularity: the same
 * properties must fail, for every property whose monitor has a state key (LINEARIZABLE has none: the
 * stateful search does not cover it; test/explorer/self-check.test.ts compares it on random programs,
 * stateless, and test/explorer's grow2/resize-wake tests on the port).
 */
import { describe, expect, it, vi } from 'vitest';
import { SCENARIOS } from '../../scenarios/registry.ts';
import { expectSameFailuresCoarseAndFine, LARGE, SIZED_FOR_CI } from './granularity-scenarios.ts';

// Its slowest test took 18 s in a fresh-clone run on the 2-core machine (2026-12-05): a limit of
// about four times that catches a hang without failing a slower machine (vitest.config.ts: 60 s otherwise).
vi.setConfig({ testTimeout: 90_000 });

describe('coarse and fine steps, every reachable state of the seed C (stateful, sc)', () => {
  it('covers every named scenario but the large ones', () => {
    expect(SIZED_FOR_CI.every((n) => SCENARIOS.has(n))).toBe(true);
    expect([...SCENARIOS.keys()].filter((n) => !SIZED_FOR_CI.includes(n)).sort()).toEqual([...LARGE, 'quad4'].sort());
  });

  for (const name of SIZED_FOR_CI) {
    it(`${name}: the same properties fail`, () => {
      expectSameFailuresCoarseAndFine(name);
    });
  }
});
