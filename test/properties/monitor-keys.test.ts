/**
 * Monitors' states (explorer/monitor.ts `writeState`), the part of a stateful search's state that is
 * not the world: every monitor but LINEARIZABLE has one, and a stateful search checks LINEARIZABLE
 * online (properties/lin/online.ts), which has one under the refinements; a key tells apart states of the same world in
 * which the monitor remembers different things; it ignores what the verdict cannot depend on (step
 * numbers, history indices, the order of events); and it takes finitely many values along the seed's
 * endless grow/shrink ping-pong, on the port and on the seed's C.
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../../explorer/explore.ts';
import { LIVELOCK, repeatedChoices } from '../../explorer/lasso.ts';
import type { Monitor } from '../../explorer/monitor.ts';
import type { Program } from '../../explorer/program.ts';
import { makeScheduler } from '../../explorer/strategies/registry.ts';
import { implNamed } from '../../impl/registry.ts';
import type { AnyPoolImpl } from '../../impl/pool-impl.ts';
import { memoryFactory } from '../../kernel/rt/weak/factory.ts';
import { PROFILES, type Profile } from '../../model/profile.ts';
import { monitorsFor } from '../../properties/registry.ts';
import { scenarioProgram, type KernelOverrides } from '../../scenarios/program.ts';
import { scenarioNamed } from '../../scenarios/registry.ts';
import { seedImpl } from '../c/helpers.ts';
import { pairsWhere, replayedStates, statesByWorld, type KeyedState } from './keys.ts';

const WEAK: KernelOverrides = { memory: memoryFactory({ model: 'weak', staleReads: 1 }) };

/** Every state a dfs visits on a named scenario with the port, by world (cached: several tests read each). */
const cache = new Map<string, Map<string, KeyedState[]>>();
function states(scenario: string, weak = false): Map<string, KeyedState[]> {
  const id = `${scenario}${weak ? ' weak' : ''}`;
  let s = cache.get(id);
  if (s === undefined) {
    const program = scenarioProgram(scenarioNamed(scenario), implNamed('v4.1'), weak ? WEAK : {});
    s = statesByWorld(program, monitorsFor({ profile: 'v4.1' }), 1500);
    cache.set(id, s);
  }
  return s;
}

const keyOf = (s: KeyedState, monitor: string): string => s.keys.get(monitor) ?? '(no key)';

/** The monitors a stateful search runs (run/session.ts): each property's keyed monitor where it has one. */
const statefulMonitors = (profile: (typeof PROFILES)[number]): Monitor[] => monitorsFor({ profile }).map((m) => m.forStatefulSearch?.() ?? m);

describe('which monitors keep a state key', () => {
  it('every monitor of every profile implements writeState but LINEARIZABLE, whose exact state is the whole history', () => {
    for (const profile of PROFILES) {
      const monitors = monitorsFor({ profile });
      const unkeyed = monitors.filter((m) => m.writeState === undefined).map((m) => m.name);
      expect([profile, unkeyed]).toEqual([profile, ['LINEARIZABLE']]);
    }
  });

  it('a stateful search checks LINEARIZABLE online, with a key, under every profile', () => {
    for (const profile of PROFILES) {
      const monitors = statefulMonitors(profile);
      const unkeyed = monitors.filter((m) => m.writeState === undefined).map((m) => m.name);
      expect([profile, unkeyed]).toEqual([profile, []]);
    }
  });
});

describe('a key tells apart what the monitor remembers beyond the world', () => {
  // Each row: a scenario on which a dfs reaches one world twice with the monitor remembering different
  // things, and what the two keys say (the part of the monitor's memory that differs).
  const rows: { monitor: string; scenario: string; weak?: boolean; what: string; differ: (a: string, b: string) => boolean }[] = [
    // T1 inside a free and T2 inside an alloc, or the other way round: a generator's locals are not in
    // the world, the operations in flight are in the monitors that judge their later events.
    ...['NEVER-NULL', 'FORCED-GFP', 'ZERO-WARN', 'KERNEL-OBJECTS', 'RESERVE'].map((monitor) => ({
      monitor,
      scenario: 'pair2',
      what: 'which operation each thread has in flight',
      differ: (a: string, b: string) => /T1: free\/ b\d+ T2: alloc\//.test(a) && /T1: alloc\/ \d+( called)? T2: free\//.test(b),
    })),
    {
      monitor: 'RESERVE',
      scenario: 'resize-wake',
      what: 'whether the element a caller holds came out of the reserve (its free must then refill it)',
      differ: (a, b) => /removed 0 /.test(a) && /removed 1 b\d+ /.test(b),
    },
    { monitor: 'RESERVE', scenario: 'grow2', what: 'whether a resize refill failed', differ: (a, b) => !a.includes('refill-failed') && b.includes('refill-failed') },
    {
      monitor: 'NO-LOST-WAKEUP',
      scenario: 'zero-min',
      what: 'whether the free in flight began after the waiter began waiting',
      differ: (a, b) => /T1: 2 freeing 1 2$/.test(a) && /T1: 2 freeing 0$/.test(b),
    },
    { monitor: 'OWNERSHIP', scenario: 'gfp-mix', what: 'which element the free in flight hands back', differ: (a, b) => /frees 1 b\d/.test(a) && /frees 1 b\d/.test(b) },
  ];
  for (const row of rows) {
    it(`${row.monitor} on ${row.scenario}${row.weak === true ? ' (weak memory)' : ''}: ${row.what}`, () => {
      const found = pairsWhere(states(row.scenario, row.weak), (a, b) => {
        const ka = keyOf(a, row.monitor);
        const kb = keyOf(b, row.monitor);
        return row.differ(ka, kb) || row.differ(kb, ka);
      });
      // pairsWhere stops at its first pair (limit 1): 1 means such a pair exists.
      expect(found.length).toBe(1);
    });
  }
});

