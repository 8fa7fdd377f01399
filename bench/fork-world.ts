/**
 * What restoring a state costs against re-executing the prefix that reaches it (issue 10 Part 2): on
 * quad4 run on the seed's C, a state 40 steps into a run (a round-robin schedule), reached either
 *   - by `forkWorld` (scenarios/fork.ts) of a kernel already there, or
 *   - by re-execution as the stateless explorer does it: fork the cached post-setup kernel, clone the
 *     world, spawn the threads, replay the 40 steps' choices.
 * Best of 5 rounds of N each after a warm-up. `npx tsx bench/fork-world.ts [N]` (~10 s).
 */
import { readFileSync } from 'node:fs';
import { compileCImpl } from '../c/load.ts';
import { cParser } from '../c/parse.ts';
import { Kernel } from '../kernel/rt/kernel.ts';
import { forkWorld } from '../scenarios/fork.ts';
import { scenarioProgram } from '../scenarios/program.ts';
import { scenarioNamed } from '../scenarios/registry.ts';
import type { PoolWorld } from '../scenarios/world.ts';

const N = Number(process.argv[2] ?? 2000);
const PREFIX = 40;
const seedText = readFileSync(new URL('../docs/seed/mempool.c', import.meta.url), 'utf8');
const c = compileCImpl(await cParser(), seedText, 'docs/seed/mempool.c', { profile: 'v4.1' });
const program = scenarioProgram(scenarioNamed('quad4'), c);

// The setup once (the explorer's setup cache): a kernel with the pool made and no thread running.
const base = new Kernel(program.kernelConfig);
const setupThread = base.spawn('setup', program.setup(base), { alone: true });
while (setupThread.status === 'ready') base.step(0);
const baseWorld = setupThread.result as PoolWorld;

/** From the cached setup: threads spawned, then `choices` (thread picks) replayed. */
function reExecute(choices: readonly number[]): { kernel: Kernel; world: PoolWorld } {
  const kernel = base.fork();
  const world = baseWorld.clone();
  for (const spec of program.threads(world, kernel)) kernel.spawn(spec.name, spec.body);
  for (const tid of choices) kernel.step(tid);
  return { kernel, world };
}

/**
 * The prefix: a schedule that runs 40 steps (quad4's executions are unbounded only through its
 * grow/shrink ping-pong; most schedules end sooner) in which no thread has returned yet, found depth
 * first, rotating the picks.
 */
function prefixOf(choices: number[]): number[] | null {
  const { kernel } = reExecute(choices);
  const running = kernel.threads.filter((t) => t.status === 'ready').length;
  // Every thread still running at the end: a state from the middle of the run, not its tail.
  if (running < kernel.threads.length - 1) return null;
  if (choices.length === PREFIX) return choices;
  const enabled = kernel.enabled();
  for (let i = 0; i < enabled.length; i++) {
    const found = prefixOf([...choices, enabled[(choices.length + i) % enabled.length] as number]);
    if (found !== null) return found;
  }
  return null;
}
const choices = prefixOf([]);
if (choices === null) throw new Error(`quad4 has no ${PREFIX}-step execution`);
const there = reExecute(choices);
const live = there.kernel.threads.filter((t) => t.status === 'ready').length;

function time(f: () => unknown): number {
  let best = Infinity;
  for (let round = 0; round < 6; round++) {
    const t0 = performance.now();
    for (let i = 0; i < N; i++) f();
    const per = (performance.now() - t0) / N;
    if (round > 0) best = Math.min(best, per);
  }
  return best;
}

const fork = time(() => {
  if (forkWorld(there.kernel, there.world) === null) throw new Error('not forkable');
});
const replay = time(() => reExecute(choices));
const us = (ms: number): string => `${(ms * 1000).toFixed(1)} µs`;
console.log(`quad4 on the seed C, ${PREFIX} steps in (${there.kernel.steps} kernel steps counting setup, ${live} threads running), best of 5 rounds of ${N}:`);
console.log('');
console.log('| reaching the state | time |');
console.log('|---|---|');
console.log(`| forkWorld of a kernel already there | ${us(fork)} |`);
console.log(`| re-execution of the ${PREFIX}-step prefix from the cached setup | ${us(replay)} |`);
console.log('');
console.log(`ratio ${(replay / fork).toFixed(1)}x`);
