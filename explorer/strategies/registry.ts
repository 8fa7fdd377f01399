/** Strategies by name. Adding one: a file in this folder and an entry in ALL. */
import type { Scheduler } from '../scheduler.ts';
import { BoundedScheduler } from './bounded.ts';
import { DfsScheduler } from './dfs.ts';
import { DporScheduler } from './dpor.ts';
import { PctScheduler } from './pct.ts';
import { RandomScheduler } from './random.ts';
import { StatefulScheduler } from '../stateful/scheduler.ts';

/** Options a strategy may read; each ignores what it does not use. */
export interface StrategyOptions {
  /** pct, random: the seed. */
  readonly seed: number;
  /** bounded: the largest preemption bound (default 3). */
  readonly maxPreemptions?: number;
  /** bounded: combine with partial-order reduction (also the strategy `bounded-dpor`). */
  readonly dpor?: boolean;
  /** pct: bug depth, change points + 1 (default 3). */
  readonly depth?: number;
  /** pct, random: executions to run (pct default 1000; random default: until the budget stops it). */
  readonly runs?: number;
}

export const DEFAULT_MAX_PREEMPTIONS = 3;
export const DEFAULT_PCT_DEPTH = 3;
export const DEFAULT_PCT_RUNS = 1000;

export interface StrategyEntry {
  readonly name: string;
  readonly summary: string;
  create(options: StrategyOptions): Scheduler;
}

const ALL: readonly StrategyEntry[] = [
  { name: 'dfs', summary: 'every schedule and choice, no reduction (the reference)', create: () => new DfsScheduler() },
  { name: 'dpor', summary: 'source-set DPOR with sleep sets: one execution per trace, all value choices', create: () => new DporScheduler() },
  {
    name: 'bounded',
    summary: 'preemption bounds 0, 1, 2 ... up to --max-preemptions: fewest preemptions first',
    create: (o) => new BoundedScheduler(o.maxPreemptions ?? DEFAULT_MAX_PREEMPTIONS, o.dpor ?? false),
  },
  {
    name: 'bounded-dpor',
    summary: 'bounded with partial-order reduction (bounded partial-order reduction)',
    create: (o) => new BoundedScheduler(o.maxPreemptions ?? DEFAULT_MAX_PREEMPTIONS, true),
  },
  {
    name: 'pct',
    summary: 'probabilistic concurrency testing: random priorities, --depth-1 change points, seeded',
    create: (o) => new PctScheduler(o.seed, o.depth ?? DEFAULT_PCT_DEPTH, o.runs ?? DEFAULT_PCT_RUNS),
  },
  { name: 'random', summary: 'uniformly random schedules from a seed', create: (o) => new RandomScheduler(o.seed, o.runs) },
  {
    name: 'stateful',
    summary: 'every reachable state once (a visited-state table over the exact world state): finite searches of endless runs, livelocks as fair cycles; C implementations only',
    create: () => new StatefulScheduler(),
  },
];

export const STRATEGIES: ReadonlyMap<string, StrategyEntry> = new Map(ALL.map((s) => [s.name, s]));

export function makeScheduler(name: string, options: StrategyOptions): Scheduler {
  const entry = STRATEGIES.get(name);
  if (entry === undefined) throw new RangeError(`unknown strategy '${name}' (known: ${[...STRATEGIES.keys()].join(', ')})`);
  return entry.create(options);
}
