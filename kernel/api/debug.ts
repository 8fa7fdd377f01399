import type { Gen, Ptr } from '../rt/ops.ts';
import { emit, NOTHING } from './emit.ts';

export const likely = <T>(x: T): T => x;
export const unlikely = <T>(x: T): T => x;

export const might_sleep = (): Gen<void> => emit({ kind: 'might_sleep' });

export const might_sleep_if = (cond: unknown): Gen<void> => (cond ? might_sleep() : NOTHING);

/** BUG_ON: a true condition kills the calling thread and is reported (BUG-FREE). */
export const BUG_ON = (cond: unknown): Gen<void> => (cond ? emit({ kind: 'bug' }) : NOTHING);

/**
 * VM_WARN_ON_ONCE: warns the first time the condition holds at this call site. The C macro keeps a
 * static flag per call site; here the site is found from the call stack, which costs nothing unless
 * the condition holds.
 */
export const VM_WARN_ON_ONCE = (cond: unknown): Gen<void> => (cond ? emit({ kind: 'warn_once', key: callSite() }) : NOTHING);

function callSite(): string {
  const frames = (new Error().stack ?? '').split('\n').slice(1);
  const outside = frames.find((f) => !f.includes('/kernel/api/') && !f.includes('(<anonymous>)') && !f.includes('next (<'));
  return (outside ?? frames[0] ?? 'unknown').trim().replace(/:\d+\)?$/, '');
}

export const kmemleak_update_trace = (ptr: Ptr): Gen<void> => emit({ kind: 'kmemleak_update_trace', ptr });
