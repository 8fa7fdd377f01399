import type { AllocApi, FreeApi, Mark, Ptr } from './ops.ts';

/**
 * The ordered log of what threads did that checks care about: marks from thread programs
 * (invocations and returns of pool operations) and every allocator call. `step` is the scheduling
 * step it happened in; the array order is the real-time order.
 */
export type HistoryEvent =
  | { readonly kind: 'mark'; readonly tid: number; readonly step: number; readonly mark: Mark }
  | { readonly kind: 'alloc'; readonly tid: number; readonly step: number; readonly api: AllocApi; readonly gfp: number; readonly result: Ptr }
  | { readonly kind: 'free'; readonly tid: number; readonly step: number; readonly api: FreeApi; readonly ptr: Ptr };
