/**
 * A tiny program language for testing the weak model and reductions on random programs: each thread
 * is a list of marked/plain accesses, fences, critical sections, RMWs, awaits and control-dependent
 * stores over two locations and one lock. An execution's outcome is every value read, the final
 * memory and how it ended; two strategies are equivalent when they reach the same set of outcomes.
 */
import fc from 'fast-check';
import { atomic_rmw, atomic_rmw_relaxed, await_value, load, READ_ONCE, smp_load_acquire, smp_mb, smp_rmb, smp_store_release, smp_wmb, store, WRITE_ONCE } from '../../kernel/api/memory.ts';
import { spin_lock, spin_lock_init, spin_unlock } from '../../kernel/api/sync.ts';
import { DEFAULT_KERNEL_CONFIG, type KernelConfig } from '../../kernel/rt/kernel.ts';
import type { Gen, Loc } from '../../kernel/rt/ops.ts';
import { explore } from '../../explorer/explore.ts';
import type { Program } from '../../explorer/program.ts';
import type { Scheduler } from '../../explorer/scheduler.ts';

export type Access =
  | { readonly k: 'st'; readonly loc: 0 | 1; readonly v: number; readonly order: 'once' | 'release' | 'plain' }
  | { readonly k: 'ld'; readonly loc: 0 | 1; readonly order: 'once' | 'acquire' | 'plain' };

export type MiniOp =
  | Access
  | { readonly k: 'fence'; readonly f: 'rmb' | 'wmb' | 'mb' }
  | { readonly k: 'cs'; readonly body: readonly Access[] }
  | { readonly k: 'rmw'; readonly loc: 0 | 1; readonly relaxed: boolean }
  | { readonly k: 'await'; readonly loc: 0 | 1; readonly v: number }
  | { readonly k: 'ctrl'; readonly loc: 0 | 1; readonly v: number };

export type MiniProgram = readonly (readonly MiniOp[])[];

const loc01 = fc.constantFrom<0 | 1>(0, 1);
const value = fc.integer({ min: 1, max: 2 });
const access: fc.Arbitrary<Access> = fc.oneof(
  fc.record({ k: fc.constant('st' as const), loc: loc01, v: value, order: fc.constantFrom('once' as const, 'release' as const, 'plain' as const) }),
  fc.record({ k: fc.constant('ld' as const), loc: loc01, order: fc.constantFrom('once' as const, 'acquire' as const, 'plain' as const) }),
);
const op: fc.Arbitrary<MiniOp> = fc.oneof(
  { weight: 6, arbitrary: access },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('fence' as const), f: fc.constantFrom('rmb' as const, 'wmb' as const, 'mb' as const) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('cs' as const), body: fc.array(access, { minLength: 1, maxLength: 2 }) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('rmw' as const), loc: loc01, relaxed: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('await' as const), loc: loc01, v: value }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('ctrl' as const), loc: loc01, v: value }) },
);

export const miniProgram = (maxThreads = 3, maxOps = 3): fc.Arbitrary<MiniProgram> =>
  fc.array(fc.array(op, { minLength: 1, maxLength: maxOps }), { minLength: 2, maxLength: maxThreads });

interface World {
  readonly locs: readonly Loc[];
  readonly lock: Loc;
  readonly seen: number[][];
}

function* runAccess(a: Access, w: World, seen: number[]): Gen<void> {
  const loc = w.locs[a.loc] as Loc;
  if (a.k === 'st') {
    if (a.order === 'once') yield* WRITE_ONCE(loc, a.v);
    else if (a.order === 'release') yield* smp_store_release(loc, a.v);
    else yield* store(loc, a.v);
    return;
  }
  seen.push(a.order === 'once' ? yield* READ_ONCE(loc) : a.order === 'acquire' ? yield* smp_load_acquire(loc) : yield* load(loc));
}

function* runThread(ops: readonly MiniOp[], w: World, seen: number[]): Gen<void> {
  for (const o of ops) {
    switch (o.k) {
      case 'st':
      case 'ld':
        yield* runAccess(o, w, seen);
        break;
      case 'fence':
        yield* (o.f === 'rmb' ? smp_rmb() : o.f === 'wmb' ? smp_wmb() : smp_mb());
        break;
      case 'cs':
        yield* spin_lock(w.lock);
        for (const a of o.body) yield* runAccess(a, w, seen);
        yield* spin_unlock(w.lock);
        break;
      case 'rmw':
        seen.push(yield* (o.relaxed ? atomic_rmw_relaxed(w.locs[o.loc] as Loc, (x) => x + 1) : atomic_rmw(w.locs[o.loc] as Loc, (x) => x + 1)));
        break;
      case 'await':
        seen.push(yield* await_value(w.locs[o.loc] as Loc, (x) => x === o.v));
        break;
      case 'ctrl': {
        const r = yield* READ_ONCE(w.locs[o.loc] as Loc);
        seen.push(r);
        if (r !== 0) yield* WRITE_ONCE(w.locs[1 - o.loc] as Loc, o.v);
        break;
      }
    }
  }
}

export function miniKernel(memory: KernelConfig['memory']): KernelConfig {
  return { ...DEFAULT_KERNEL_CONFIG, memory };
}

export function miniProgramOf(p: MiniProgram, memory: KernelConfig['memory']): Program<World> {
  return {
    kernelConfig: miniKernel(memory),
    *setup(kernel): Gen<World> {
      const lock = kernel.harnessCell();
      yield* spin_lock_init(lock);
      return { locs: [kernel.harnessCell(), kernel.harnessCell()], lock, seen: p.map(() => []) };
    },
    threads(w) {
      return p.map((ops, i) => ({ name: `T${i + 1}`, body: runThread(ops, w, w.seen[i] as number[]) }));
    },
  };
}

export interface Outcomes {
  readonly executions: number;
  readonly complete: boolean;
  readonly outcomes: ReadonlySet<string>;
}

/** Every outcome an exhaustive strategy reaches: values read, final memory, end kind. */
export function outcomesOf(p: MiniProgram, memory: KernelConfig['memory'], scheduler: Scheduler, maxExecutions = 200_000): Outcomes {
  const outcomes = new Set<string>();
  const r = explore(miniProgramOf(p, memory), scheduler, [], { maxExecutions, stopOnFailure: false, keepFailures: 0 }, undefined, (res) => {
    const w = res.setup as World;
    outcomes.add(`${res.end} ${JSON.stringify(w.seen)} ${w.locs.map((l) => res.kernel.mem.peek(l)).join(',')}`);
  });
  return { executions: r.executions, complete: r.complete, outcomes };
}
