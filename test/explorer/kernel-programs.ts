/**
 * Random programs written directly against the kernel API, over every kind of operation the runtime
 * has (ops.ts OP_KINDS): plain and marked word accesses, atomic updates, awaits, locks with critical
 * sections, fences, unsequenced operands, allocations and frees of multi-word blocks (and accesses to
 * a shared block some thread may free), wait queues (sleep, wake, wake only a sleeper), and the
 * context and bookkeeping operations. Drawn with settings too: memory model (weak with a stale-read budget), timeouts (timed
 * sleeps), allocator faults (a choice, or the n-th call failing). The self-check (self-check.test.ts)
 * explores each with every strategy and both step granularities and compares what they reach.
 */
import fc from 'fast-check';
import type { Program } from '../../explorer/program.ts';
import type { ExecutionResult } from '../../explorer/execution.ts';
import {
  BUG_ON,
  GFP_ATOMIC,
  GFP_KERNEL,
  READ_ONCE,
  TASK_UNINTERRUPTIBLE,
  VM_WARN_ON_ONCE,
  WRITE_ONCE,
  __free_pages,
  alloc_pages,
  atomic_rmw,
  atomic_rmw_relaxed,
  await_value,
  finish_wait,
  init_wait,
  init_waitqueue_head,
  io_schedule_timeout,
  kfree,
  kmalloc_node,
  kmem_cache_alloc,
  kmem_cache_create,
  kmem_cache_free,
  kmemleak_update_trace,
  load,
  might_sleep,
  prepare_to_wait,
  smp_load_acquire,
  smp_mb,
  smp_rmb,
  smp_store_release,
  smp_wmb,
  spin_lock,
  spin_lock_init,
  spin_unlock,
  store,
  unsequenced,
  wait_queue_t,
  wake_up,
  wq_has_sleeper,
  type Gen,
} from '../../kernel/api/index.ts';
import { mark } from '../../kernel/api/harness.ts';
import { CHOICE, failNth, NEVER, type FaultMode } from '../../kernel/rt/faults.ts';
import { DEFAULT_KERNEL_CONFIG } from '../../kernel/rt/kernel.ts';
import type { AccessOrder, Loc } from '../../kernel/rt/ops.ts';
import { memoryFactory } from '../../kernel/rt/weak/factory.ts';

type Cell = 0 | 1 | 2;
type Word = 0 | 1;

/** One instruction of a thread; `locked` runs its body with a spinlock held. */
export type Instr =
  | { readonly k: 'load'; readonly cell: Cell; readonly order: AccessOrder }
  | { readonly k: 'store'; readonly cell: Cell; readonly value: number; readonly order: AccessOrder }
  | { readonly k: 'rmw'; readonly cell: Cell; readonly relaxed: boolean }
  | { readonly k: 'await'; readonly cell: Cell }
  | { readonly k: 'unseq'; readonly a: Cell; readonly b: Cell }
  | { readonly k: 'fence'; readonly fence: 'rmb' | 'wmb' | 'mb' }
  | { readonly k: 'block-read'; readonly word: Word }
  | { readonly k: 'block-write'; readonly word: Word }
  | { readonly k: 'block-free' }
  /** Allocate a two-word block, write its second word, free it (a thread's own block). */
  | { readonly k: 'own-block' }
  | { readonly k: 'wait' }
  | { readonly k: 'wake' }
  /** wq_has_sleeper, and wake_up only if it says someone waits (v6.17's mempool_free). */
  | { readonly k: 'wake-if-sleeper' }
  /** Context and bookkeeping operations: might_sleep, a warning, a mark, kmemleak, slab and pages. */
  | { readonly k: 'misc' }
  | { readonly k: 'bug-if'; readonly cell: Cell }
  | { readonly k: 'locked'; readonly lock: 0 | 1; readonly body: readonly Instr[] };

export interface KernelProgram {
  readonly memory: 'sc' | 'weak';
  readonly timeouts: 'untimed' | 'timed';
  readonly faults: 'never' | 'choice' | 'fail-nth';
  readonly threads: readonly (readonly Instr[])[];
}

const cell = fc.constantFrom<Cell>(0, 1, 2);
const order = fc.constantFrom<AccessOrder>('plain', 'once', 'acquire', 'release');
const word = fc.constantFrom<Word>(0, 1);

