/**
 * The checker never dies on a broken implementation: an access to memory that does not exist is an
 * OWNERSHIP finding under every memory model (under weak memory it used to throw "no cell"), and it
 * stops the execution like every finding.
 */
import { describe, expect, it } from 'vitest';
import { runExecution } from '../../explorer/execution.ts';
import type { Program } from '../../explorer/program.ts';
import { DfsScheduler } from '../../explorer/strategies/dfs.ts';
import { await_value, kfree, kmalloc_node, load, spin_lock, store, GFP_KERNEL, type Gen } from '../../kernel/api/index.ts';
import { DEFAULT_KERNEL_CONFIG } from '../../kernel/rt/kernel.ts';
import { memoryFactory } from '../../kernel/rt/weak/factory.ts';

type Access = (p: number) => Gen<unknown>;

/** Setup allocates a 2-word block and frees it; T1 then makes `access` on its first word. */
function useAfterFree(model: 'sc' | 'weak', access: Access): Program<{ p: number }> {
  return {
    kernelConfig: { ...DEFAULT_KERNEL_CONFIG, memory: memoryFactory({ model }) },
    *setup() {
      const p = yield* kmalloc_node(16, GFP_KERNEL, -1);
      yield* kfree(p);
      return { p };
    },
    threads: ({ p }) => [{ name: 'T1', body: access(p) }],
  };
}

const ACCESSES: readonly [string, Access][] = [
  ['load', (p) => load(p)],
  ['store', (p) => store(p + 1, 7)],
  ['await', (p) => await_value(p, (v) => v === 0)],
  ['spin_lock', (p) => spin_lock(p)],
];

describe('an access to memory with no cell', () => {
  for (const model of ['sc', 'weak'] as const) {
    for (const [name, access] of ACCESSES) {
      it(`${model}: ${name} of freed memory is an OWNERSHIP finding, not a crash`, () => {
        const r = runExecution(useAfterFree(model, access), new DfsScheduler(), []);
        expect(r.violations.map((v) => v.property)).toEqual(['OWNERSHIP']);
        expect(r.violations[0]?.message).toMatch(/unallocated or freed memory 0x/);
        expect(r.end).toBe('stopped');
      });
    }
  }
});
