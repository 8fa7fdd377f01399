/**
 * Which named scenarios the coarse-against-fine tests compare where (stateful-granularity*.test.ts), and
 * the comparison itself: every reachable state of the seed's C at both granularities.
 */
import { expect } from 'vitest';
import { explore } from '../../explorer/explore.ts';
import type { Monitor } from '../../explorer/monitor.ts';
import { stateGraphLivelock } from '../../explorer/stateful/livelock-run.ts';
import { StatefulScheduler } from '../../explorer/stateful/scheduler.ts';
import { monitorsFor } from '../../properties/registry.ts';
import { scenarioProgram } from '../../scenarios/program.ts';
import { scenarioNamed } from '../../scenarios/registry.ts';
import { seedImpl } from './helpers.ts';

/**
 * The named scenarios whose fine-grained state space is small enough for a quick run (measured on the
 * 2-core machine, seed C, sc: fine states 577 to 6,245, under 6 s each), and resize3, the one whose
 * stateless fine exploration never ends (its ping-pong): 2,036 states coarse, 89,666 fine, LIVELOCK in
 * both (~40 s here). The larger ones (gfp-mix, trio3, meta-faults) are in
 * stateful-granularity-large.test.ts, which also says why quad4 is left out.
 */
export const SIZED_FOR_CI: readonly string[] = ['pair2', 'atomic2', 'zero-min', 'grow2', 'resize-wake', 'holder2', 'timed-rescue', 'sleepy-shrink', 'handoff-lock', 'handoff-refill', 'handoff3', 'resize3'];

/** Larger at fine grain (tens to hundreds of thousands of states): stateful-granularity-large.test.ts. */
export const LARGE: readonly string[] = ['gfp-mix', 'trio3', 'meta-faults'];

const c = seedImpl();
const keyed = (): Monitor[] => monitorsFor({ profile: 'v4.1' }).filter((m) => m.writeState !== undefined);

/** The properties that fail somewhere in the state space, and its size, remembering nothing else. */
function failedAt(name: string, fineGrained: boolean): { complete: boolean; failed: string[]; states: number } {
  const program = scenarioProgram(scenarioNamed(name), c, { fineGrained });
  const monitors = keyed();
  // Runs continue from saved copies of the world (the default; the same graph as re-executing:
  // stateful-restore.test.ts), faster here where prefixes are long (resize3).
  const search = new StatefulScheduler();
  const watch = search.watch(monitors);
  const failed = new Set<string>();
  const result = explore(program, search, monitors, { maxExecutions: Number.MAX_SAFE_INTEGER, stopOnFailure: false, keepFailures: 0 }, { maxSteps: 2000, lasso: 'off', watch, resume: watch }, (e) => {
    for (const v of e.violations) failed.add(v.property);
  });
  if (result.complete) for (const v of stateGraphLivelock(program, search, monitors)?.violations ?? []) failed.add(v.property);
  return { complete: result.complete, failed: [...failed].sort(), states: search.graph.nodes };
}

/** Every reachable state of `name` at both granularities: both searches complete, the same properties fail. */
export function expectSameFailuresCoarseAndFine(name: string): void {
  const coarse = failedAt(name, false);
  const fine = failedAt(name, true);
  expect([coarse.complete, fine.complete]).toEqual([true, true]);
  expect(fine.failed).toEqual(coarse.failed);
  // Fine steps only split steps: never fewer states.
  expect(fine.states).toBeGreaterThanOrEqual(coarse.states);
}
