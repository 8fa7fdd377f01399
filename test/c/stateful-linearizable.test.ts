/**
 * LINEARIZABLE in the stateful search (properties/lin/online-monitor.ts): under the seed's refinement
 * (v4.1) and under the contract (a C file's default profile) the search checks it online, with a key,
 * so a complete search covers it.
 * - resize3 on the seed's C: every reachable state, LINEARIZABLE covered and holding; the one finding
 *   is the known livelock (both profiles).
 * - The mutant whose LINEARIZABLE finding is the property's must-pass case (pair2, an alloc that takes
 *   the reserve first) is caught by the stateful search too, and its counterexample replays.
 */
import { describe, expect, it, vi } from 'vitest';
import { explore } from '../../lib/explore.ts';
import { monitorsOf } from '../../run/monitors.ts';
import { replayToken } from '../../run/replay.ts';
import { cMutant, seedImpl } from './helpers.ts';

vi.setConfig({ testTimeout: 600_000 });

describe('LINEARIZABLE in the stateful search', () => {
  it.each(['v4.1', 'contract'] as const)("resize3 on the seed's C under %s: complete, LINEARIZABLE covered, only the known livelock", async (profile) => {
    const r = await explore(seedImpl(), 'resize3', { profile, strategy: 'stateful' });
    expect(r.complete).toBe(true);
    expect(r.failedProperties).toEqual(['LIVELOCK']);
    expect(r.coverage).not.toMatch(/not covered/);
  });

  it.each(['v4.1', 'contract'] as const)('catches the mutant of its must-pass case (pair2, alloc-reserve-first) under %s, and the counterexample replays', async (profile) => {
    const r = await explore(cMutant('alloc-reserve-first'), 'pair2', { profile, strategy: 'stateful', properties: ['LINEARIZABLE'] });
    expect(r.failedProperties).toEqual(['LINEARIZABLE']);
    const token = r.counterexample?.token;
    if (token === undefined) throw new Error('no counterexample');
    // A replay runs the recorded schedule statelessly, where the offline check judges it.
    const replayed = replayToken(token, monitorsOf);
    expect(replayed.diverged).toBeNull();
    expect(replayed.report?.violations.map((v) => v.property)).toContain('LINEARIZABLE');
  });

  it.each(['v4.1', 'contract'] as const)('passes the seed on pair2 and trio3 under %s (the mutant above is the only difference)', async (profile) => {
    for (const scenario of ['pair2', 'trio3']) {
      const r = await explore(seedImpl(), scenario, { profile, strategy: 'stateful', properties: ['LINEARIZABLE'] });
      expect([scenario, r.verdict]).toEqual([scenario, 'pass']);
    }
  });
});
