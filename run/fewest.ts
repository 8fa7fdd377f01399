/**
 * The failing execution with the fewest preemptions. Strategies other than `bounded` find failures in
 * no particular preemption order; given one with p preemptions, a preemption-bounded search (levels
 * 0 .. p-1, with partial-order reduction) looks for the same property failing with fewer. The first
 * failure it finds is at the lowest level that has one. Bounded by an execution budget: without an
 * answer in time the given failure stands (shrinking still removes what preemptions it can).
 */
import { LIVELOCK } from '../explorer/lasso.ts';
import type { Monitor } from '../explorer/monitor.ts';
import { makeScheduler, STRATEGIES } from '../explorer/strategies/registry.ts';
import { programOf, type RunConfig } from './run-config.ts';
import { ExploreSession, runSession, type BestFailure } from './session.ts';

export const BOUNDED = 'bounded-dpor';
/** Highest level the search tries: a failure needing more preemptions (a livelock) keeps its own. */
const MAX_LEVEL = 8;

export function fewerPreemptions(config: RunConfig, monitors: readonly Monitor[], best: BestFailure, maxExecutions = 5000): BestFailure {
  // A lasso's cycle repeats its preemptions forever: a preemption bound cannot hold it.
  if (best.preemptions === 0 || best.property === LIVELOCK || !STRATEGIES.has(BOUNDED)) return best;
  const scheduler = makeScheduler(BOUNDED, { seed: 1, maxPreemptions: Math.min(best.preemptions - 1, MAX_LEVEL) });
  const session = new ExploreSession(programOf(config), scheduler, monitors, {
    maxExecutions,
    maxSteps: config.maxSteps,
    all: false,
    searchAfterFailure: 0,
    target: best.property,
  });
  const found = runSession(session).best;
  return found !== null && found.preemptions < best.preemptions ? found : best;
}
