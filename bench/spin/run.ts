/**
 * SPIN on the abstract Promela models of the seed (bench/spin/*.pml), for scale against mempool-check's
 * own stateful search (issue 10, Part 2). For each scenario: `spin -a` (generates pan.c), then three
 * verifiers, each compiled with `gcc -O2` and run in a fresh temporary directory:
 *   - safety, the whole state space (`-DSAFETY -DNOCLAIM`, `pan -c0 -e`): assertions and invalid end
 *     states (a thread blocked for good: the lost wake-up), every error counted and its trail replayed;
 *     where it finds errors, the same verifier again stopping at the first (`pan`, SPIN's default),
 *     and a breadth-first one (`-DBFS`) stopping at the first, hence shortest, error;
 *   - non-progress cycles under weak fairness (`-DNP -DNOCLAIM`, `pan -l -f`), stops at the first;
 *   - the grow/shrink livelock as an LTL acceptance cycle under weak fairness (`pan -a -f`), stops at
 *     the first.
 * Each scenario's model comes in two granularities (mempool.pml): every statement a step, and every
 * critical section one atomic step (-DLOCKED_SECTIONS_ATOMIC, mempool-sections.pml).
 * Every trail is replayed (`spin -t -p`) to name the failed assertion, the threads left blocked and the
 * seed line they block at, or the threads that move in the cycle. Prints one Markdown table row per
 * scenario. With --mutants, instead runs each seeded bug of the model (mutants.ts) on its scenario,
 * stopping at the first error, and checks SPIN reports what it must. Needs spin and gcc, for this
 * benchmark only.
 *   npx tsx bench/spin/run.ts [scenario...]   (default: trio3 resize3 quad4; ~2.5 min on a loaded machine)
 *   npx tsx bench/spin/run.ts --mutants       (~1 min)
 */
import { cpus, loadavg } from 'node:os';
import { SPIN_MUTANTS } from './mutants.ts';
import { everyError, firstErrorCell, fmt, row, sec, wallCpu } from './report.ts';
import { DEPTH, requireTool, verify, search, withModel } from './spin-run.ts';

const SCENARIOS = ['trio3', 'resize3', 'quad4'];

/** The two granularities of mempool.pml: every statement a step, or every critical section one step. */
const GRANULARITIES = [
  { name: 'statements', defines: [] },
  { name: 'sections', defines: ['-DLOCKED_SECTIONS_ATOMIC'] },
] as const;

function benchScenario(scenario: string, granularity: (typeof GRANULARITIES)[number]): string {
  return withModel(scenario, granularity.defines, (m) => {
    const safety = verify(m, 'safety', ['-DSAFETY', '-DNOCLAIM'], ['-c0', '-e']);
    const s = safety.result;
    const errors = s.errors === 0 ? 'none' : `${fmt(s.errors)}: ${everyError(m, s.errors)}`;
    const first = s.errors > 0 ? firstErrorCell(search(m, 'pan-safety', [])) : '–';
    const bfs = s.errors > 0 ? firstErrorCell(verify(m, 'bfs', ['-DSAFETY', '-DNOCLAIM', '-DBFS'], [])) : '–';
    const np = verify(m, 'np', ['-DNP', '-DNOCLAIM'], ['-l', '-f']);
    const ltl = verify(m, 'ltl', [], ['-a', '-f', '-N', 'no_grow_shrink_livelock']);
    return row([
      scenario,
      granularity.name,
      fmt(s.statesStored),
      fmt(s.transitions),
      String(s.stateVectorBytes),
      `${s.stateMemoryMB.toFixed(1)} / ${s.totalMemoryMB.toFixed(1)}`,
      `${sec(s.searchSeconds)} (${wallCpu(safety.pan)})`,
      wallCpu(m.generate),
      wallCpu(safety.compile),
      errors,
      first,
      bfs,
      firstErrorCell(np),
      firstErrorCell(ltl),
    ]);
  });
}

/** Runs every seeded bug; false if SPIN missed one. */
function benchMutants(): boolean {
  console.log(row(['mutant', 'scenario', 'model', 'SPIN reports (stopping at the first error)', 'as expected']));
  console.log(row(['---', '---', '---', '---', '---']));
  let allCaught = true;
  for (const mu of SPIN_MUTANTS) {
    for (const g of GRANULARITIES) {
      const found = withModel(mu.scenario, [...g.defines, `-D${mu.define}`], (m) => {
        const s = verify(m, 'safety', ['-DSAFETY', '-DNOCLAIM'], []);
        return { cell: firstErrorCell(s), ok: s.result.firstError?.kind.startsWith(mu.expect) === true };
      });
      allCaught &&= found.ok;
      console.log(row([mu.name, mu.scenario, g.name, found.cell, found.ok ? 'yes' : `NO: expected ${mu.expect}`]));
    }
  }
  return allCaught;
}

const spinVersion = requireTool('spin', ['-V'], 'Debian/Ubuntu: apt-get install spin');
const gccVersion = requireTool('gcc', ['--version'], 'apt-get install gcc');
const args = process.argv.slice(2);
const mutants = args.includes('--mutants');
const wanted = args.filter((a) => a !== '--mutants');
for (const s of wanted) {
  if (!SCENARIOS.includes(s)) {
    console.error(`bench/spin: no model for scenario ${s} (have: ${SCENARIOS.join(', ')}; or --mutants)`);
    process.exit(2);
  }
}
const load = loadavg().map((x) => x.toFixed(1)).join(' ');
console.log(`${spinVersion}; ${gccVersion}; pan ${DEPTH}; ${cpus().length} cores, load average ${load} at start\n`);
if (mutants) {
  process.exitCode = benchMutants() ? 0 : 1;
} else {
  console.log(
    row([
      'scenario',
      'model',
      'states stored',
      'transitions',
      'state vector (bytes)',
      'memory MB (states / total)',
      'search s: pan (process wall / cpu)',
      'spin -a s (wall / cpu)',
      'gcc -O2 s (wall / cpu)',
      'safety errors (all, replayed)',
      'stopping at the first safety error',
      'breadth-first, to the shortest',
      'non-progress cycle (-l -f)',
      'livelock LTL (-a -f)',
    ]),
  );
  console.log(row(Array.from({ length: 14 }, () => '---')));
  for (const s of wanted.length > 0 ? wanted : SCENARIOS) for (const g of GRANULARITIES) console.log(benchScenario(s, g));
}