describe('a key ignores what no verdict depends on', () => {
  // One world reached twice with the monitor's key the same (and not empty), though the two runs took
  // different numbers of steps or wrote histories of different lengths: keys hold no step number,
  // history index or count of events.
  const rows: { monitor: string; scenario: string; weak?: boolean }[] = [
    ...['OWNERSHIP', 'NEVER-NULL', 'FORCED-GFP', 'ZERO-WARN', 'KERNEL-OBJECTS', 'RESERVE'].map((monitor) => ({ monitor, scenario: 'atomic2' })),
    { monitor: 'NO-LOST-WAKEUP', scenario: 'zero-min' },
    { monitor: 'FREE-SEES-REMOVAL', scenario: 'handoff3', weak: true },
    { monitor: 'RESERVE', scenario: 'handoff3', weak: true },
  ];
  for (const row of rows) {
    it(`${row.monitor} on ${row.scenario}${row.weak === true ? ' (weak memory)' : ''}`, () => {
      const same = (a: KeyedState, b: KeyedState): boolean => keyOf(a, row.monitor) !== '' && keyOf(a, row.monitor) === keyOf(b, row.monitor);
      const byWorld = states(row.scenario, row.weak);
      // pairsWhere stops at its first pair (limit 1): 1 means such a pair exists.
      expect(pairsWhere(byWorld, (a, b) => same(a, b) && a.steps !== b.steps).length).toBe(1);
      expect(pairsWhere(byWorld, (a, b) => same(a, b) && a.history !== b.history).length).toBe(1);
    });
  }
});

/**
 * The ping-pong's lasso (found with no monitor, so that no key can hide it), replayed with every
 * monitor for `turns` turns of its cycle: the keyed states after each step.
 */
function pingPong(program: Program<unknown>, turns: number, profile: Profile): { states: KeyedState[]; prefixSteps: number; cycleSteps: number } {
  const search = explore(program, makeScheduler('random', { seed: 1 }), monitorsFor({ ids: [] }), { maxExecutions: 10_000, stopOnFailure: true, keepFailures: 1 }, { maxSteps: 2000, lasso: 'online' });
  const lasso = search.failures[0]?.lasso;
  expect(search.failedProperties).toEqual([LIVELOCK]);
  if (lasso === undefined) throw new Error('no lasso');
  const monitors: Monitor[] = statefulMonitors(profile);
  const end = lasso.prefixSteps + turns * lasso.cycleSteps;
  return { states: replayedStates(program, monitors, repeatedChoices(lasso, turns), end), prefixSteps: lasso.prefixSteps, cycleSteps: lasso.cycleSteps };
}

describe("keys take finitely many values along the seed's grow/shrink ping-pong (resize3)", () => {
  const impls: [string, () => AnyPoolImpl, KernelOverrides][] = [
    ['the port impl/v4.1', () => implNamed('v4.1'), {}],
    ["the seed's C", seedImpl, {}],
    ["the seed's C under weak memory", seedImpl, WEAK],
  ];
  for (const [label, impl, overrides] of impls) {
    it.each(['v4.1', 'contract'] as const)(`${label}, %s: every key is the same after every turn of the cycle (LINEARIZABLE's from its fourth), and no key appears two turns later that did not before`, (profile) => {
      const turns = 30;
      const { states: run, prefixSteps, cycleSteps } = pingPong(scenarioProgram(scenarioNamed('resize3'), impl(), overrides) as Program<unknown>, turns, profile);
      expect(run.at(-1)?.steps).toBe(prefixSteps + turns * cycleSteps);
      const boundaries = run.filter((s) => s.steps >= prefixSteps && (s.steps - prefixSteps) % cycleSteps === 0);
      expect(boundaries.length).toBe(turns + 1);
      const names = [...(run[0]?.keys.keys() ?? [])];
      // Every monitor, LINEARIZABLE's online check included.
      expect(names.length).toBe(monitorsFor({ profile }).length);
      for (const name of names) {
        // LINEARIZABLE's configurations carry alternatives from before the cycle until the resizes'
        // summaries have dropped every call from before it (model/online.ts trim, and under the contract
        // the grow's adds committed): three turns.
        const settle = name === 'LINEARIZABLE' ? 3 : 0;
        const from = prefixSteps + settle * cycleSteps;
        expect([name, new Set(boundaries.filter((s) => s.steps >= from).map((s) => s.keys.get(name))).size]).toEqual([name, 1]);
        const early = new Set(run.filter((s) => s.steps <= from + 2 * cycleSteps).map((s) => s.keys.get(name)));
        const late = run.filter((s) => s.steps > from + 2 * cycleSteps).map((s) => s.keys.get(name));
        expect([name, late.filter((k) => !early.has(k))]).toEqual([name, []]);
      }
      // The allocator calls of the two resizes in flight grow without bound; the keys name the resizes only
      // (FORCED-GFP is the refinements' watch).
      if (profile === 'v4.1') expect(boundaries[0]?.keys.get('FORCED-GFP')).toBe('2 T1: resize/ 3 T2: resize/ 1');
      expect((run.at(-1)?.history ?? 0) - (boundaries[0]?.history ?? 0)).toBeGreaterThanOrEqual(2 * turns);
    });
  }
});
