/**
 * A compiled C pool behind the PoolImpl interface: each pool operation runs the C function of the same
 * name (mempool_alloc, mempool_free, mempool_resize, mempool_destroy; creation through mempool.h's
 * mempool_create_{slab,kmalloc,page}_pool) on the interpreter, one kernel operation per `yield`.
 */
import type { Loc, Ptr } from '../kernel/api/index.ts';
import type { Backend, PoolImpl, PoolSnapshot, ProfileName } from '../impl/pool-impl.ts';
import type { CValue } from './cfg.ts';
import type { CProgram } from './compile.ts';
import { CInvalid } from './errors.ts';
import type { PlainStore } from './machine.ts';
import { CCreateCall } from './create-call.ts';
import { CThread } from './thread.ts';

/**
 * The handle of a C pool: its address, its set-once members (which live outside memory), and, like the
 * port's mempool_t view, the addresses of its member cells (reports name them `pool->curr_nr`;
 * FREE-SEES-REMOVAL watches curr_nr).
 */
export class CPool {
  readonly lock: Loc;
  readonly min_nr: Loc;
  readonly curr_nr: Loc;
  readonly elements: Loc;
  readonly wait: Loc;

  constructor(
    readonly addr: Ptr,
    readonly plain: PlainStore,
    at: Layout,
  ) {
    this.lock = addr + at.lock;
    this.min_nr = addr + at.min_nr;
    this.curr_nr = addr + at.curr_nr;
    this.elements = addr + at.elements;
    this.wait = addr + at.wait;
  }
}

/** The entry points a pool file must define (creation goes through mempool.h's constructors). */
export const ENTRY_POINTS = ['mempool_create', 'mempool_alloc', 'mempool_free', 'mempool_resize', 'mempool_destroy'] as const;

/** Where mempool_t's members are (word offsets), for inspect, lockOf and waitQueueOf. */
interface Layout {
  readonly lock: number;
  readonly min_nr: number;
  readonly curr_nr: number;
  readonly elements: number;
  readonly wait: number;
}

function layoutOf(program: CProgram): Layout {
  const t = program.typedefs.get('mempool_t');
  const def = t?.k === 'struct' ? t.def : undefined;
  const offset = (name: keyof Layout): number => {
    const f = def?.field(name);
    if (f?.offset === undefined || f.offset === null) throw new CInvalid({ file: program.file, line: 1, col: 1 }, `mempool_t has no member '${name}' in memory`);
    return f.offset;
  };
  return { lock: offset('lock'), min_nr: offset('min_nr'), curr_nr: offset('curr_nr'), elements: offset('elements'), wait: offset('wait') };
}

/** A call of C function `name`, run to its return by whoever iterates it (a CThread). */
export function runC<R = CValue>(program: CProgram, name: string, args: readonly CValue[], plain: PlainStore, creating: boolean, finish?: (v: CValue) => R): CThread<R> {
  const fn = program.byName.get(name);
  if (fn === undefined) throw new Error(`C program has no function ${name}`);
  return new CThread<R>(program.functions, fn, args, plain, creating, finish);
}

const asNumber = (v: CValue): number => (typeof v === 'number' ? v : 0);
const nothing = (): void => undefined;

/**
 * `profile`: the refinement the file claims (absent: checked against the contract, as any file).
 *
 * Every operation returns its explicit call itself (a CThread, or a CCreateCall for creation), never a
 * generator around one: a scenario thread driving it can then show and copy its state
 * (`explicitState`, scenarios/command-thread.ts).
 */
export function cPoolImpl(program: CProgram, name: string, description: string, profile?: ProfileName): PoolImpl<CPool> {
  for (const entry of ENTRY_POINTS) {
    if (!program.byName.has(entry)) {
      throw new CInvalid({ file: program.file, line: 1, col: 1 }, `does not define ${entry} (a pool file defines ${ENTRY_POINTS.join(', ')})`);
    }
  }
  const at = layoutOf(program);
  const kindOf = (backend: Backend): number => (backend.kind === 'slab' ? 0 : backend.kind === 'kmalloc' ? 1 : 2);
  /**
   * A creation: a slab pool's cache first (as callers do, and as the port's mempool_create_for does),
   * then mempool.h's constructor for the backend, or the checker's constructor (c/headers.ts: sleeping
   * callbacks and/or mempool_create_node with a caller's mask) when `node` or the backend sleeps.
   */
  function creation(min_nr: number, backend: Backend, node: { readonly gfp_mask: number } | null): CCreateCall<CPool> {
    const plain: PlainStore = new Map();
    const finish = (pool: CValue): CPool | null => (asNumber(pool) === 0 ? null : new CPool(asNumber(pool), plain, at));
    const cacheSize = backend.kind === 'slab' ? backend.size : null;
    const build = (cache: CValue): CThread => {
      if (node !== null || backend.sleeps === true) {
        // pool_data as mempool.h's constructors pass it: the cache, the size, the order.
        const data = backend.kind === 'slab' ? cache : backend.kind === 'kmalloc' ? backend.size : backend.order;
        const args = [min_nr, kindOf(backend), data, backend.sleeps === true ? 1 : 0, node !== null ? 1 : 0, node?.gfp_mask ?? 0];
        return runC(program, 'mempool_checker_create', args, plain, true);
      }
      switch (backend.kind) {
        case 'slab':
          return runC(program, 'mempool_create_slab_pool', [min_nr, cache], plain, true);
        case 'kmalloc':
          return runC(program, 'mempool_create_kmalloc_pool', [min_nr, backend.size], plain, true);
        case 'pages':
          return runC(program, 'mempool_create_page_pool', [min_nr, backend.order], plain, true);
        default: {
          const never: never = backend;
          throw new Error(`unknown backend ${JSON.stringify(never)}`);
        }
      }
    };
    return new CCreateCall(cacheSize, build, finish, plain);
  }
  return {
    name,
    description,
    ...(profile === undefined ? {} : { profile }),
    explicitState: true,
    ...(program.statics.values.length === 0 ? {} : { statics: program.statics }),
    create: (min_nr: number, backend: Backend) => creation(min_nr, backend, null),
    createNode: (min_nr: number, backend: Backend, gfp_mask: number) => creation(min_nr, backend, { gfp_mask }),
    alloc: (pool, gfp_mask) => runC(program, 'mempool_alloc', [pool.addr, gfp_mask], pool.plain, false, asNumber),
    free: (element, pool) => runC(program, 'mempool_free', [element, pool.addr], pool.plain, false, nothing),
    resize: (pool, new_min_nr) => runC(program, 'mempool_resize', [pool.addr, new_min_nr], pool.plain, false, asNumber),
    destroy: (pool) => runC(program, 'mempool_destroy', [pool.addr], pool.plain, false, nothing),
    inspect(pool: CPool, peek: (loc: Loc) => number): PoolSnapshot {
      const curr_nr = peek(pool.curr_nr);
      const elements = peek(pool.elements);
      const reserve: number[] = [];
      // A broken pool may hold any count; read no more than could ever be meaningful.
      for (let i = 0; i < Math.min(curr_nr, 1024); i++) reserve.push(peek(elements + i));
      return { min_nr: peek(pool.min_nr), curr_nr, reserve };
    },
    lockOf: (pool) => pool.lock,
    waitQueueOf: (pool) => pool.wait,
  };
}
