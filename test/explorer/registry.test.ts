/** The strategy registry: names, options, and one clear RangeError for an unknown name. */
import { describe, expect, it } from 'vitest';
import { BoundedScheduler } from '../../explorer/strategies/bounded.ts';
import { PctScheduler } from '../../explorer/strategies/pct.ts';
import { makeScheduler, STRATEGIES } from '../../explorer/strategies/registry.ts';

describe('strategy registry', () => {
  it('has dfs, dpor, bounded, bounded-dpor, pct, random and stateful', () => {
    expect([...STRATEGIES.keys()].sort()).toEqual(['bounded', 'bounded-dpor', 'dfs', 'dpor', 'pct', 'random', 'stateful']);
    for (const name of STRATEGIES.keys()) expect(makeScheduler(name, { seed: 1 }).name).toBe(name);
  });

  it('passes the options each strategy reads', () => {
    const b = makeScheduler('bounded', { seed: 1, maxPreemptions: 5 }) as BoundedScheduler;
    expect([b.maxPreemptions, b.name]).toEqual([5, 'bounded']);
    expect(makeScheduler('bounded', { seed: 1, dpor: true }).name).toBe('bounded-dpor');
    // The default the help text states for --max-preemptions (registry.ts: DEFAULT_MAX_PREEMPTIONS).
    expect((makeScheduler('bounded', { seed: 1 }) as BoundedScheduler).maxPreemptions).toBe(3);
    const p = makeScheduler('pct', { seed: 9, depth: 4, runs: 7 }) as PctScheduler;
    expect([p.seed, p.depth, p.runs]).toEqual([9, 4, 7]);
  });

  it('an unknown strategy is a RangeError with one line naming the known ones', () => {
    expect(() => makeScheduler('bfs', { seed: 1 })).toThrow(RangeError);
    expect(() => makeScheduler('bfs', { seed: 1 })).toThrow(/^unknown strategy 'bfs' \(known: dfs, dpor, bounded, bounded-dpor, pct, random, stateful\)$/);
  });

  it('bad option values are RangeErrors too', () => {
    expect(() => makeScheduler('bounded', { seed: 1, maxPreemptions: -1 })).toThrow(RangeError);
    expect(() => makeScheduler('pct', { seed: 1, depth: 0 })).toThrow(RangeError);
  });
});
