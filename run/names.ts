/**
 * Names for addresses and values in a report, in the kernel's terms: `pool->curr_nr`,
 * `pool->elements[1]`, the shared variable `v0`, elements `e1.2` (allocated by thread 1, its second),
 * the pool's own blocks `m0.1`. Built after the run from what it allocated and stored.
 */
import type { Kernel } from '../kernel/rt/kernel.ts';
import type { Block } from '../kernel/rt/allocator.ts';
import { HARNESS_BASE, type Loc, type Ptr } from '../kernel/rt/ops.ts';
import { PoolWorld } from '../scenarios/world.ts';
import type { TraceEvent } from './record.ts';

export interface Namer {
  /** An address as the code names it. */
  loc(loc: Loc): string;
  /** A value: an element or block name when it is one's address, else the number. */
  value(v: number): string;
  /** A pointer (NULL included). */
  ptr(p: Ptr): string;
}

export function makeNamer(kernel: Kernel, setup: unknown, events: readonly TraceEvent[]): Namer {
  const allocators = kernel.allocators;
  const fixed = new Map<Loc, string>();
  const blocks: Block[] = [...allocators.live.values(), ...allocators.freed.values()].filter((b) => b.words > 0);
  if (setup instanceof PoolWorld) {
    setup.impl.statics?.names.forEach((name, i) => fixed.set(HARNESS_BASE + i, name));
    setup.vars.forEach((cell, i) => fixed.set(cell, `v${i}`));
    const pool: unknown = setup.pool;
    if (typeof pool === 'object' && pool !== null) {
      // The pool handle's address-valued fields are its memory cells (impl/v4.1/mempool_t.ts).
      for (const [key, value] of Object.entries(pool)) {
        if (key !== 'addr' && typeof value === 'number' && !fixed.has(value)) fixed.set(value, `pool->${key}`);
      }
    }
  }
  // A block whose address was stored into a named cell is that cell's array (pool->elements).
  const arrays = new Map<Ptr, string>();
  for (const { op } of events) {
    if (op.kind !== 'store') continue;
    const field = fixed.get(op.loc);
    const value = op.value;
    if (field !== undefined && blocks.some((b) => b.ptr === value)) arrays.set(value, field);
  }
  const known = (v: number): boolean => allocators.live.has(v) || allocators.freed.has(v);
  const ptr = (p: Ptr): string => allocators.name(p);
  return {
    loc(loc: Loc): string {
      const name = fixed.get(loc);
      if (name !== undefined) return name;
      const block = blocks.find((b) => b.ptr <= loc && loc < b.ptr + b.words);
      if (block === undefined) return `*0x${loc.toString(16)}`;
      const base = arrays.get(block.ptr) ?? ptr(block.ptr);
      return `${base}[${loc - block.ptr}]`;
    },
    value: (v: number): string => (known(v) ? ptr(v) : String(v)),
    ptr,
  };
}
