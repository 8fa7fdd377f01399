/**
 * What livelock lassos cost (explorer/lasso*.ts), printed as Markdown tables (`npx tsx bench/lasso.ts`,
 * ~2 min on an idle machine). Times are this process's CPU time (user + system), so that a busy shared
 * machine slows the wall clock but not the numbers; wall-clock ms are shown beside them where it helps:
 * 1. the world fingerprint per step: executions with a watch that only fingerprints every state,
 *    against the same executions without it (dpor, all monitors; sc and weak memory), in one process
 *    after warm-up rounds, best of 5 interleaved rounds;
 * 2. the time to find and confirm the seed's grow/shrink lasso on resize3 and quad4 (the gate's lasso
 *    search: seeded random walks watched as they run, each candidate replayed 100 times), for five
 *    seeds, sc and weak;
 * 3. what a run cut at the step limit costs to look at (re-run with the watch, every fair cycle it
 *    meets confirmed by replay): resize3 under the old "adversarial" schedule (T1 twice, then T2 and
 *    T1 in turn, T3 never), whose runs all reach the limit and hold no fair lasso (T3 is enabled
 *    throughout), so every run is looked at in full and nothing is found: the worst case.
 */
import { explore } from '../explorer/explore.ts';
import type { StepWatch } from '../explorer/lasso-watch.ts';
import { makeScheduler } from '../explorer/strategies/registry.ts';
import { worldFingerprint } from '../kernel/rt/state.ts';
import type { MemoryModelName } from '../kernel/rt/memory.ts';
import { monitorsFor } from '../properties/registry.ts';
import { lassoSearch } from '../run/gate-run.ts';
import { defaultConfig, programOf, type RunConfig } from '../run/run-config.ts';
import { runSession } from '../run/session.ts';
import { scenarioNamed } from '../scenarios/registry.ts';
import { LIVELOCK } from '../explorer/lasso.ts';
import { runWithLassos } from '../explorer/lasso-analysis.ts';
import type { Scheduler } from '../explorer/scheduler.ts';

/** CPU milliseconds (user + system) of this process since `from` (process.cpuUsage()). */
const cpuMs = (from: NodeJS.CpuUsage): number => {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1000;
};

const config = (scenario: string, memory: MemoryModelName): RunConfig => ({ ...defaultConfig(scenarioNamed(scenario), 'v4.1'), memory });

/** Fingerprints every state, nothing else. */
class FingerprintOnly implements StepWatch {
  fingerprints = 0;
  start(): void {}
  afterStep(ctx: Parameters<StepWatch['afterStep']>[0]): boolean {
    worldFingerprint(ctx.kernel);
    this.fingerprints += 1;
    return false;
  }
}

/** Microseconds per step of `executions` dpor executions, with or without fingerprinting. */
function perStep(c: RunConfig, fingerprint: boolean, executions: number): { us: number; steps: number } {
  const watch = fingerprint ? new FingerprintOnly() : null;
  let steps = 0;
  const t0 = process.cpuUsage();
  explore(
    programOf(c),
    makeScheduler(c.scenario.bound ? 'bounded-dpor' : 'dpor', { seed: 1, maxPreemptions: c.scenario.bound?.maxPreemptions ?? 2 }),
    monitorsFor(),
    { maxExecutions: executions, stopOnFailure: false, keepFailures: 0 },
    { maxSteps: c.maxSteps, lasso: 'off', watch },
    (r) => (steps += r.steps),
  );
  return { us: (cpuMs(t0) * 1000) / steps, steps };
}

console.log('### World fingerprint per step (dpor or bounded-dpor, all monitors, JIT steady state)\n');
console.log('| scenario | memory | steps | µs/step without | µs/step with a fingerprint per step | fingerprint µs |');
console.log('|---|---|---|---|---|---|');
for (const [scenario, memory] of [['trio3', 'sc'], ['trio3', 'weak'], ['resize3', 'sc'], ['resize3', 'weak'], ['quad4', 'sc']] as const) {
  const c = config(scenario, memory);
  const n = 1500;
  for (let round = 0; round < 3; round++) perStep(c, round % 2 === 0, n);
  let plain = Infinity;
  let with_ = Infinity;
  let steps = 0;
  for (let round = 0; round < 5; round++) {
    plain = Math.min(plain, perStep(c, false, n).us);
    const w = perStep(c, true, n);
    with_ = Math.min(with_, w.us);
    steps = w.steps;
  }
  console.log(`| ${scenario} | ${memory} | ${steps.toLocaleString('en-US')} | ${plain.toFixed(2)} | ${with_.toFixed(2)} | ${(with_ - plain).toFixed(2)} |`);
}

console.log('\n### Time to find and confirm the grow/shrink lasso (the gate\'s lasso search)\n');
console.log('| scenario | memory | seed | random walks | CPU ms | wall ms | prefix + cycle steps |');
console.log('|---|---|---|---|---|---|---|');
for (const scenario of ['resize3', 'quad4']) {
  for (const memory of ['sc', 'weak'] as const) {
    for (const seed of [1, 2, 3, 4, 5]) {
      const t0 = process.cpuUsage();
      const w0 = performance.now();
      const r = runSession(lassoSearch(config(scenario, memory), seed));
      const ms = cpuMs(t0);
      const wall = performance.now() - w0;
      const lasso = r.bestByProperty.get(LIVELOCK)?.lasso;
      console.log(`| ${scenario} | ${memory} | ${seed} | ${r.executions.toLocaleString('en-US')} | ${ms.toFixed(0)} | ${wall.toFixed(0)} | ${lasso ? `${lasso.prefixSteps} + ${lasso.cycleSteps}` : 'not found'} |`);
    }
  }
}

/** T1 twice, then T2 and T1 in turn; T3 never (enabled throughout, so no cycle of this run is fair). */
function unfairPingPong(): Scheduler {
  let picks = 0;
  return {
    name: 'unfair-ping-pong',
    beginExecution: () => true,
    pickThread(enabled) {
      const want = picks < 2 ? 1 : picks % 2 === 0 ? 2 : 1;
      picks += 1;
      return enabled.includes(want) ? want : (enabled[0] as number);
    },
    pickValue: () => 0,
    endExecution() {},
    isComplete: () => false,
    coverage: () => 'one unfair schedule',
  };
}

console.log('\n### Looking at runs cut at the step limit (resize3, the unfair ping-pong, 2,000 steps per run, 20 runs)\n');
console.log('| lasso analysis | runs | cut at the limit | LIVELOCK | CPU ms | CPU ms per cut run |');
console.log('|---|---|---|---|---|---|');
for (const lasso of ['off', 'at-step-limit'] as const) {
  const c = config('resize3', 'sc');
  const runs = 20;
  let cut = 0;
  let livelocks = 0;
  for (let i = 0; i < 3; i++) runWithLassos(programOf(c), unfairPingPong(), monitorsFor(), { maxSteps: c.maxSteps, lasso });
  const t0 = process.cpuUsage();
  for (let i = 0; i < runs; i++) {
    const r = runWithLassos(programOf(c), unfairPingPong(), monitorsFor(), { maxSteps: c.maxSteps, lasso });
    if (r.end === 'step-limit') cut += 1;
    if (r.end === 'livelock') livelocks += 1;
  }
  const ms = cpuMs(t0);
  console.log(`| ${lasso} | ${runs} | ${cut} | ${livelocks} | ${ms.toFixed(0)} | ${(ms / runs).toFixed(1)} |`);
}
