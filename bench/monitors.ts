/**
 * What each property monitor costs per execution: trio3 explored by dpor (6,280 executions) with no
 * monitor, each monitor alone, all but LINEARIZABLE, and all, in one process after 4 warm-up rounds
 * (JIT steady state); the best of 7 interleaved rounds. Prints a Markdown table. `npx tsx bench/monitors.ts` (~1 min).
 */
import { explore } from '../explorer/explore.ts';
import { makeScheduler } from '../explorer/strategies/registry.ts';
import { monitorsFor, PROPERTIES } from '../properties/registry.ts';
import { defaultConfig, programOf } from '../run/run-config.ts';
import { scenarioNamed } from '../scenarios/registry.ts';

const config = defaultConfig(scenarioNamed('trio3'), 'v4.1');
const ids = [...PROPERTIES.keys()];
const sets: ReadonlyArray<readonly [string, readonly string[] | null]> = [
  ['none', []],
  ...ids.map((id) => [id, [id]] as const),
  ['all but LINEARIZABLE', ids.filter((id) => id !== 'LINEARIZABLE')],
  ['all', null],
];

/** Microseconds per execution. */
function perExecution(only: readonly string[] | null): number {
  const monitors = only === null ? monitorsFor() : only.length === 0 ? [] : monitorsFor({ ids: only });
  const t0 = performance.now();
  const r = explore(programOf(config), makeScheduler('dpor', { seed: 1 }), monitors, { maxExecutions: Number.MAX_SAFE_INTEGER, stopOnFailure: false, keepFailures: 0 }, { maxSteps: config.maxSteps });
  return ((performance.now() - t0) * 1000) / r.executions;
}

// Rounds interleave the sets, so that a noisy moment on a shared machine hits every set alike; each
// set keeps its best round.
for (let round = 0; round < 4; round++) for (const [, only] of sets) perExecution(only);
const best = sets.map(() => Infinity);
for (let round = 0; round < 7; round++) sets.forEach(([, only], i) => (best[i] = Math.min(best[i] as number, perExecution(only))));
const base = best[0] as number;
console.log('| monitors | µs per execution | added to none | executions/s |');
console.log('|---|---|---|---|');
sets.forEach(([name], i) => {
  const us = best[i] as number;
  const added = i === 0 ? '' : `${us >= base ? '+' : ''}${(us - base).toFixed(1)}`;
  console.log(`| ${name} | ${us.toFixed(1)} | ${added} | ${Math.round(1e6 / us).toLocaleString('en-US')} |`);
});
