/**
 * The kernel calls a C pool makes, bound to kernel/api: each builds its operation with the same
 * kernel/api primitive the TypeScript port yields (so both issue identical operations, and a change of
 * the API reaches both), taking its arguments from the interpreter's operand stack.
 */
import * as api from '../kernel/api/index.ts';
import type { Gen, KmemCache, Op, WaitEntry } from '../kernel/rt/ops.ts';
import { WaitEntry as WaitEntryClass } from '../kernel/rt/ops.ts';
import type { CValue } from './cfg.ts';

/** Kernel operations by number (the KOP instruction's `a`), with their argument count. */
export const K = {
  spin_lock_init: 0,
  spin_lock: 1,
  spin_lock_irqsave: 2,
  spin_unlock: 3,
  spin_unlock_irqrestore: 4,
  init_waitqueue_head: 5,
  init_wait: 6,
  prepare_to_wait: 7,
  finish_wait: 8,
  wake_up: 9,
  io_schedule_timeout: 10,
  might_sleep: 11,
  bug: 12,
  warn_once: 13,
  smp_rmb: 14,
  smp_wmb: 15,
  smp_mb: 16,
  kmalloc: 17,
  kmalloc_node: 18,
  kzalloc_node: 19,
  kmalloc_array: 20,
  kmem_cache_alloc: 21,
  kmem_cache_free: 22,
  alloc_pages: 23,
  __free_pages: 24,
  kfree: 25,
  kmemleak_update_trace: 26,
  io_schedule: 27,
  kmalloc_array_node: 28,
  atomic: 29,
  atomic_cmpxchg: 30,
  waitqueue_active: 31,
} as const;

export type KernelCall = keyof typeof K;

/** How K.atomic updates the counter (its last operand; c/atomics.ts picks one per atomic_* call). */
export const ATOMIC_MODES = ['add-relaxed', 'add-mb', 'xchg-mb'] as const;

/** The first (and only) operation a kernel/api primitive yields. */
function opOf(gen: Gen<unknown>): Op {
  const r = gen.next();
  if (r.done === true) throw new Error('kernel/api primitive yielded no operation');
  return r.value;
}

/** A bad argument the kernel would oops on (NULL cache, a non-pointer): the caller turns it into a trap. */
export class KernelArgument extends Error {}

const num = (v: CValue | undefined, what: string): number => {
  if (typeof v !== 'number') throw new KernelArgument(`${what} is not an integer or pointer`);
  return v;
};
const wait = (v: CValue | undefined): WaitEntry => {
  if (!(v instanceof WaitEntryClass)) throw new KernelArgument('not the address of a wait_queue_t');
  return v;
};
const cache = (v: CValue | undefined): KmemCache => {
  if (typeof v !== 'object') throw new KernelArgument('not a kmem_cache');
  return v as KmemCache;
};

/**
 * The operation of kernel call `kind`, its arguments popped from `stack` (the last argument on top).
 * `site` names the call site (a VM_WARN_ON_ONCE warns once per site).
 */
