/**
 * LINEARIZABLE in the stateful search (properties/lin/online.ts): what its key costs. On the seed's
 * C under SC and a profile (v4.1 unless `--profile contract`, a C file's default), for trio3, resize3 and quad4: states, transitions, runs and time
 * with every property (LINEARIZABLE checked online), with LINEARIZABLE alone, and with every keyed
 * property but LINEARIZABLE (the search bench/stateful.ts measures), so that the growth the set of
 * linearization configurations brings is read off one table. One round each: quad4 with LINEARIZABLE
 * takes minutes. `node --import tsx bench/stateful-linearizable.ts [--profile p] [scenario[:properties]...]`,
 * e.g. `quad4:every property` for one row.
 */
import { loadCImpl } from '../c/load.ts';
import { explore } from '../explorer/explore.ts';
import type { Monitor } from '../explorer/monitor.ts';
import { stateGraphLivelock } from '../explorer/stateful/livelock-run.ts';
import { StatefulScheduler } from '../explorer/stateful/scheduler.ts';
import { PROFILES, type Profile } from '../model/profile.ts';
import { monitorsFor } from '../properties/registry.ts';
import { scenarioProgram } from '../scenarios/program.ts';
import { scenarioNamed } from '../scenarios/registry.ts';

const SEED_C = 'docs/seed/mempool.c';
const impl = await loadCImpl(SEED_C);
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const args = process.argv.slice(2);
const at = args.indexOf('--profile');
const profile = (at < 0 ? 'v4.1' : args.splice(at, 2)[1]) as Profile;
if (!PROFILES.includes(profile)) throw new RangeError(`unknown profile '${profile}' (known: ${PROFILES.join(', ')})`);
/** The monitors a stateful search runs under the profile (run/session.ts swaps in the online LINEARIZABLE). */
const statefulMonitors = (): Monitor[] => monitorsFor({ profile }).map((m) => m.forStatefulSearch?.() ?? m);

const SETS: Record<string, (m: Monitor) => boolean> = {
  'every property': () => true,
  'LINEARIZABLE alone': (m) => m.name === 'LINEARIZABLE',
  'every property but LINEARIZABLE': (m) => m.name !== 'LINEARIZABLE',
};

console.log(`the seed's C (${SEED_C}), SC, profile ${profile}\n`);
console.log('| scenario | properties | states | transitions | runs | verdict | failed | undecided runs | time (s) | states/s |');
console.log('|---|---|--:|--:|--:|---|---|--:|--:|--:|');
function measure(name: string, set: string): void {
  const program = scenarioProgram(scenarioNamed(name), impl);
  const monitors = statefulMonitors().filter(SETS[set] ?? (() => true));
  const search = new StatefulScheduler();
  const start = performance.now();
  const failed = new Set<string>();
  let undecided = 0;
  const watch = search.watch(monitors);
  const r = explore(program, search, monitors, { maxExecutions: Number.MAX_SAFE_INTEGER, stopOnFailure: false, keepFailures: 0 }, { maxSteps: 2000, lasso: 'off', watch, resume: watch }, (e) => {
    for (const v of e.violations) failed.add(v.property);
    if (e.unknowns.length > 0) undecided += 1;
  });
  const livelock = r.complete ? stateGraphLivelock(program, search, monitors) : null;
  for (const v of livelock?.violations ?? []) failed.add(v.property);
  const seconds = (performance.now() - start) / 1000;
  const g = search.graph;
  const verdict = failed.size > 0 ? 'fail' : r.complete && undecided === 0 ? 'pass' : 'incomplete';
  console.log(`| ${name} | ${set} | ${fmt(g.nodes)} | ${fmt(g.edges)} | ${fmt(r.executions)} | ${verdict} | ${[...failed].sort().join(', ')} | ${fmt(undecided)} | ${seconds.toFixed(1)} | ${fmt(g.nodes / seconds)} |`);
}
const rows = args.length > 0 ? args : ['trio3', 'resize3', 'quad4'];
for (const row of rows) {
  const [name = row, only] = row.split(':');
  for (const set of Object.keys(SETS)) if (only === undefined || only === set) measure(name, set);
}
