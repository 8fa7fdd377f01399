/**
 * The exhaustive strategy to use when the caller does not choose: `dpor` once it is registered (the
 * same verdicts as dfs with far fewer executions), else `dfs`.
 */
import type { Scheduler } from '../explorer/scheduler.ts';
import { makeScheduler, STRATEGIES } from '../explorer/strategies/registry.ts';

export const bestCompleteStrategy = (): string => (STRATEGIES.has('dpor') ? 'dpor' : 'dfs');

export function completeScheduler(): Scheduler {
  return makeScheduler(bestCompleteStrategy(), { seed: 1 });
}
