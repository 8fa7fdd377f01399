import { __GFP_WAIT } from './gfp.ts';
import type { AllocApi } from './ops.ts';

/**
 * Whether an allocation fails. Never a coin: either fixed by the mode, or a recorded scheduler choice.
 * - never / always: every call succeeds / fails
 * - choice: every call is a choice point (success explored first)
 * - fail-nth: only the n-th call of its class (1-based, counted per execution) fails
 * - gfp: a call succeeds only if it carries __GFP_WAIT (makes mempool_alloc's two passes observable)
 */
export type FaultMode =
  | { readonly kind: 'never' }
  | { readonly kind: 'always' }
  | { readonly kind: 'choice' }
  | { readonly kind: 'fail-nth'; readonly n: number }
  | { readonly kind: 'gfp' };

export type FaultModeName = FaultMode['kind'];

/**
 * Allocations come in two classes with separate modes: `element` (what alloc_fn hands out:
 * kmalloc, kmem_cache_alloc, alloc_pages) and `meta` (the pool's own bookkeeping: kzalloc_node,
 * kmalloc_node, kmalloc_array, kmalloc_array_node). The split is by kernel entry point, which is how the seed separates them.
 */
export type FaultClass = 'element' | 'meta';

export interface FaultPolicy {
  readonly element: FaultMode;
  readonly meta: FaultMode;
}

export const NEVER: FaultMode = { kind: 'never' };
export const ALWAYS: FaultMode = { kind: 'always' };
export const CHOICE: FaultMode = { kind: 'choice' };
export const GFP_AWARE: FaultMode = { kind: 'gfp' };
export const failNth = (n: number): FaultMode => {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`fail-nth needs a positive integer, got ${n}`);
  return { kind: 'fail-nth', n };
};

export const DEFAULT_FAULTS: FaultPolicy = { element: NEVER, meta: NEVER };

export function faultClassOf(api: AllocApi): FaultClass {
  switch (api) {
    case 'kmalloc':
    case 'kmem_cache_alloc':
    case 'alloc_pages':
      return 'element';
    case 'kmalloc_node':
    case 'kzalloc_node':
    case 'kmalloc_array':
    case 'kmalloc_array_node':
      return 'meta';
    default: {
      const never: never = api;
      throw new Error(`unknown allocation api ${String(never)}`);
    }
  }
}

/** Outcome before any choice: 'ok', 'fail', or 'choose' (ask the scheduler). */
export function decideFault(mode: FaultMode, gfp: number, callNumber: number): 'ok' | 'fail' | 'choose' {
  switch (mode.kind) {
    case 'never':
      return 'ok';
    case 'always':
      return 'fail';
    case 'choice':
      return 'choose';
    case 'fail-nth':
      return callNumber === mode.n ? 'fail' : 'ok';
    case 'gfp':
      return gfp & __GFP_WAIT ? 'ok' : 'fail';
    default: {
      const never: never = mode;
      throw new Error(`unknown fault mode ${JSON.stringify(never)}`);
    }
  }
}

export function parseFaultMode(text: string): FaultMode {
  const nth = /^fail-nth[:=](\d+)$/.exec(text);
  if (nth) return failNth(Number(nth[1]));
  switch (text) {
    case 'never':
      return NEVER;
    case 'always':
      return ALWAYS;
    case 'choice':
      return CHOICE;
    case 'gfp':
      return GFP_AWARE;
    default:
      throw new RangeError(`unknown fault mode '${text}' (expected never, always, choice, gfp or fail-nth:N)`);
  }
}

export function faultModeName(mode: FaultMode): string {
  return mode.kind === 'fail-nth' ? `fail-nth:${mode.n}` : mode.kind;
}
