/**
 * Seed lines: every operation of a recorded run knows the implementation statement that issued it,
 * under vitest's source-mapped stacks, for the port and for mutants (virtual sources).
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../../explorer/explore.ts';
import type { Choices } from '../../explorer/scheduler.ts';
import { DfsScheduler } from '../../explorer/strategies/dfs.ts';
import type { Op } from '../../kernel/rt/ops.ts';
import { explicitSites, opSites } from '../../kernel/rt/trace.ts';
import { recordRun } from '../../run/record.ts';
import { defaultConfig, programOf } from '../../run/run-config.ts';
import { parseFrames, seedNote, withSites } from '../../run/sites.ts';
import { scenarioNamed } from '../../scenarios/registry.ts';
import { blockedMonitor } from '../report/fixtures.ts';

/** The first execution dfs runs (every thread to its end, lowest thread first). */
function firstRun(impl: string) {
  const config = defaultConfig(scenarioNamed('pair2'), impl);
  const runs: Choices[] = [];
  explore(programOf(config), new DfsScheduler(), [], { maxExecutions: 1, stopOnFailure: false, keepFailures: 0 }, undefined, (e) => runs.push(e.choices));
  expect(runs).toHaveLength(1);
  return { config, choices: runs[0] as Choices };
}

function firstFailure(impl: string) {
  const config = defaultConfig(scenarioNamed('pair2'), impl);
  const r = explore(programOf(config), new DfsScheduler(), [blockedMonitor]);
  return { config, choices: (r.failures[0] ?? { choices: { kinds: [], values: [] } }).choices };
}

describe('seed lines', () => {
  it('reads `// L123` notes, ranges giving their first line', () => {
    expect(seedNote('  yield* wake_up(pool.wait); // L322')).toBe('L322');
    expect(seedNote('  return yield* mempool_create_node(...); // L67-68')).toBe('L67');
    expect(seedNote('  const x = 1;')).toBeNull();
  });

  it('parses frames with file URLs and mutant paths that contain a colon', () => {
    const frames = parseFrames(
      [
        'Error',
        '    at emit (/w/kernel/api/emit.ts:10:41)',
        '    at Object.mempool_free (/w/impl/v4.1/mutant:free-no-wake/free.ts:38:39)',
        '    at mempool_alloc (file:///w/impl/v4.1/alloc.ts:52:24)',
        '    at /w/scenarios/interpreter.ts:29:43',
      ].join('\n'),
    );
    expect(frames.map((f) => [f.fn, f.file, f.line])).toEqual([
      ['emit', '/w/kernel/api/emit.ts', 10],
      ['mempool_free', '/w/impl/v4.1/mutant:free-no-wake/free.ts', 38],
      ['mempool_alloc', '/w/impl/v4.1/alloc.ts', 52],
      ['', '/w/scenarios/interpreter.ts', 29],
    ]);
  });

  for (const impl of ['v4.1', 'mutant:free-no-wake']) {
    it(`${impl}: every implementation operation of a run has its seed line`, () => {
      const { config, choices } = firstRun(impl);
      const run = recordRun(programOf(config), choices, [], config.maxSteps);
      const lines = new Set(run.events.map((e) => e.site.seedLine));
      for (const l of ['L99', 'L218', 'L222', 'L223', 'L28', 'L298', 'L317', 'L318', 'L22']) expect(lines).toContain(l);
      // Only the thread program's own steps (marks) and the pool's type dispatch have none.
      const missing = run.events.filter((e) => e.site.seedLine === null && e.op.kind !== 'mark' && e.op.kind !== 'cache_create');
      expect(missing.map((e) => e.op.kind)).toEqual([]);
      expect(opSites.capture).toBeNull();
    });
  }

  it('the mutant run shows the patched free: no wake_up at L322, the waiter never returns', () => {
    const { config, choices } = firstFailure('mutant:free-no-wake');
    const run = recordRun(programOf(config), choices, [blockedMonitor], config.maxSteps);
    expect(run.result.violations.map((v) => v.property)).toEqual(['TEST-BLOCKED']);
    expect(run.events.some((e) => e.op.kind === 'wake_up')).toBe(false);
    expect([...run.ends.values()].map((e) => e.kind)).toContain('asleep');
  });

  it('alloc_fn calls carry the pool line (L218) and the whole chain (L337 in mempool_alloc_slab)', () => {
    const { config, choices } = firstRun('v4.1');
    const run = recordRun(programOf(config), choices, [], config.maxSteps);
    const alloc = run.events.find((e) => e.op.kind === 'alloc' && e.tid === 1);
    expect(alloc?.site.seedLine).toBe('L218');
    expect(alloc?.site.chain).toEqual(['L337', 'L218']);
    expect(alloc?.site.fn).toBe('mempool_alloc');
  });

  it('an operation with an explicit site (the C front end) is named by it, not by the stack that created it', () => {
    const op: Op = { kind: 'fence', fence: 'rmb' };
    explicitSites.set(op, { file: 'mempool.c', line: 298, fn: 'mempool_free', chain: [298], entry: 'mempool_free' });
    const site = withSites((siteOf) => {
      opSites.capture?.(op);
      return siteOf(op);
    });
    // No file mempool.c in the working directory, so no statement text to show.
    expect(site).toEqual({ seedLine: 'L298', chain: ['L298'], fn: 'mempool_free', where: 'mempool.c:298', label: 'L298', statement: null });
    const inner: Op = { kind: 'alloc', req: { api: 'kmalloc', gfp: 0, size: 64, words: 0, order: 0, cache: null } };
    explicitSites.set(inner, { file: 'mempool.c', line: 218, fn: 'mempool_kmalloc', chain: [355, 218], entry: 'mempool_alloc' });
    expect(withSites((siteOf) => siteOf(inner)).chain).toEqual(['L355', 'L218']);
  });
});