/** What a critical section may do: memory accesses, unsequenced loads, the shared block. */
const lockedInstr: fc.Arbitrary<Instr> = fc.oneof(
  fc.record({ k: fc.constant('load' as const), cell, order }),
  fc.record({ k: fc.constant('store' as const), cell, value: fc.constantFrom(1, 2), order }),
  fc.record({ k: fc.constant('rmw' as const), cell, relaxed: fc.boolean() }),
  fc.record({ k: fc.constant('unseq' as const), a: cell, b: cell }),
  fc.record({ k: fc.constant('block-read' as const), word }),
  fc.record({ k: fc.constant('block-write' as const), word }),
  fc.constant({ k: 'block-free' as const }),
);

const instr: fc.Arbitrary<Instr> = fc.oneof(
  { weight: 4, arbitrary: lockedInstr },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('await' as const), cell }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('fence' as const), fence: fc.constantFrom('rmb' as const, 'wmb' as const, 'mb' as const) }) },
  { weight: 1, arbitrary: fc.constant({ k: 'own-block' as const }) },
  { weight: 1, arbitrary: fc.constant({ k: 'wait' as const }) },
  { weight: 1, arbitrary: fc.constant({ k: 'wake' as const }) },
  { weight: 1, arbitrary: fc.constant({ k: 'wake-if-sleeper' as const }) },
  { weight: 1, arbitrary: fc.constant({ k: 'misc' as const }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('bug-if' as const), cell }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('locked' as const), lock: fc.constantFrom<0 | 1>(0, 1), body: fc.array(lockedInstr, { minLength: 1, maxLength: 3 }) }) },
);

export const kernelProgramArb: fc.Arbitrary<KernelProgram> = fc.record({
  memory: fc.constantFrom<'sc' | 'weak'>('sc', 'sc', 'weak'),
  timeouts: fc.constantFrom<'untimed' | 'timed'>('untimed', 'untimed', 'timed'),
  faults: fc.constantFrom<'never' | 'choice' | 'fail-nth'>('never', 'choice', 'fail-nth'),
  threads: fc.array(fc.array(instr, { minLength: 1, maxLength: 3 }), { minLength: 2, maxLength: 3 }),
});

/** What the threads share: three cells, two locks, a wait queue, a two-word block. */
export interface Shared {
  readonly cells: readonly Loc[];
  readonly locks: readonly Loc[];
  readonly wq: Loc;
  readonly block: Loc;
}

const FAULTS: Readonly<Record<KernelProgram['faults'], FaultMode>> = { never: NEVER, choice: CHOICE, 'fail-nth': failNth(1) };

/** The program, with every operation a scheduling point or not. */
export function kernelProgram(p: KernelProgram, fineGrained = false): Program<Shared> {
  return {
    kernelConfig: {
      ...DEFAULT_KERNEL_CONFIG,
      memory: memoryFactory(p.memory === 'weak' ? { model: 'weak', staleReads: 1 } : { model: 'sc' }),
      timeouts: p.timeouts,
      faults: { element: NEVER, meta: NEVER },
      fineGrained,
    },
    *setup(kernel): Gen<Shared> {
      const cells = [kernel.harnessCell(), kernel.harnessCell(), kernel.harnessCell()];
      const locks = [kernel.harnessCell(), kernel.harnessCell()];
      for (const l of locks) yield* spin_lock_init(l);
      const wq = kernel.harnessCell();
      yield* init_waitqueue_head(wq);
      const block = yield* kmalloc_node(16, GFP_KERNEL, -1);
      // Faults apply from here on: the shared objects always exist.
      kernel.allocators.faults = { element: FAULTS[p.faults], meta: FAULTS[p.faults] };
      return { cells, locks, wq, block };
    },
    threads: (s) => p.threads.map((body, i) => ({ name: `T${i + 1}`, body: runThread(s, body) })),
  };
}

/** Runs a thread's instructions; returns what it read, in order (the thread's part of the outcome). */
function* runThread(s: Shared, body: readonly Instr[]): Gen<number[]> {
  const seen: number[] = [];
  for (const i of body) yield* runInstr(s, i, seen);
  return seen;
}

