/**
 * The history a scenario thread leaves: every pool operation is bracketed by `invoke`/`return` marks
 * (what linearizability reads). The threads themselves: scenarios/command-thread.ts.
 */
import type { Ptr } from '../kernel/rt/ops.ts';

/** The operation an `invoke` mark records. */
export type InvokedOp =
  | { readonly op: 'alloc'; readonly gfp: number }
  | { readonly op: 'free'; readonly element: Ptr }
  | { readonly op: 'resize'; readonly n: number }
  | { readonly op: 'destroy' };

/**
 * The history mark a `create` command leaves (not an `invoke`: the second pool is not the pool the
 * checks and the model follow; its allocator calls count for nothing but leaks and ownership).
 */
export const CREATE_TAG = 'create';
export interface CreateMark {
  readonly min_nr: number;
  readonly created: boolean;
}
