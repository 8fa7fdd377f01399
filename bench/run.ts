/**
 * The benchmark suite: `npm run bench [-- <section>...] [--time S]`. Each case runs in its own process
 * (bench/case.ts) so that its time and peak memory are its own. Prints Markdown tables; the recorded
 * results, with the machine and the command, are in bench/RESULTS.md.
 *
 * Sections: strategies (every named scenario x strategy), raw (trio3 without monitors), mutants (time to
 * first counterexample), weak (weak vs sc), quad4 (time and memory to its verdict), cli (command to
 * verdict, process start included, as a user runs it).
 */
import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { SCENARIOS } from '../scenarios/registry.ts';
import type { BenchCase, BenchResult } from './case.ts';

const args = process.argv.slice(2);
const timeIndex = args.indexOf('--time');
const CAP = timeIndex >= 0 ? Number(args[timeIndex + 1]) : 60;
const sections = args.filter((a, i) => !a.startsWith('--') && (timeIndex < 0 || i !== timeIndex + 1));
const want = (s: string): boolean => sections.length === 0 || sections.includes(s);
const CASE = fileURLToPath(new URL('./case.ts', import.meta.url));

function run(c: Omit<BenchCase, 'timeCapSeconds'> & { timeCapSeconds?: number }): BenchResult {
  const full: BenchCase = { timeCapSeconds: CAP, ...c };
  const out = execFileSync(process.execPath, ['--import', 'tsx', CASE, JSON.stringify(full)], { encoding: 'utf8', maxBuffer: 1 << 24 });
  return JSON.parse(out.trim().split('\n').pop() as string) as BenchResult;
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const secs = (ms: number): string => (ms / 1000).toFixed(ms < 10_000 ? 2 : 1);
const rate = (r: BenchResult): string => fmt((r.executions / r.wallMs) * 1000);
/** Why a run is not complete: its time cap, or a strategy that never covers everything (a bound, a number of runs). */
const why = (r: BenchResult): string =>
  r.complete || r.stoppedBy === 'failure' ? '' : r.stoppedBy === 'time' ? ` (cap ${r.case.timeCapSeconds} s)` : r.stoppedBy === 'done' ? (r.verdict === 'fail' ? '' : ' (bound or runs exhausted)') : ` (${r.stoppedBy})`;
const verdict = (r: BenchResult): string => `${r.verdict}${why(r)}${r.failedProperties.length ? `: ${r.failedProperties.join(', ')}` : ''}`;

function table(header: string[], rows: string[][]): void {
  console.log(`| ${header.join(' | ')} |`);
  console.log(`|${header.map(() => '---').join('|')}|`);
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  console.log('');
}

console.log(`Machine: ${cpus()[0]?.model ?? 'unknown cpu'}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB; Node ${process.version}; one core per case; time cap ${CAP} s.\n`);

if (want('strategies')) {
  console.log('### Named scenarios x strategies (port, all property monitors)\n');
  const rows: string[][] = [];
  for (const s of SCENARIOS.values()) {
    const dfs = run({ scenario: s.name, impl: 'v4.1', strategy: 'dfs', stopOnFailure: false });
    const dpor = run({ scenario: s.name, impl: 'v4.1', strategy: 'dpor', stopOnFailure: false });
    const k = s.bound?.maxPreemptions ?? 2;
    const bounded = run({ scenario: s.name, impl: 'v4.1', strategy: 'bounded-dpor', maxPreemptions: k, stopOnFailure: false });
    const pct = run({ scenario: s.name, impl: 'v4.1', strategy: 'pct', runs: 1000, stopOnFailure: false });
    const ratio = dfs.complete && dpor.complete ? (dpor.executions / dfs.executions).toFixed(3) : dpor.complete ? `< ${(dpor.executions / dfs.executions).toFixed(3)} (dfs capped)` : 'n/a';
    for (const [name, r] of [['dfs', dfs], ['dpor', dpor], [`bounded-dpor k≤${k}`, bounded], ['pct d=3 ×1000', pct]] as const) {
      rows.push([s.name, name, fmt(r.executions), rate(r), secs(r.wallMs), verdict(r), name === 'dpor' ? ratio : '']);
    }
  }
  table(['scenario', 'strategy', 'executions', 'exec/s', 'wall s', 'verdict', 'dpor/dfs'], rows);
}

if (want('raw')) {
  console.log('### trio3 throughput with and without monitors\n');
  const rows: string[][] = [];
  // dpor's 6,280 executions end before the JIT has warmed up: its steady state is the 6th run in one process.
  for (const [strategy, repeat] of [['dfs', 1], ['dpor', 1], ['dpor', 6]] as const) {
    for (const monitors of [false, true]) {
      const r = run({ scenario: 'trio3', impl: 'v4.1', strategy, monitors, repeat, stopOnFailure: false, timeCapSeconds: Math.min(CAP, 20) });
      rows.push([strategy, repeat === 1 ? 'first' : `${repeat}th in one process`, monitors ? 'all' : 'none', fmt(r.executions), rate(r), fmt((r.executions / r.cpuMs) * 1000), secs(r.wallMs), verdict(r)]);
    }
  }
  table(['strategy', 'run', 'monitors', 'executions', 'exec/s (wall)', 'exec/s (cpu)', 'wall s', 'verdict'], rows);
}

if (want('mutants')) {
  console.log('### Time to first counterexample (all monitors)\n');
  const cases: Array<[string, string, 'sc' | 'weak']> = [
    ['free-no-recheck', 'atomic2', 'sc'],
    ['grow-no-raced-check', 'grow2', 'sc'],
    ['prepare-after-unlock', 'pair2', 'sc'],
    ['free-no-wake', 'pair2', 'sc'],
    ['alloc-pop-unlocked', 'pair2', 'sc'],
    ['alloc-no-wmb', 'handoff3', 'weak'],
    ['free-no-rmb', 'handoff3', 'weak'],
    ['no-barriers', 'handoff3', 'weak'],
  ];
  const rows: string[][] = [];
  for (const [mutant, scenario, memory] of cases) {
    const impl = `mutant:${mutant}`;
    const dpor = run({ scenario, impl, strategy: 'dpor', memory, stopOnFailure: true });
    const bounded = run({ scenario, impl, strategy: 'bounded-dpor', maxPreemptions: 4, memory, stopOnFailure: true });
    const pct = run({ scenario, impl, strategy: 'pct', runs: 10_000, memory, stopOnFailure: true });
    const cell = (r: BenchResult): string => (r.verdict === 'fail' ? `${fmt(r.executions)} / ${(r.wallMs).toFixed(0)} ms` : `not found (${r.verdict})`);
    rows.push([mutant, `${scenario}${memory === 'weak' ? ' (weak)' : ''}`, cell(dpor), cell(bounded), cell(pct), dpor.failedProperties.join(', ')]);
  }
  table(['mutant', 'scenario', 'dpor: executions / time', 'bounded-dpor', 'pct d=3', 'properties (dpor)'], rows);
}

if (want('weak')) {
  console.log('### weak vs sc memory (dpor, all monitors)\n');
  const rows: string[][] = [];
  for (const s of SCENARIOS.values()) {
    const strategy = s.bound ? 'bounded-dpor' : 'dpor';
    const k = s.bound?.maxPreemptions;
    const base = { scenario: s.name, impl: 'v4.1', strategy, stopOnFailure: false, ...(k === undefined ? {} : { maxPreemptions: k }) };
    const sc = run({ ...base, memory: 'sc' });
    const weak1 = run({ ...base, memory: 'weak', staleReads: 1 });
    const weakInf = run({ ...base, memory: 'weak' });
    const cell = (r: BenchResult): string => `${fmt(r.executions)} in ${secs(r.wallMs)} s${r.complete || r.stoppedBy === 'done' ? '' : ' (capped)'}`;
    rows.push([s.name, k === undefined ? 'dpor' : `bounded-dpor k≤${k}`, cell(sc), cell(weak1), cell(weakInf), verdict(weakInf)]);
  }
  table(['scenario', 'strategy', 'sc', 'weak, 1 stale read', 'weak, unbounded', 'verdict (weak)'], rows);
}

if (want('quad4')) {
  console.log('### quad4 to its verdict\n');
  const rows: string[][] = [];
  const first = run({ scenario: 'quad4', impl: 'v4.1', strategy: 'dpor', stopOnFailure: true });
  rows.push(['dpor, first counterexample', fmt(first.executions), secs(first.wallMs), first.maxRssMb.toFixed(0), verdict(first)]);
  const fewest = run({ scenario: 'quad4', impl: 'v4.1', strategy: 'bounded-dpor', maxPreemptions: 1, stopOnFailure: true });
  rows.push(['bounded-dpor, first counterexample (fewest preemptions)', fmt(fewest.executions), secs(fewest.wallMs), fewest.maxRssMb.toFixed(0), verdict(fewest)]);
  for (const k of [1, 2, 3]) {
    const r = run({ scenario: 'quad4', impl: 'v4.1', strategy: 'bounded-dpor', maxPreemptions: k, stopOnFailure: false, timeCapSeconds: Math.max(CAP, 300) });
    rows.push([`bounded-dpor k≤${k}, every trace`, fmt(r.executions), secs(r.wallMs), r.maxRssMb.toFixed(0), verdict(r)]);
  }
  table(['run', 'executions', 'wall s', 'peak RSS MB', 'verdict'], rows);
}

if (want('cli')) {
  console.log('### Command to verdict (the bin, process start included; median of 5)\n');
  const BIN = fileURLToPath(new URL('../bin/mempool-check.js', import.meta.url));
  const rows: string[][] = [];
  for (const argv of [['explore', 'trio3'], ['explore', 'quad4'], ['explore', 'handoff3', '--memory', 'weak'], ['explore', 'pair2', '--impl', 'mutant:free-no-wake']]) {
    const times: number[] = [];
    let last = '';
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      try {
        last = execFileSync(process.execPath, [BIN, ...argv], { encoding: 'utf8', maxBuffer: 1 << 24 });
      } catch (e) {
        last = String((e as { stdout?: unknown }).stdout ?? ''); // a failing verdict exits 1
      }
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const verdictLine = last.split('\n').filter((l) => !l.startsWith('note: '))[1] ?? '';
    rows.push([`mempool-check ${argv.join(' ')}`, verdictLine, secs(times[2] as number)]);
  }
  table(['command', 'verdict line', 'wall s'], rows);
}
