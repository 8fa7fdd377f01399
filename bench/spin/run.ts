/**
 * SPIN on the abstract Promela models of the seed (bench/spin/*.pml), for scale against mempool-check's
 * own stateful search (issue 10, Part 2). For each scenario: `spin -a` (generates pan.c), then three
 * verifiers, each compiled with `gcc -O2` and run in a fresh temporary directory:
 *   - safety, the whole state space (`-DSAFETY -DNOCLAIM`, `pan -c0`): assertions and invalid end
 *     states (a thread blocked for good: the lost wake-up), every error counted, the search not stopped;
 *     where it finds errors, the same verifier again stopping at the first (`pan`, SPIN's default);
 *   - non-progress cycles under weak fairness (`-DNP -DNOCLAIM`, `pan -l -f`), stops at the first;
 *   - the grow/shrink livelock as an LTL acceptance cycle under weak fairness (`pan -a -f`), stops at
 *     the first.
 * Every error trail is replayed (`spin -t -p`) to name the threads left blocked and the seed line they
 * block at, or the threads that move in the cycle. Prints one Markdown table row per scenario. Needs spin and gcc; SPIN is for this benchmark only.
 *   npx tsx bench/spin/run.ts [scenario...]      (default: trio3 resize3 quad4; ~1 min)
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parsePan, type PanResult } from './pan-output.ts';
import { summarizeTrail, type TrailSummary } from './trail.ts';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const SCENARIOS = ['trio3', 'resize3', 'quad4'];
const DEPTH = '-m10000';

interface Timed {
  readonly out: string;
  /** Wall-clock seconds. */
  readonly seconds: number;
  /** CPU seconds (user + system) of the command and its children, or null off Linux. */
  readonly cpu: number | null;
}

/**
 * CPU seconds (user + system) of this process's waited-for children (cutime + cstime of /proc/self/stat,
 * in ticks of 1/100 s): the machine is shared, and the load inflates wall-clock time, not CPU time.
 */
function childrenCpu(): number | null {
  if (!existsSync('/proc/self/stat')) return null;
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields 3.. of proc(5)
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

/** Runs a command to completion; exits with its output if it fails (pan's own errors are findings, not failures). */
function run(cwd: string, cmd: string, args: readonly string[]): Timed {
  const start = performance.now();
  const cpuBefore = childrenCpu();
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const seconds = (performance.now() - start) / 1000;
  const cpuAfter = childrenCpu();
  const cpu = cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore;
  if (r.error !== undefined || r.status !== 0) {
    console.error(`bench/spin: \`${cmd} ${args.join(' ')}\` failed in ${cwd}:\n${r.error?.message ?? ''}${r.stdout}${r.stderr}`);
    process.exit(1);
  }
  return { out: r.stdout + r.stderr, seconds, cpu };
}

function requireTool(cmd: string, args: readonly string[], hint: string): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error !== undefined) {
    console.error(`bench/spin: ${cmd} is not installed (${hint}); SPIN is needed only for this benchmark`);
    process.exit(1);
  }
  return (r.stdout + r.stderr).trim().split('\n')[0] ?? '';
}

interface Search {
  readonly compile: Timed;
  readonly result: PanResult;
  /** The pan process (its own report's search time is `result.searchSeconds`). */
  readonly pan: Timed;
  readonly trail: TrailSummary | null;
}

function search(dir: string, scenario: string, exe: string, panArgs: readonly string[]): Omit<Search, 'compile'> {
  const pan = run(dir, `./${exe}`, [DEPTH, ...panArgs]);
  const result = parsePan(pan.out);
  const wroteTrail = result.errors > 0 && !panArgs.includes('-c0'); // -c0 -e writes numbered trails
  const trail = wroteTrail ? summarizeTrail(dir, run(dir, 'spin', ['-t', '-p', `${scenario}.pml`]).out) : null;
  return { result, pan, trail };
}

function verify(dir: string, scenario: string, name: string, defines: readonly string[], panArgs: readonly string[]): Search {
  const exe = `pan-${name}`;
  const compile = run(dir, 'gcc', ['-O2', ...defines, '-o', exe, 'pan.c']);
  return { compile, ...search(dir, scenario, exe, panArgs) };
}

/** Most trails replayed after a full search (`pan -c0 -e` writes one per error). */
const MAX_REPLAYS = 100;

