/**
 * explorer/growth.ts: when a stateful search's runs are cut at the step limit, the verdict names the C
 * locals that kept the states from repeating.
 * - The seed with one counter added to its grow loop (`added++`, no kernel operation: the same
 *   interleavings as the seed): the grow/shrink ping-pong never returns to a state, and the counter is
 *   named. The same search of the seed itself closes the ping-pong into a lasso, with no run cut.
 * - c/examples/locked-pool.c (whose grow counts the elements it added) on resize3: the verdict names
 *   `added`; the seed's quad4 with a step limit shorter than its runs is cut too, and names nothing
 *   (its runs are long, not growing).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { compileCImpl } from '../../c/load.ts';
import { GROWTH_THRESHOLD } from '../../explorer/growth.ts';
import { applyPatches } from '../../impl/patched/load.ts';
import type { AnyPoolImpl } from '../../impl/pool-impl.ts';
import { explore } from '../../lib/explore.ts';
import { parser, SEED, SEED_PATH, seedImpl } from './helpers.ts';

/** The seed whose grow counts what it added, in a local it never reads. */
const counting = (): AnyPoolImpl =>
  compileCImpl(
    parser,
    applyPatches(
      SEED,
      [
        { find: '\tvoid **new_elements;\n\tunsigned long flags;\n', replace: '\tvoid **new_elements;\n\tunsigned long flags; int added = 0;\n' },
        { find: '\t\tif (pool->curr_nr < pool->min_nr) {\n\t\t\tadd_element(pool, element);\n', replace: '\t\tif (pool->curr_nr < pool->min_nr) {\n\t\t\tadd_element(pool, element); added++;\n' },
      ],
      'counting',
    ),
    SEED_PATH,
    { name: 'counting', profile: 'v4.1' },
  );

describe('what keeps a cut run from repeating a state (explorer/growth.ts)', () => {
  it('names a counter the grow loop increments; on the seed the same search closes the ping-pong into a lasso', async () => {
    const options = { strategy: 'stateful', maxSteps: 200, maxExecutions: 20_000, properties: ['RESERVE'] } as const;
    const r = await explore(counting(), 'resize3', options);
    expect(r.verdict).toBe('incomplete');
    expect(r.coverage).toMatch(/T1's `added` in mempool_resize\(\) \(([\d,]+) values/);
    const values = Number((/`added` in mempool_resize\(\) \(([\d,]+) values/.exec(r.coverage)?.[1] ?? '0').replace(/,/g, ''));
    // One element added per turn of the ping-pong (about a dozen steps each) within 200 steps.
    expect(values).toBeGreaterThanOrEqual(GROWTH_THRESHOLD);
    expect(values).toBeLessThanOrEqual(200);
    const seed = await explore(seedImpl(), 'resize3', options);
    expect(seed.failedProperties).toEqual(['LIVELOCK']);
    expect(seed.coverage).not.toMatch(/cut at|never repeats/);
  });

  it("locked-pool.c's resize3: the stateful verdict says which local grows", async () => {
    const pool = compileCImpl(parser, readFileSync('c/examples/locked-pool.c', 'utf8'), 'c/examples/locked-pool.c');
    const r = await explore(pool, 'resize3', { strategy: 'stateful', maxSteps: 200, maxExecutions: 20_000, properties: ['RESERVE'] });
    expect(r.verdict).toBe('incomplete');
    expect(r.coverage).toMatch(/runs cut at 200 steps/);
    expect(r.coverage).toMatch(/T1's `added` in mempool_resize\(\) \([\d,]+ values/);
  });

  it("the seed's quad4 cut by a short step limit: long runs, no growing local named", async () => {
    const r = await explore(seedImpl(), 'quad4', { strategy: 'stateful', maxSteps: 60, maxExecutions: 20_000, properties: ['RESERVE'] });
    expect(r.coverage).toMatch(/runs cut at 60 steps/);
    expect(r.coverage).not.toMatch(/never repeats/);
  });
});
