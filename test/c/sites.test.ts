/**
 * Reports name the C file's own lines and functions: every kernel operation the front end issues
 * registers its C position (kernel/rt/trace.ts), and a recorded run of the seed's C shows the same seed
 * lines the port's `// L123` notes give (L218 for the alloc_fn call, with the wrapper's L337 in its chain).
 */
import { describe, expect, it } from 'vitest';
import { DfsScheduler } from '../../explorer/strategies/dfs.ts';
import { explore } from '../../explorer/explore.ts';
import type { Choices } from '../../explorer/scheduler.ts';
import { opSites } from '../../kernel/rt/trace.ts';
import { recordRun } from '../../run/record.ts';
import { scenarioProgram } from '../../scenarios/program.ts';
import { scenarioNamed } from '../../scenarios/registry.ts';
import { SEED_PATH, seedImpl } from './helpers.ts';

const c = seedImpl();

function firstRun() {
  const program = scenarioProgram(scenarioNamed('pair2'), c);
  const runs: Choices[] = [];
  explore(program, new DfsScheduler(), [], { maxExecutions: 1, stopOnFailure: false, keepFailures: 0 }, undefined, (e) => runs.push(e.choices));
  return recordRun(program, runs[0] as Choices, [], 2000);
}

describe('sites of the C front end', () => {
  it('every operation of the pool has its C line; the lines are the seed lines the port names', () => {
    const run = firstRun();
    const lines = new Set(run.events.map((e) => e.site.seedLine));
    for (const l of ['L99', 'L218', 'L222', 'L223', 'L28', 'L298', 'L317', 'L318', 'L22']) expect(lines).toContain(l);
    // Only the thread program's marks and the harness's cache creation come from no C statement.
    const missing = run.events.filter((e) => e.site.seedLine === null && e.op.kind !== 'mark' && e.op.kind !== 'cache_create');
    expect(missing.map((e) => e.op.kind)).toEqual([]);
    expect(opSites.capture).toBeNull();
  });

  it('alloc_fn calls carry the pool line (L218), the wrapper (L337) in the chain, the pool function, the file and its statement', () => {
    const run = firstRun();
    const alloc = run.events.find((e) => e.op.kind === 'alloc' && e.tid === 1);
    expect(alloc?.site).toEqual({ seedLine: 'L218', chain: ['L337', 'L218'], fn: 'mempool_alloc', where: `${SEED_PATH}:218`,
      label: 'L218',
      // The seed's text at L218, as the C file has it.
      statement: 'element = pool->alloc(gfp_temp, pool->pool_data);',
    });
  });

  it('an operation inside a helper names the helper line and the calling line (L28 via L224)', () => {
    const run = firstRun();
    const pop = run.events.find((e) => e.op.kind === 'store' && e.site.seedLine === 'L28');
    expect(pop?.site.chain).toEqual(['L28', 'L224']);
    expect(pop?.site.fn).toBe('mempool_alloc');
  });
});
