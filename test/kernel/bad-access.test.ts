/**
 * The checker never dies on a broken implementation: an access to memory that does not exist is an
 * OWNERSHIP finding under every memory model (under weak memory it used to throw "no cell"), and the
 * run goes on to its end (no finding ends a run). A spinlock in no live allocation is the kernel-object
 * check's finding (KERNEL-OBJECTS), which comes first and kills the thread (it cannot hold that lock).
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

const ACCESSES: readonly [string, Access, string, RegExp, 'done' | 'dead'][] = [
  ['load', (p) => load(p), 'OWNERSHIP', /unallocated or freed memory 0x|which was kfree'd: use after free/, 'done'],
  ['store', (p) => store(p + 1, 7), 'OWNERSHIP', /unallocated or freed memory 0x|which was kfree'd: use after free/, 'done'],
  ['await', (p) => await_value(p, (v) => v === 0), 'OWNERSHIP', /unallocated or freed memory 0x|which was kfree'd: use after free/, 'done'],
  ['spin_lock', (p) => spin_lock(p), 'KERNEL-OBJECTS', /spin_lock on 0x[0-9a-f]+, which lies in no live allocation/, 'dead'],
];

describe('an access to memory with no cell', () => {
  for (const model of ['sc', 'weak'] as const) {
    for (const [name, access, property, says, status] of ACCESSES) {
      it(`${model}: ${name} of freed memory is a ${property} finding, not a crash`, () => {
        const r = runExecution(useAfterFree(model, access), new DfsScheduler(), []);
        expect(r.violations.map((v) => v.property)).toEqual([property]);
        expect(r.violations[0]?.message).toMatch(says);
        expect(r.kernel.threads.at(-1)?.status).toBe(status);
        expect(r.end).toBe('terminated');
      });
    }
  }
});
