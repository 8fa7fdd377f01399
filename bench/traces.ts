/**
 * dpor against dfs in traces: for every named scenario whose executions are bounded (not resize3 and
 * quad4, see their `bound`), both strategies run to completion without monitors, every execution
 * turned into its Mazurkiewicz trace (test/explorer/traces.ts). Prints a Markdown table.
 * `npx tsx bench/traces.ts` (~2.5 min: dfs on trio3 runs 1.7 million executions).
 */
import { makeScheduler } from '../explorer/strategies/registry.ts';
import { SCENARIOS } from '../scenarios/registry.ts';
import { outcome } from '../test/explorer/compare.ts';

const fmt = (n: number): string => n.toLocaleString('en-US');
console.log('| scenario | dfs executions | dfs traces | dpor executions | dpor traces | same traces | dfs s |');
console.log('|---|---|---|---|---|---|---|');
for (const s of SCENARIOS.values()) {
  if (s.bound !== undefined) continue;
  const t0 = performance.now();
  const dfs = outcome(s, makeScheduler('dfs', { seed: 1 }), Number.MAX_SAFE_INTEGER, false);
  const seconds = (performance.now() - t0) / 1000;
  const dpor = outcome(s, makeScheduler('dpor', { seed: 1 }), Number.MAX_SAFE_INTEGER, false);
  const same = dfs.traces.size === dpor.traces.size && [...dfs.traces].every((t) => dpor.traces.has(t));
  console.log(`| ${s.name} | ${fmt(dfs.result.executions)} | ${fmt(dfs.traces.size)} | ${fmt(dpor.result.executions)} | ${fmt(dpor.traces.size)} | ${same ? 'yes' : 'NO'} | ${seconds.toFixed(1)} |`);
}
