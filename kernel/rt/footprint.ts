import type { Loc } from './ops.ts';

/**
 * What a step touched, for dependence in partial-order reduction: a list of `object * 2 + isWrite`.
 * Objects are memory locations (also lock words and wait queues, which live at their struct field's
 * address), the task state of a thread, and two globals. Two steps are dependent when they touch the
 * same object and at least one writes it.
 */
export type Footprint = number[];

/** Order-sensitive allocator calls (fail-nth counts calls across threads). */
export const OBJ_ALLOC_ORDER = 2;
/** The per-execution budget of timeouts in `timed` mode. */
export const OBJ_TIMEOUT_BUDGET = 3;
/** The weak model's global view S: every smp_mb (and fully ordered RMW) reads and writes it. */
export const OBJ_MB = 4;
/** The weak model's per-execution stale-read budget (read by a load with a choice, written by a stale read). */
export const OBJ_STALE_BUDGET = 5;
/** The task state of thread `tid` (set by prepare_to_wait and wake_up, read by schedule_timeout). */
export const objTask = (tid: number): number => 1024 + tid;

/**
 * Empty a footprint for the next step. Pops rather than `length = 0`, which V8 runs as a slow runtime
 * call that also frees the backing store (the next push then allocates a new one): ~6x slower.
 */
export function clearFootprint(fp: Footprint): void {
  while (fp.length !== 0) fp.pop();
}

/**
 * Every place the runtime records a footprint entry. Each entry is needed: the dpor self-check
 * (test/explorer/footprint-mutants.test.ts) switches off one site at a time (`footprintMutant`) and
 * shows that the reduction then misses executions dfs finds.
 */
export const FOOTPRINT_SITES = [
  'load',
  'store',
  'rmw',
  'await',
  'lock',
  'unlock',
  'prepare_to_wait.queue',
  'prepare_to_wait.task',
  'finish_wait.queue',
  'finish_wait.task',
  'wake_up.queue',
  'wake_up.task',
  'wq_active.queue',
  'schedule_timeout.task',
  'schedule_timeout.budget',
  'alloc.order',
  'start.enabling',
  'free.block',
  'free.word',
  'weak.mb',
  'weak.stale-check',
  'weak.stale-use',
] as const;

export type FootprintSite = (typeof FOOTPRINT_SITES)[number];

/**
 * A footprint mutant: the site whose entries are left out. Only the self-check's mutant test sets it
 * (and resets it); everything else runs with null.
 */
export const footprintMutant: { off: FootprintSite | null } = { off: null };

/** Record one footprint entry made at `site`. */
export function touch(fp: Footprint, site: FootprintSite, entry: number): void {
  if (footprintMutant.off !== site) fp.push(entry);
}

export const READ = 0;
export const WRITE = 1;

export const access = (obj: Loc | number, write: number): number => obj * 2 + write;

/** Whether two footprints conflict. Quadratic, but footprints hold a handful of entries. */
export function conflicts(a: readonly number[], b: readonly number[]): boolean {
  for (const x of a) {
    const objX = x >>> 1;
    for (const y of b) {
      if (objX === y >>> 1 && ((x | y) & 1) === 1) return true;
    }
  }
  return false;
}
