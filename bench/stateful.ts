/**
 * The stateful search on the seed's C (issue 10 Part 2): states, transitions, runs and time for trio3,
 * resize3 and quad4 under SC, every property whose monitor has a state key (LINEARIZABLE has none: the
 * search does not cover it, so it is left out here), against the stateless dpor on the same scenario
 * where dpor finishes (trio3; resize3 and quad4 have unbounded executions). Then the command line from
 * command to verdict on quad4 (`explore quad4 --impl c:docs/seed/mempool.c --strategy stateful --all
 * --skip LINEARIZABLE`), the figure to set beside SPIN's compile-and-search on its abstract model
 * (bench/spin/); and both again without RESERVE, whose watch of a free's window is the one monitor
 * state that splits quad4's states (108,497 with it, 39,853 without), and which SPIN's model does
 * not check: that set (every other property with a state key) still holds every assertion and end
 * state SPIN's model checks. One round each (the searches take seconds to minutes).
 * `node --expose-gc --import tsx bench/stateful.ts`: with the collector exposed it also measures the
 * heap a search holds at its end (state table, graph, saved states), live after a full collection.
 */
import { execFileSync } from 'node:child_process';
import { loadCImpl } from '../c/load.ts';
import { explore } from '../explorer/explore.ts';
import { stateGraphLivelock } from '../explorer/stateful/livelock-run.ts';
import { StatefulScheduler } from '../explorer/stateful/scheduler.ts';
import { makeScheduler } from '../explorer/strategies/registry.ts';
import { monitorsFor } from '../properties/registry.ts';
import { scenarioProgram } from '../scenarios/program.ts';
import { scenarioNamed } from '../scenarios/registry.ts';

const SEED_C = 'docs/seed/mempool.c';
const impl = await loadCImpl(SEED_C);
const keyedMonitors = () => monitorsFor().filter((m) => m.writeState !== undefined);
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const gc = (globalThis as { gc?: () => void }).gc;
/** Bytes live on the heap after a full collection, or null when the collector is not exposed. */
const liveHeap = (): number | null => {
  if (gc === undefined) return null;
  gc();
  return process.memoryUsage().heapUsed;
};

console.log(`the seed's C (${SEED_C}), SC, every property with a state key (${keyedMonitors().map((m) => m.name).join(', ')})\n`);
console.log('| scenario | search | states | transitions | runs | verdict | failed | time (s) | states/s | heap held (MB) | bytes/state |');
console.log('|---|---|--:|--:|--:|---|---|--:|--:|--:|--:|');
/** What SPIN's quad4 model checks, and more: every keyed property but RESERVE. */
const AS_SPIN = 'quad4 (no RESERVE)';
/** One row (a function, so that nothing of a search is still reachable when the next one measures its heap). */
function measure(name: string): void {
  const program = scenarioProgram(scenarioNamed(name === AS_SPIN ? 'quad4' : name), impl);
  const monitors = keyedMonitors().filter((m) => name !== AS_SPIN || m.name !== 'RESERVE');
  const heapBefore = liveHeap();
  const search = new StatefulScheduler();
  const start = performance.now();
  const failed = new Set<string>();
  // As the command line runs it: runs continue from saved states (the watch is their resume source).
  const watch = search.watch(monitors);
  const r = explore(program, search, monitors, { maxExecutions: Number.MAX_SAFE_INTEGER, stopOnFailure: false, keepFailures: 0 }, { maxSteps: 2000, lasso: 'off', watch, resume: watch }, (e) => {
    for (const v of e.violations) failed.add(v.property);
  });
  const livelock = r.complete ? stateGraphLivelock(program, search, monitors) : null;
  for (const v of livelock?.violations ?? []) failed.add(v.property);
  const seconds = (performance.now() - start) / 1000;
  const g = search.graph;
  const heapAfter = liveHeap();
  const held = heapBefore === null || heapAfter === null ? null : heapAfter - heapBefore;
  const heap = held === null ? '(--expose-gc) | ' : `${(held / (1024 * 1024)).toFixed(1)} | ${fmt(held / g.nodes)}`;
  const verdict = failed.size > 0 ? 'fail' : r.complete ? 'pass' : 'incomplete';
  console.log(`| ${name} | stateful | ${fmt(g.nodes)} | ${fmt(g.edges)} | ${fmt(r.executions)} | ${verdict} | ${[...failed].sort().join(', ')} | ${seconds.toFixed(1)} | ${fmt(g.nodes / seconds)} | ${heap} |`);
  if (name === 'trio3') {
    const t = performance.now();
    const d = explore(program, makeScheduler('dpor', { seed: 1 }), keyedMonitors(), { maxExecutions: Number.MAX_SAFE_INTEGER, stopOnFailure: false, keepFailures: 0 });
    const s = (performance.now() - t) / 1000;
    console.log(`| ${name} | dpor (stateless) | | | ${fmt(d.executions)} | ${d.verdict} | ${d.failedProperties.join(', ')} | ${s.toFixed(1)} | (${fmt(d.executions / s)} runs/s) | | |`);
  }
}
for (const name of ['trio3', 'resize3', 'quad4', AS_SPIN]) measure(name);

for (const skip of ['LINEARIZABLE', 'LINEARIZABLE,RESERVE']) {
  const args = ['bin/mempool-check.js', 'explore', 'quad4', '--impl', `c:${SEED_C}`, '--strategy', 'stateful', '--all', '--skip', skip];
  const t = performance.now();
  const out = ((): string => {
    try {
      return execFileSync('node', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    } catch (e) {
      // Exit 1: the seed's known findings fail, as they should.
      return String((e as { stdout?: unknown }).stdout ?? '');
    }
  })();
  const verdictLine = out.split('\n').find((l) => /^(PASS|FAIL|INCOMPLETE)/.test(l)) ?? '(no verdict line)';
  console.log(`\ncommand to verdict: \`node ${args.join(' ')}\`: ${((performance.now() - t) / 1000).toFixed(1)} s — ${verdictLine}`);
}
