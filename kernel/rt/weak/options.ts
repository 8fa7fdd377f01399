/** Bounds of the weak model (MEMORY-MODEL.md, "Keeping it cheap"). */
export interface WeakOptions {
  /**
   * Stale-read budget k: how many loads per execution may return a message other than the newest.
   * 0 is exactly sequential consistency; Infinity is no bound.
   */
  readonly staleReads: number;
  /** History window K: only the last K messages of a location are readable (>= 1; Infinity: all). */
  readonly window: number;
}

export const DEFAULT_WEAK_OPTIONS: WeakOptions = { staleReads: Infinity, window: Infinity };

export function checkWeakOptions(o: WeakOptions): WeakOptions {
  if (!(o.staleReads >= 0) || (Number.isFinite(o.staleReads) && !Number.isInteger(o.staleReads))) {
    throw new RangeError(`stale-read budget must be a non-negative integer or Infinity, got ${o.staleReads}`);
  }
  if (!(o.window >= 1) || (Number.isFinite(o.window) && !Number.isInteger(o.window))) {
    throw new RangeError(`history window must be a positive integer or Infinity, got ${o.window}`);
  }
  return o;
}
