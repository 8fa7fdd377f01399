/** The faithful port of the seed (Linux v4.1 mm/mempool.c) behind the PoolImpl interface. */
import type { PoolImpl, PoolSnapshot, ProfileName } from '../pool-impl.ts';
import { mempool_alloc } from './alloc.ts';
import { mempool_destroy } from './create.ts';
import { mempool_free } from './free.ts';
import { mempool_create_for, mempool_create_node_for } from './mempool.h.ts';
import type { mempool_t } from './mempool_t.ts';
import { mempool_resize } from './resize.ts';

export type { mempool_t };

/** Builds the PoolImpl from a module set, so that mutants (patched copies of these modules) reuse it. */
export interface V41Functions {
  readonly mempool_create_for: typeof mempool_create_for;
  readonly mempool_create_node_for: typeof mempool_create_node_for;
  readonly mempool_alloc: typeof mempool_alloc;
  readonly mempool_free: typeof mempool_free;
  readonly mempool_resize: typeof mempool_resize;
  readonly mempool_destroy: typeof mempool_destroy;
}

export function v41Impl(name: string, description: string, fns: V41Functions, profile: ProfileName = 'v4.1'): PoolImpl<mempool_t> {
  return {
    name,
    description,
    profile,
    create: (min_nr, backend) => fns.mempool_create_for(min_nr, backend),
    createNode: (min_nr, backend, gfp_mask) => fns.mempool_create_node_for(min_nr, backend, gfp_mask),
    alloc: (pool, gfp) => fns.mempool_alloc(pool, gfp),
    free: (element, pool) => fns.mempool_free(element, pool),
    resize: (pool, n) => fns.mempool_resize(pool, n),
    destroy: (pool) => fns.mempool_destroy(pool),
    inspect: inspectV41,
    lockOf: (pool) => pool.lock,
    waitQueueOf: (pool) => pool.wait,
  };
}

/** Reads min_nr, curr_nr and elements[0..curr_nr) of a v4.1-layout pool. */
export function inspectV41(pool: mempool_t, peek: (loc: number) => number): PoolSnapshot {
  const curr_nr = peek(pool.curr_nr);
  const elements = peek(pool.elements);
  const reserve: number[] = [];
  // A broken pool may hold any count; read no more than could ever be meaningful.
  for (let i = 0; i < Math.min(curr_nr, 1024); i++) reserve.push(peek(elements + i));
  return { min_nr: peek(pool.min_nr), curr_nr, reserve };
}

export const v41: PoolImpl<mempool_t> = v41Impl('v4.1', 'faithful port of Linux v4.1 mm/mempool.c (the seed)', {
  mempool_create_for,
  mempool_create_node_for,
  mempool_alloc,
  mempool_free,
  mempool_resize,
  mempool_destroy,
});
