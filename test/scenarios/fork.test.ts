/**
 * forkWorld (scenarios/fork.ts, kernel/rt/fork-live.ts): a running C scenario execution copied mid-run
 * continues exactly as the original does — the same world fingerprint after every step, the same end —
 * and the two are independent: running the copy to its end leaves the original as it was.
 */
import { describe, expect, it } from 'vitest';
import { sharingOf } from '../../explorer/execution.ts';
import { explore } from '../../explorer/explore.ts';
import type { Program } from '../../explorer/program.ts';
import { makeScheduler } from '../../explorer/strategies/registry.ts';
import { PORT } from '../../impl/registry.ts';
import type { AnyPoolImpl } from '../../impl/pool-impl.ts';
import { Kernel, type KernelConfig } from '../../kernel/rt/kernel.ts';
import { Sharing } from '../../kernel/rt/sharing.ts';
import { worldFingerprint } from '../../kernel/rt/state.ts';
import { explicitSites, opSites } from '../../kernel/rt/trace.ts';
import { memoryFactory } from '../../kernel/rt/weak/factory.ts';
import { forkWorld } from '../../scenarios/fork.ts';
import { scenarioProgram, type KernelOverrides } from '../../scenarios/program.ts';
import { SCENARIOS } from '../../scenarios/registry.ts';
import type { Scenario } from '../../scenarios/spec.ts';
import type { PoolWorld } from '../../scenarios/world.ts';
import { seedImpl } from '../c/helpers.ts';

const c = seedImpl();

/** A schedule that is a function of the step and of how many choices it made: the same for both copies. */
class Driver {
  private values = 0;
  constructor(private readonly salt: number) {}
  readonly chooser = { pickValue: (n: number): number => (this.values++ * 7 + this.salt) % n };
  pick(kernel: Kernel): number | null {
    const enabled = kernel.enabled();
    if (enabled.length === 0) return null;
    return enabled[(kernel.steps * 5 + this.salt) % enabled.length] as number;
  }
}

/** Setup run alone, then the threads spawned (as the explorer does). */
function start(program: Program<PoolWorld>, config: KernelConfig): { kernel: Kernel; world: PoolWorld } {
  const kernel = new Kernel(config);
  const setup = kernel.spawn('setup', program.setup(kernel), { alone: true });
  while (setup.status === 'ready') kernel.step(0);
  const world = setup.result as PoolWorld;
  for (const spec of program.threads(world, kernel)) kernel.spawn(spec.name, spec.body, spec.atomic === true ? { atomic: true } : {});
  return { kernel, world };
}

const fingerprint = (kernel: Kernel, world: PoolWorld): string => worldFingerprint(kernel, { program: (out) => world.writeState(out) });

/** What an execution ended with, beyond the fingerprint: every thread's status and result, history, findings, warnings. */
const ending = (kernel: Kernel): string =>
  JSON.stringify({
    threads: kernel.threads.map((t) => [t.status, t.result]),
    history: kernel.history,
    findings: kernel.findings,
    warnings: kernel.warnings,
    steps: kernel.steps,
    calls: kernel.allocators.calls,
  });

/** Runs up to `limit` steps with `driver`; the fingerprint after each. */
function runOn(kernel: Kernel, world: PoolWorld, driver: Driver, limit: number, each: (fp: string) => void = () => undefined): void {
  kernel.chooser = driver.chooser;
  for (let i = 0; i < limit; i++) {
    const tid = driver.pick(kernel);
    if (tid === null) return;
    kernel.step(tid);
    each(fingerprint(kernel, world));
  }
}

