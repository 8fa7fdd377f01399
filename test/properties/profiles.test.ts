/**
 * Profiles decide which properties are checked and against which model: the contract checks what any
 * mempool must keep; v4.1 and v6.17 add the version's details. Each profile's distinguishing behaviour
 * is shown on an implementation that differs from the seed exactly there.
 */
import { describe, expect, it } from 'vitest';
import { implNamed } from '../../impl/registry.ts';
import { PROFILES, slotsOf } from '../../model/profile.ts';
import { checkedUnder, monitorsFor, PROPERTIES, propertiesOf } from '../../properties/registry.ts';
import { runSequentialCheck } from '../../sequential/check.ts';
import { run } from './run.ts';

const REFINEMENT_ONLY = ['FORCED-GFP', 'FREE-SEES-REMOVAL', 'ZERO-WARN'];

describe('which properties each profile checks', () => {
  it('the contract: all but the version details; v4.1 and v6.17: all of them', () => {
    const ids = (p: (typeof PROFILES)[number]): string[] => propertiesOf(p).map((d) => d.id);
    expect(ids('contract')).toEqual([...PROPERTIES.keys()].filter((id) => !REFINEMENT_ONLY.includes(id)));
    expect(ids('v4.1')).toEqual([...PROPERTIES.keys()]);
    expect(ids('v6.17')).toEqual([...PROPERTIES.keys()]);
    for (const id of REFINEMENT_ONLY) expect(checkedUnder(PROPERTIES.get(id) as never, 'contract')).toBe(false);
  });

  it('monitors follow the profile (default v4.1, the seed’s); a chosen ID outside the profile is left out', () => {
    expect(monitorsFor().map((m) => m.name)).toEqual([...PROPERTIES.keys()]);
    expect(monitorsFor({ profile: 'contract' }).map((m) => m.name)).not.toContain('FORCED-GFP');
    expect(monitorsFor({ profile: 'contract', ids: ['FORCED-GFP', 'BOUNDS'] }).map((m) => m.name)).toEqual(['BOUNDS']);
  });

  it('how many elements a pool may hold: v4.1 min_nr; v6.17 and the contract max(1, min_nr)', () => {
    expect(PROFILES.map((p) => [p, slotsOf(p, 0), slotsOf(p, 3)])).toEqual([
      ['contract', 1, 3],
      ['v4.1', 0, 3],
      ['v6.17', 1, 3],
    ]);
  });
});

describe('the contract leaves open what a refinement pins', () => {
  it('allocator masks: a first pass with __GFP_WAIT fails v4.1 (FORCED-GFP, the exact ladder) and keeps the contract', () => {
    const impl = implNamed('mutant:first-pass-wait');
    expect(run('pair2', { impl, strategy: 'dpor' }).counts).toMatchObject({ 'FORCED-GFP': expect.any(Number) });
    const contract = run('pair2', { impl, strategy: 'dpor', profile: 'contract' });
    expect([contract.result.complete, contract.counts]).toEqual([true, {}]);
    expect(runSequentialCheck({ impl, runs: 200 }).verdict).toBe('fail');
    expect(runSequentialCheck({ impl, profile: 'contract', runs: 200 }).verdict).toBe('pass');
  });

  it('the __GFP_ZERO warning: a pool that does not warn fails v4.1 (ZERO-WARN) and keeps the contract', () => {
    const impl = implNamed('mutant:no-zero-warn');
    expect(runSequentialCheck({ impl, runs: 200 }).verdict).toBe('fail');
    expect(runSequentialCheck({ impl, profile: 'contract', runs: 200 }).verdict).toBe('pass');
  });

  it('what the contract keeps, every profile keeps: a free that never wakes fails all three', () => {
    const impl = implNamed('mutant:free-no-wake');
    for (const profile of PROFILES) {
      expect([profile, Object.keys(run('pair2', { impl, strategy: 'dpor', profile, ids: ['NO-LOST-WAKEUP', 'NO-DEADLOCK'] }).counts).length > 0]).toEqual([profile, true]);
    }
  });

  it('the reserve is used only after the allocator failed: taking it first fails the contract too', () => {
    const r = runSequentialCheck({ impl: implNamed('mutant:alloc-reserve-first'), profile: 'contract', runs: 200 });
    expect(r.verdict).toBe('fail');
    expect(r.failure?.disagreement.reason).toMatch(/from the reserve without alloc_fn failing first/);
  });
});
