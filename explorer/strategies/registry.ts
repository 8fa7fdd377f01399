/** Strategies by name. Adding one: a file in this folder and an entry in ALL. */
import type { Scheduler } from '../scheduler.ts';
import { DfsScheduler } from './dfs.ts';
import { RandomScheduler } from './random.ts';

/** Options a strategy may read; each ignores what it does not use. */
export interface StrategyOptions {
  readonly seed: number;
}

export interface StrategyEntry {
  readonly name: string;
  readonly summary: string;
  create(options: StrategyOptions): Scheduler;
}

const ALL: readonly StrategyEntry[] = [
  { name: 'dfs', summary: 'every schedule and choice, no reduction (the reference)', create: () => new DfsScheduler() },
  { name: 'random', summary: 'uniformly random schedules from a seed', create: (o) => new RandomScheduler(o.seed) },
];

export const STRATEGIES: ReadonlyMap<string, StrategyEntry> = new Map(ALL.map((s) => [s.name, s]));

export function makeScheduler(name: string, options: StrategyOptions): Scheduler {
  const entry = STRATEGIES.get(name);
  if (entry === undefined) throw new RangeError(`unknown strategy '${name}' (known: ${[...STRATEGIES.keys()].join(', ')})`);
  return entry.create(options);
}