export function kernelOp(kind: number, stack: CValue[], site: string): Op {
  switch (kind) {
    case K.spin_lock_init:
      return opOf(api.spin_lock_init(num(stack.pop(), 'lock')));
    case K.spin_lock:
      return opOf(api.spin_lock(num(stack.pop(), 'lock')));
    case K.spin_lock_irqsave:
      return opOf(api.spin_lock_irqsave(num(stack.pop(), 'lock')));
    case K.spin_unlock:
      return opOf(api.spin_unlock(num(stack.pop(), 'lock')));
    case K.spin_unlock_irqrestore: {
      const flags = num(stack.pop(), 'flags');
      return opOf(api.spin_unlock_irqrestore(num(stack.pop(), 'lock'), flags));
    }
    case K.init_waitqueue_head:
      return opOf(api.init_waitqueue_head(num(stack.pop(), 'wait queue head')));
    case K.init_wait:
      return opOf(api.init_wait(wait(stack.pop())));
    case K.prepare_to_wait: {
      const state = num(stack.pop(), 'task state');
      const entry = wait(stack.pop());
      return opOf(api.prepare_to_wait(num(stack.pop(), 'wait queue head'), entry, state));
    }
    case K.finish_wait: {
      const entry = wait(stack.pop());
      return opOf(api.finish_wait(num(stack.pop(), 'wait queue head'), entry));
    }
    case K.wake_up:
      return opOf(api.wake_up(num(stack.pop(), 'wait queue head')));
    case K.waitqueue_active:
      return opOf(api.waitqueue_active(num(stack.pop(), 'wait queue head')));
    case K.io_schedule_timeout:
      return opOf(api.io_schedule_timeout(num(stack.pop(), 'timeout')));
    case K.io_schedule:
      return opOf(api.io_schedule());
    case K.might_sleep:
      return opOf(api.might_sleep());
    case K.bug:
      return opOf(api.BUG_ON(true));
    case K.warn_once:
      return { kind: 'warn_once', key: site };
    case K.smp_rmb:
      return opOf(api.smp_rmb());
    case K.smp_wmb:
      return opOf(api.smp_wmb());
    case K.smp_mb:
      return opOf(api.smp_mb());
    case K.kmalloc: {
      const gfp = num(stack.pop(), 'gfp mask');
      return opOf(api.kmalloc(num(stack.pop(), 'size'), gfp));
    }
    case K.kmalloc_node: {
      const node = num(stack.pop(), 'node');
      const gfp = num(stack.pop(), 'gfp mask');
      return opOf(api.kmalloc_node(num(stack.pop(), 'size'), gfp, node));
    }
    case K.kzalloc_node: {
      const node = num(stack.pop(), 'node');
      const gfp = num(stack.pop(), 'gfp mask');
      const size = num(stack.pop(), 'size');
      return opOf(api.kzalloc_node(bytesAsStruct(size), gfp, node));
    }
    case K.kmalloc_array: {
      const gfp = num(stack.pop(), 'gfp mask');
      const size = num(stack.pop(), 'size');
      return opOf(api.kmalloc_array(num(stack.pop(), 'count'), size, gfp));
    }
    case K.atomic: {
      // The counter's address, the amount, the mode (atomics.ts ATOMIC_MODES); the counter is an int.
      const mode = ATOMIC_MODES[num(stack.pop(), 'atomic mode')];
      const amount = num(stack.pop(), 'amount');
      const counter = num(stack.pop(), 'atomic_t');
      if (mode === 'xchg-mb') return opOf(api.atomic_rmw(counter, () => amount | 0, `xchg ${amount}`));
      const add = (old: number): number => (old + amount) | 0;
      return opOf(mode === 'add-mb' ? api.atomic_rmw(counter, add, `add ${amount}`) : api.atomic_rmw_relaxed(counter, add, `add ${amount}`));
    }
    case K.atomic_cmpxchg: {
      const value = num(stack.pop(), 'new value');
      const old = num(stack.pop(), 'old value');
      return opOf(api.atomic_cmpxchg(num(stack.pop(), 'atomic_t'), old | 0, value | 0));
    }
    case K.kmalloc_array_node: {
      const node = num(stack.pop(), 'node');
      const gfp = num(stack.pop(), 'gfp mask');
      const size = num(stack.pop(), 'size');
      return opOf(api.kmalloc_array_node(num(stack.pop(), 'count'), size, gfp, node));
    }
    case K.kmem_cache_alloc: {
      const gfp = num(stack.pop(), 'gfp mask');
      return opOf(api.kmem_cache_alloc(cache(stack.pop()), gfp));
    }
    case K.kmem_cache_free: {
      const ptr = num(stack.pop(), 'object');
      return opOf(api.kmem_cache_free(cache(stack.pop()), ptr));
    }
    case K.alloc_pages: {
      const order = num(stack.pop(), 'order');
      return opOf(api.alloc_pages(num(stack.pop(), 'gfp mask'), order));
    }
    case K.__free_pages: {
      const order = num(stack.pop(), 'order');
      return opOf(api.__free_pages(num(stack.pop(), 'page'), order));
    }
    case K.kfree:
      return opOf(api.kfree(num(stack.pop(), 'pointer')));
    case K.kmemleak_update_trace:
      return opOf(api.kmemleak_update_trace(num(stack.pop(), 'pointer')));
    default:
      throw new Error(`unknown kernel call ${kind}`);
  }
}

/**
 * kzalloc_node takes a struct type in kernel/api (the port allocates `sizeof(mempool_t)`); C passes
 * bytes. A struct of that many words (rounded up) gives the same request; its view is never built.
 */
function bytesAsStruct(size: number): api.StructType<api.Addressable> {
  return { words: Math.ceil(size / api.SIZEOF_PTR) } as unknown as api.StructType<api.Addressable>; // only `words` is read before the yield
}