/** Forks the scenario's execution after each of its first steps; returns how many forks had a sleeper on a wait queue. */
function checkForks(s: Scenario, impl: AnyPoolImpl, overrides: KernelOverrides, salt: number): { forks: number; withSleeper: number; sited: number } {
  // The runtime's learned sharing (kernel/rt/sharing.ts) is one object for every execution of a
  // program, and a copy, by design: what one run teaches changes how the next merges steps. Frozen
  // (learned by a short exploration first), it decides alike for the original and every copy.
  const learning = scenarioProgram(s, impl, overrides);
  explore(learning, makeScheduler('dfs', { seed: 1 }), [], { maxExecutions: 100, stopOnFailure: false, keepFailures: 0 }, { maxSteps: 300 });
  const program = scenarioProgram(s, impl, { ...overrides, sharing: Sharing.fromSnapshot(sharingOf(learning).snapshot()) });
  let forks = 0;
  let withSleeper = 0;
  let sited = 0;
  for (let at = 0; at < 40; at++) {
    const { kernel, world } = start(program, program.kernelConfig);
    runOn(kernel, world, new Driver(salt), at);
    if (kernel.enabled().length === 0) break;
    forks += 1;
    if ([...kernel.waitQueues.heads()].some((wq) => kernel.waitersOf(wq).length > 0)) withSleeper += 1;
    const before = fingerprint(kernel, world);
    const beforeEnd = ending(kernel);

    // A copy run to its end (another schedule) leaves the original untouched.
    const scratch = forkWorld(kernel, world);
    if (scratch === null) throw new Error('a C execution could not be forked');
    expect(fingerprint(scratch.kernel, scratch.world)).toBe(before);
    runOn(scratch.kernel, scratch.world, new Driver(salt + 1), 400);
    expect([s.name, at, fingerprint(kernel, world)]).toEqual([s.name, at, before]);
    expect(ending(kernel)).toBe(beforeEnd);

    // Another copy and the original, driven alike: the same world after every step, the same end.
    const copy = forkWorld(kernel, world);
    if (copy === null) throw new Error('a C execution could not be forked');
    // Every pending operation keeps its C site (looked up by identity: kernel/rt/trace.ts).
    kernel.threads.forEach((t, i) => {
      const site = t.pending === null ? undefined : explicitSites.get(t.pending);
      const pending = copy.kernel.threads[i]?.pending;
      expect(pending === null || pending === undefined ? undefined : explicitSites.get(pending)).toBe(site);
      if (site !== undefined) sited += 1;
    });
    const original: string[] = [];
    const copied: string[] = [];
    runOn(kernel, world, new Driver(salt + 2), 400, (fp) => original.push(fp));
    runOn(copy.kernel, copy.world, new Driver(salt + 2), 400, (fp) => copied.push(fp));
    expect(original.length).toBeGreaterThan(0);
    expect([s.name, at, copied]).toEqual([s.name, at, original]);
    expect(ending(copy.kernel)).toBe(ending(kernel));
  }
  return { forks, withSleeper, sited };
}

describe('forkWorld', () => {
  for (const [name, s] of SCENARIOS) {
    for (const memory of ['sc', 'weak'] as const) {
      it(`${name}, ${memory}: a copy made after each step runs as the original, and independently of it`, () => {
        const overrides: KernelOverrides = memory === 'weak' ? { memory: memoryFactory({ model: 'weak' }) } : {};
        // Three schedules (salts) each, so that forks fall in different places.
        for (let salt = 0; salt < 3; salt++) expect(checkForks(s, c, overrides, salt).forks).toBeGreaterThan(0);
      });
    }
  }

  it('copies a thread asleep on a wait queue (its wait entry: one copy for the queue and the frames)', () => {
    // Scenarios whose allocator fails: a thread sleeps in mempool_alloc until an element comes back.
    // With sites recorded (as while a report is built), the copies' pending operations keep theirs.
    let sleepers = 0;
    let sited = 0;
    opSites.capture = () => undefined;
    try {
      for (const name of ['pair2', 'handoff3', 'holder2', 'handoff-lock']) {
        const r = checkForks(SCENARIOS.get(name) as Scenario, c, {}, 0);
        sleepers += r.withSleeper;
        sited += r.sited;
      }
    } finally {
      opSites.capture = null;
    }
    expect(sleepers).toBeGreaterThan(0);
    expect(sited).toBeGreaterThan(0);
  });

  it('refuses (null) a world whose threads are generators (the port)', () => {
    const s = SCENARIOS.get('pair2') as Scenario;
    const program = scenarioProgram(s, PORT);
    const { kernel, world } = start(program, program.kernelConfig);
    kernel.step(kernel.enabled()[0] as number);
    expect(forkWorld(kernel, world)).toBeNull();
  });
});