/** Every error of a full search, replayed: how many of each kind, by what it leaves blocked. */
function everyError(dir: string, scenario: string, errors: number): string {
  const kinds = new Map<string, number>();
  const replays = Math.min(errors, MAX_REPLAYS);
  for (let i = 1; i <= replays; i++) {
    const t = summarizeTrail(dir, run(dir, 'spin', [`-t${i}`, '-p', `${scenario}.pml`]).out);
    const what = t.assertion !== null ? `assertion ${t.assertion}` : `invalid end state, blocked for good: ${t.unfinished.map((x) => `${x.thread} at ${x.seedLine}`).join(', ')}`;
    kinds.set(what, (kinds.get(what) ?? 0) + 1);
  }
  const more = errors > replays ? `; ${fmt(errors - replays)} more not replayed` : '';
  return [...kinds].map(([what, n]) => `${fmt(n)}× ${what}`).join('; ') + more;
}

const fmt = (n: number): string => n.toLocaleString('en-US');
const sec = (s: number): string => s.toFixed(2);
/** `wall / cpu` seconds. */
const wallCpu = (t: Timed): string => `${sec(t.seconds)} / ${t.cpu === null ? '?' : sec(t.cpu)}`;

/** What a search that stops at its first error found, for the table. */
function firstErrorCell(s: Omit<Search, 'compile'>): string {
  const r = s.result;
  const cost = `(${fmt(r.statesStored)} states, ${sec(r.searchSeconds)} s)`;
  if (r.firstError === null) return `none ${cost}`;
  const t = s.trail;
  const where = t === null ? '' : t.unfinished.map((x) => `${x.thread} at ${x.seedLine}`).join(', ');
  const inCycle = t !== null && t.movingInCycle.length > 0;
  const stuck = where === '' ? '' : inCycle ? `; not returned: ${where}` : `; blocked for good: ${where}`;
  const cycle = inCycle ? `; moving in the cycle: ${t.movingInCycle.join(', ')}` : '';
  return `${r.firstError.kind} at depth ${r.firstError.depth}${stuck}${cycle} ${cost}`;
}

function benchScenario(scenario: string): string {
  const dir = mkdtempSync(join(tmpdir(), `spin-${scenario}-`));
  try {
    for (const f of readdirSync(HERE)) if (f.endsWith('.pml')) copyFileSync(join(HERE, f), join(dir, f));
    const generate = run(dir, 'spin', ['-a', `${scenario}.pml`]);
    const safety = verify(dir, scenario, 'safety', ['-DSAFETY', '-DNOCLAIM'], ['-c0', '-e']);
    const s = safety.result;
    const first = s.errors > 0 ? search(dir, scenario, 'pan-safety', []) : null;
    const np = verify(dir, scenario, 'np', ['-DNP', '-DNOCLAIM'], ['-l', '-f']);
    const ltl = verify(dir, scenario, 'ltl', [], ['-a', '-f', '-N', 'no_grow_shrink_livelock']);
    if ([s, first?.result, np.result, ltl.result].some((r) => r?.depthTooSmall === true)) {
      console.error(`bench/spin: ${scenario}: the search depth ${DEPTH} was too small; raise DEPTH`);
      process.exit(1);
    }
    const errors = s.errors === 0 ? 'none' : `${fmt(s.errors)}: ${everyError(dir, scenario, s.errors)}. Stopping at the first: ${first === null ? '?' : firstErrorCell(first)}`;
    return [
      scenario,
      fmt(s.statesStored),
      fmt(s.transitions),
      String(s.stateVectorBytes),
      `${s.stateMemoryMB.toFixed(1)} / ${s.totalMemoryMB.toFixed(1)}`,
      `${sec(s.searchSeconds)} (${wallCpu(safety.pan)})`,
      wallCpu(generate),
      wallCpu(safety.compile),
      errors,
      firstErrorCell(np),
      firstErrorCell(ltl),
    ].join(' | ').replace(/^/, '| ').replace(/$/, ' |');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const spinVersion = requireTool('spin', ['-V'], 'Debian/Ubuntu: apt-get install spin');
const gccVersion = requireTool('gcc', ['--version'], 'apt-get install gcc');
const wanted = process.argv.slice(2);
for (const s of wanted) {
  if (!SCENARIOS.includes(s)) {
    console.error(`bench/spin: no model for scenario ${s} (have: ${SCENARIOS.join(', ')})`);
    process.exit(2);
  }
}
const load = loadavg().map((x) => x.toFixed(1)).join(' ');
console.log(`${spinVersion}; ${gccVersion}; pan ${DEPTH}; ${cpus().length} cores, load average ${load} at start\n`);
console.log('| scenario | states stored | transitions | state vector (bytes) | memory MB (states / total) | search s: pan (process wall / cpu) | spin -a s (wall / cpu) | gcc -O2 s (wall / cpu) | safety errors | non-progress cycle (-l -f) | livelock LTL (-a -f) |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
for (const s of wanted.length > 0 ? wanted : SCENARIOS) console.log(benchScenario(s));
