/**
 * How full the JavaScript heap is, so that a long run stops before V8 aborts the process.
 *
 * When the old generation cannot hold what is live, V8 ends the process ("JavaScript heap out of
 * memory", exit 134) and everything a run found so far is lost. A stateful search keeps every state it
 * has reached, so on a large scenario it is the heap, not the clock, that runs out. Long commands
 * therefore read the live size after each major (mark-compact) collection, which is what V8 itself
 * compares with the limit, and stop at their next boundary once less than `headroomBytes` of the old
 * generation's limit is left: the run then ends `incomplete` (stopped by memory) with what it found.
 * What it does after stopping (the livelock test on the graph it has, the counterexample: its replays
 * and shrinking) needs memory of its own, and that need does not shrink with the heap: so the
 * headroom is a fifth of the limit, but never less than `MIN_HEADROOM_BYTES` (in a 30 MB heap a fifth,
 * 6 MB, was measured too little: the process was aborted after the stop about one time in ten).
 *
 * The heap in use at an arbitrary moment is no measure: it includes garbage up to the next collection,
 * and on a healthy run it may come close to the limit just before a major collection frees most of it.
 */
import { PerformanceObserver, constants, type PerformanceEntry } from 'node:perf_hooks';
import { getHeapSpaceStatistics, getHeapStatistics } from 'node:v8';

export interface HeapReading {
  /** Bytes live in the old generation after the last major collection (0: none yet). */
  readonly liveBytes: number;
  /** Bytes the old generation may hold before V8 aborts the process. */
  readonly limitBytes: number;
}

/** The share of the old generation's limit a run leaves free for what follows its stop. */
export const HEADROOM_FRACTION = 0.2;
/** The least it leaves free, whatever the limit. */
export const MIN_HEADROOM_BYTES = 16 * 1024 * 1024;

/** What a run leaves free of a limit of `limitBytes`. */
export const headroomBytes = (limitBytes: number): number => Math.max(HEADROOM_FRACTION * limitBytes, MIN_HEADROOM_BYTES);

/**
 * The young generation's share of `heap_size_limit`: three semi-spaces, 16 MiB each on 64-bit Node 20
 * unless `--max-semi-space-size` says otherwise (`--max-old-space-size=400` gives a limit of 448 MiB).
 */
function youngGenerationBytes(): number {
  const flags = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  let semiMb = 16;
  for (const f of flags) {
    const m = /^--max-semi-space-size=(\d+)$/.exec(f);
    if (m !== null) semiMb = Number(m[1]);
  }
  return 3 * semiMb * 1024 * 1024;
}

const YOUNG_SPACES = new Set(['new_space', 'new_large_object_space']);

function oldGenerationUsed(): number {
  let used = 0;
  for (const s of getHeapSpaceStatistics()) if (!YOUNG_SPACES.has(s.space_name)) used += s.space_used_size;
  return used;
}

const YOUNG_GENERATION_BYTES = youngGenerationBytes();

function oldGenerationLimit(): number {
  return Math.max(getHeapStatistics().heap_size_limit - YOUNG_GENERATION_BYTES, 1024 * 1024);
}

/** Whether a reading says the run should stop now. */
export const heapNearlyFull = (r: HeapReading): boolean => r.liveBytes > r.limitBytes - headroomBytes(r.limitBytes);

/** `812 of its 1,000 MB` */
export function heapText(r: HeapReading): string {
  const mb = (bytes: number): string => Math.round(bytes / (1024 * 1024)).toLocaleString('en-US');
  return `${mb(r.liveBytes)} of its ${mb(r.limitBytes)} MB`;
}

/** Watches major collections for as long as it is not stopped (observers are delivered between slices of work). */
export class HeapWatch {
  private live = 0;
  private readonly observer: PerformanceObserver;

  constructor() {
    this.observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        // Node's gc entries carry `detail.kind`; @types/node 20 types entries without it.
        const kind = (e as PerformanceEntry & { readonly detail?: { readonly kind?: number } }).detail?.kind;
        if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) this.live = oldGenerationUsed();
      }
    });
    this.observer.observe({ entryTypes: ['gc'] });
  }

  reading(): HeapReading {
    return { liveBytes: this.live, limitBytes: oldGenerationLimit() };
  }

  /** Forget the last reading (after a run stopped on it: what it held may be garbage now). */
  forget(): void {
    this.live = 0;
  }

  stop(): void {
    this.observer.disconnect();
  }
}
