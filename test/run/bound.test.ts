/**
 * Which scenarios a search explores within a preemption bound (run/bound.ts): a scenario's bound is
 * for the seed's livelock, so it applies exactly where the implementation is known to livelock there.
 */
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { implName } from '../../lib/impl.ts';
import { boundFor } from '../../run/bound.ts';
import { parseArgs } from '../../cli/args.ts';
import { EXPLORE_OPTIONS, exploreSettings } from '../../cli/explore-options.ts';
import { scenarioNamed } from '../../scenarios/registry.ts';

const resize3 = scenarioNamed('resize3');
const declared = resize3.bound;

describe('the bound of a scenario applies where its livelock is known', () => {
  it('resize3 and quad4 declare one (the seed livelocks there); other scenarios none', () => {
    expect(declared).toBeDefined();
    expect(scenarioNamed('quad4').bound).toBeDefined();
    expect(boundFor(scenarioNamed('trio3'), 'sc', 'v4.1')).toBeNull();
  });

  // (The seed's C lists it too, in the project file a command loads: test/c/cli.test.ts runs its gate.)
  it('the port and its v6.17 variant list the livelock: bounded, with the weak bound under weak memory', () => {
    for (const impl of ['v4.1', 'v4.1+zero-min-fix']) {
      expect([impl, boundFor(resize3, 'sc', impl)?.maxPreemptions]).toEqual([impl, declared?.maxPreemptions]);
      expect([impl, boundFor(resize3, 'weak', impl)?.maxPreemptions]).toEqual([impl, declared?.weakMaxPreemptions ?? declared?.maxPreemptions]);
    }
  });

  it("a built-in edit of the port without an entry of its own (a mutant, a variant) inherits the port's", () => {
    expect(boundFor(resize3, 'sc', 'mutant:free-no-wake')?.maxPreemptions).toBe(declared?.maxPreemptions);
    expect(boundFor(resize3, 'sc', 'v4.1+resize-wakes')?.maxPreemptions).toBe(declared?.maxPreemptions);
  });

  it('a pool with no LIVELOCK finding there is explored completely', async () => {
    const file = await implName(fileURLToPath(new URL('../../examples/freelist-pool/pool.ts', import.meta.url)));
    expect(boundFor(resize3, 'sc', file)).toBeNull();
    // Known findings given explicitly decide instead of the project file's.
    expect(boundFor(resize3, 'sc', 'v4.1', [])).toBeNull();
    expect(boundFor(resize3, 'sc', 'v4.1', [{ property: 'LIVELOCK', memory: 'weak' }])).toBeNull();
    expect(boundFor(resize3, 'weak', 'v4.1', [{ property: 'LIVELOCK', memory: 'weak' }])).not.toBeNull();
  });

  it('explore on the command line follows it: bounded-dpor for the port, dpor for the free-list pool', async () => {
    const settings = (impl: string) => exploreSettings(parseArgs(['resize3', '--impl', impl], EXPLORE_OPTIONS, { names: ['scenario'], min: 1 }));
    expect(settings('v4.1').strategy).toBe('bounded-dpor');
    // The command line loads a path before it parses options (cli/impl-args.ts): the settings see its name.
    const file = await implName(fileURLToPath(new URL('../../examples/freelist-pool/pool.ts', import.meta.url)));
    expect(settings(file).strategy).toBe('dpor');
  });
});