function* runInstr(s: Shared, i: Instr, seen: number[]): Gen<void> {
  const at = (c: Cell): Loc => s.cells[c] as Loc;
  switch (i.k) {
    case 'load':
      seen.push(yield* (i.order === 'acquire' ? smp_load_acquire(at(i.cell)) : i.order === 'once' ? READ_ONCE(at(i.cell)) : load(at(i.cell))));
      return;
    case 'store':
      if (i.order === 'release') yield* smp_store_release(at(i.cell), i.value);
      else if (i.order === 'once') yield* WRITE_ONCE(at(i.cell), i.value);
      else yield* store(at(i.cell), i.value);
      return;
    case 'rmw':
      seen.push(yield* (i.relaxed ? atomic_rmw_relaxed(at(i.cell), (v) => v + 1) : atomic_rmw(at(i.cell), (v) => v + 1)));
      return;
    case 'await':
      seen.push(yield* await_value(at(i.cell), (v) => v !== 0));
      return;
    case 'unseq':
      seen.push(...(yield* unsequenced(() => load(at(i.a)), () => load(at(i.b)))));
      return;
    case 'fence':
      yield* (i.fence === 'rmb' ? smp_rmb() : i.fence === 'wmb' ? smp_wmb() : smp_mb());
      return;
    case 'block-read':
      seen.push(yield* load(s.block + i.word));
      return;
    case 'block-write':
      yield* store(s.block + i.word, 7);
      return;
    case 'block-free':
      yield* kfree(s.block);
      return;
    case 'own-block': {
      const b = yield* kmalloc_node(16, GFP_ATOMIC, -1);
      seen.push(b === 0 ? 0 : 1);
      if (b === 0) return;
      yield* store(b + 1, 5);
      yield* kfree(b);
      return;
    }
    case 'wait': {
      const wait = new wait_queue_t();
      yield* init_wait(wait);
      yield* prepare_to_wait(s.wq, wait, TASK_UNINTERRUPTIBLE);
      seen.push((yield* io_schedule_timeout(5)) === 0 ? 0 : 1);
      yield* finish_wait(s.wq, wait);
      return;
    }
    case 'wake':
      seen.push(yield* wake_up(s.wq));
      return;
    case 'wake-if-sleeper':
      seen.push((yield* wq_has_sleeper(s.wq)) ? yield* wake_up(s.wq) : -1);
      return;
    case 'misc': {
      yield* might_sleep();
      yield* mark('misc', null);
      yield* VM_WARN_ON_ONCE(true);
      const cache = yield* kmem_cache_create('c', 32);
      const e = yield* kmem_cache_alloc(cache, GFP_ATOMIC);
      if (e !== 0) {
        yield* kmemleak_update_trace(e);
        yield* kmem_cache_free(cache, e);
      }
      const page = yield* alloc_pages(GFP_ATOMIC, 0);
      if (page !== 0) yield* __free_pages(page, 0);
      seen.push(e === 0 ? 0 : 1, page === 0 ? 0 : 1);
      return;
    }
    case 'bug-if':
      yield* BUG_ON((yield* READ_ONCE(at(i.cell))) === 2);
      return;
    case 'locked':
      yield* spin_lock(s.locks[i.lock] as Loc);
      for (const j of i.body) yield* runInstr(s, j, seen);
      yield* spin_unlock(s.locks[i.lock] as Loc);
      return;
    default: {
      const never: never = i;
      throw new Error(`unknown instruction ${JSON.stringify(never)}`);
    }
  }
}

/**
 * How an execution ended, canonically: two executions equivalent up to the order of independent steps
 * give the same string. A run cut at the step limit ends wherever that was: only what failed is
 * canonical then (a violation no longer ends a run: each property is judged on the whole run).
 */
export function outcomeOf(r: ExecutionResult): string {
  const failed = [...new Set(r.violations.map((v) => v.property))].sort().join(',');
  if (r.end === 'step-limit' || r.end === 'livelock') return `${r.end} [${failed}]`;
  const k = r.kernel;
  const shared = r.setup as Shared | null;
  const threads = k.threads.map((t) => `${t.status}=${JSON.stringify(t.result ?? null)}`).join(' ');
  const cells = shared === null ? '' : shared.cells.map((c) => k.mem.peek(c)).join(',');
  const block = shared === null ? '' : k.mem.has(shared.block) ? `${k.mem.peek(shared.block)},${k.mem.peek(shared.block + 1)}` : 'freed';
  return `${r.end} [${failed}] ${threads} cells{${cells}} block{${block}} live ${k.allocators.live.size}`;
}

export function describeProgram(p: KernelProgram): string {
  const text = (i: Instr): string => (i.k === 'locked' ? `lock${i.lock}{${i.body.map(text).join(' ')}}` : JSON.stringify(i).replace(/"/g, ''));
  return `${p.memory} ${p.timeouts} ${p.faults}: ${p.threads.map((t, n) => `T${n + 1}: ${t.map(text).join('; ')}`).join(' | ')}`;
}
