/** What a check exercised: counts by operation outcome, GFP class, backend and fault mode. */
export type Counts = Record<string, number>;

export interface Exercised {
  /** Operations by what happened, e.g. `alloc: from the reserve`, `resize: grow, refill failed`. */
  readonly operations: Counts;
  /** alloc calls by the caller's mask, e.g. `GFP_NOIO|__GFP_ZERO`; creates as `create GFP_KERNEL` or `create_node GFP_NOIO`. */
  readonly gfp: Counts;
  /** Pools created (successfully or not) by backend. */
  readonly backends: Counts;
  /** Fault-mode changes by class and mode, e.g. `element: fail-nth`. */
  readonly faults: Counts;
}

export class Tally {
  readonly operations: Counts = {};
  readonly gfp: Counts = {};
  readonly backends: Counts = {};
  readonly faults: Counts = {};
  commands = 0;

  static bump(counts: Counts, key: string, by = 1): void {
    counts[key] = (counts[key] ?? 0) + by;
  }

  /** Add another tally's counts to this one. */
  merge(other: Tally): void {
    for (const key of ['operations', 'gfp', 'backends', 'faults'] as const) {
      for (const [k, v] of Object.entries(other[key])) Tally.bump(this[key], k, v);
    }
    this.commands += other.commands;
  }

  exercised(): Exercised {
    const sorted = (c: Counts): Counts => Object.fromEntries(Object.entries(c).sort(([a], [b]) => a.localeCompare(b)));
    return { operations: sorted(this.operations), gfp: sorted(this.gfp), backends: sorted(this.backends), faults: sorted(this.faults) };
  }
}
