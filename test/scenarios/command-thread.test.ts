/**
 * The scenario thread as a state machine (scenarios/command-thread.ts): it issues exactly what the
 * generator it replaced issued, and on the C front end its whole state is explicit — every live thread
 * of a run shows its frames to the fingerprint, and a snapshot put back gives the same state.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { explore } from '../../explorer/explore.ts';
import type { Monitor } from '../../explorer/monitor.ts';
import type { Program } from '../../explorer/program.ts';
import { makeScheduler } from '../../explorer/strategies/registry.ts';
import { PORT } from '../../impl/registry.ts';
import type { AnyPoolImpl } from '../../impl/pool-impl.ts';
import { NEVER } from '../../kernel/rt/faults.ts';
import { Kernel } from '../../kernel/rt/kernel.ts';
import { explicitStateOf, threadsExplicit } from '../../kernel/rt/state.ts';
import { textOf } from '../../kernel/rt/state-sink.ts';
import { ExplicitCommandThread } from '../../scenarios/command-thread-explicit.ts';
import { scenarioProgram } from '../../scenarios/program.ts';
import { scenarioArb } from '../../scenarios/random.ts';
import { SCENARIOS } from '../../scenarios/registry.ts';
import type { Scenario } from '../../scenarios/spec.ts';
import type { PoolWorld } from '../../scenarios/world.ts';
import { opText } from '../c/differential.ts';
import { seedImpl } from '../c/helpers.ts';
import { runCommandsReference } from './run-commands-reference.ts';

const c = seedImpl();

/** scenarioProgram with every thread (the setup's prefix too) run by the reference generator. */
function referenceProgram(s: Scenario, impl: AnyPoolImpl): Program<PoolWorld> {
  const p = scenarioProgram(s, impl);
  // Without the prefix, but with its shared variables and hand-off lock (an extra thread never spawned).
  const bare = scenarioProgram({ ...s, prefix: [], threads: [...s.threads, { commands: s.prefix }] }, impl);
  return {
    ...p,
    // The prefix is the last thing setup does (scenarios/program.ts).
    *setup(kernel) {
      const world = yield* bare.setup(kernel);
      if (world !== null) yield* runCommandsReference(world, 0, s.prefix);
      return world;
    },
    threads: (world) => s.threads.map((t, i) => ({ name: t.name ?? `T${i + 1}`, body: runCommandsReference(world, i + 1, t.commands), ...(t.atomic ? { atomic: true } : {}) })),
  };
}

/** Every execution of a dfs exploration: its operations (thread, visible, operation, result) and where the world ended. */
function runs(program: Program<PoolWorld>, maxExecutions: number): string[] {
  const out: string[] = [];
  let lines: string[] = [];
  const tracer = { onOp: (_k: unknown, t: { id: number }, op: Parameters<typeof opText>[0], result: unknown, visible: boolean) => lines.push(`T${t.id}${visible ? '' : '.'} ${opText(op)} = ${JSON.stringify(result) ?? '-'}`) };
  const r = explore(program, makeScheduler('dfs', { seed: 1 }), [], { maxExecutions, stopOnFailure: false, keepFailures: 0 }, { maxSteps: 300, tracer }, (e) => {
    const w = e.setup as PoolWorld | null;
    const world = w === null ? 'no world' : `held ${JSON.stringify(w.held)} taken ${JSON.stringify(w.taken)} destroyed ${w.destroyed}`;
    const history = e.kernel.history.map((h) => JSON.stringify(h)).join('\n');
    out.push(`${lines.join('\n')}\n${world}\n${history}\nend ${e.end}`);
    lines = [];
  });
  out.push(`${r.executions} executions ${r.verdict}`);
  return out;
}

describe('the scenario thread issues what the generator issued', () => {
  // Every command kind: named scenarios have alloc, free, resize, destroy, locked and plain hand-offs,
  // and a create on kmalloc; random ones draw every kind; the last adds a create on a slab backend
  // (the cache first) and a locked receive in a prefix.
  const slabCreate: Scenario = {
    name: 'slab-create',
    description: 'a create on a slab backend beside a locked hand-off',
    min_nr: 1,
    backend: 'slab',
    faults: NEVER,
    timeouts: 'untimed',
    prefix: [{ op: 'alloc', gfp: 'GFP_KERNEL' }, { op: 'publish', var: 0, locked: true }, { op: 'receive', var: 0, locked: true }],
    threads: [{ commands: [{ op: 'create', min_nr: 1 }, { op: 'free' }] }, { commands: [{ op: 'alloc', gfp: 'GFP_ATOMIC', zero: true }, { op: 'resize', n: 2 }] }],
    finalDestroy: true,
    expected: { verdict: 'pass' },
  };
  const named = [...SCENARIOS.values(), slabCreate];

  for (const [label, impl] of [['the port', PORT], ['the seed C', c]] as const) {
    it(`${label}: named scenarios, every dfs execution (up to 30 each) the same`, () => {
      for (const s of named) expect([s.name, runs(scenarioProgram(s, impl), 30)]).toEqual([s.name, runs(referenceProgram(s, impl), 30)]);
    });
  }

  it('the port: 300 random scenarios, the same', () => {
    fc.sample(scenarioArb(), { seed: 21, numRuns: 300 }).forEach((s, i) => {
      expect([i, runs(scenarioProgram(s, PORT), 4)]).toEqual([i, runs(referenceProgram(s, PORT), 4)]);
    });
  });

  it('the comparison sees a difference (threads that stop one command short)', () => {
    const s = SCENARIOS.get('pair2') as Scenario;
    const shorter = { ...s, threads: s.threads.map((t) => ({ ...t, commands: t.commands.slice(0, -1) })) };
    expect(runs(scenarioProgram(s, PORT), 5)).not.toEqual(runs(referenceProgram(shorter, PORT), 5));
  });
});

/** Whether every live thread was explicit after every step (and how many steps had a live thread). */
function explicitAfterEveryStep(s: Scenario, impl: AnyPoolImpl, maxExecutions: number): { allExplicit: boolean; noneExplicit: boolean; live: number } {
  let allExplicit = true;
  let noneExplicit = true;
  let live = 0;
  const watch: Monitor = {
    name: 'explicit-threads',
    afterStep(ctx) {
      if (!ctx.kernel.threads.some((t) => t.status === 'ready')) return null;
      live += 1;
      const explicit = threadsExplicit(ctx.kernel);
      allExplicit &&= explicit;
      noneExplicit &&= ctx.kernel.threads.every((t) => t.status !== 'ready' || explicitStateOf(t) === null);
      return null;
    },
  };
  explore(scenarioProgram(s, impl), makeScheduler('dfs', { seed: 1 }), [watch], { maxExecutions, stopOnFailure: false, keepFailures: 0 }, { maxSteps: 300 });
  return { allExplicit, noneExplicit, live };
}

describe('explicit threads', () => {
  it('on the seed C every live thread of every named scenario is explicit after every step; on the port none is', () => {
    for (const s of SCENARIOS.values()) {
      const onC = explicitAfterEveryStep(s, c, 20);
      expect([s.name, onC.allExplicit]).toEqual([s.name, true]);
      expect(onC.live).toBeGreaterThan(0);
      const onPort = explicitAfterEveryStep(s, PORT, 20);
      expect([s.name, onPort.noneExplicit]).toEqual([s.name, true]);
      expect(onPort.live).toBeGreaterThan(0);
    }
  });

  it('a snapshot put back gives the same state key, after the thread moved on', () => {
    const s = SCENARIOS.get('quad4') as Scenario;
    const program = scenarioProgram(s, c);
    const kernel = new Kernel(program.kernelConfig);
    // Setup runs alone as thread 0, as the explorer runs it.
    const t0 = kernel.spawn('setup', program.setup(kernel), { alone: true });
    while (t0.status === 'ready') kernel.step(0);
    const world = t0.result as PoolWorld;
    for (const spec of program.threads(world, kernel)) kernel.spawn(spec.name, spec.body);
    const names = { value: (v: number): string => String(v) };
    // Some steps in, so that thread 1 is inside a C call.
    for (let i = 0; i < 12; i++) kernel.step(kernel.enabled()[i % kernel.enabled().length] as number);
    const body = kernel.threads[1]?.gen as ExplicitCommandThread;
    expect(body).toBeInstanceOf(ExplicitCommandThread);
    const before = textOf(names, (out) => body.writeState(out));
    // The command thread's position, then the C call it drives.
    expect(before).toMatch(/^cmd .* (running|done) /);
    const snap = body.snapshot();
    for (let i = 0; i < 6 && kernel.threads[1]?.status === 'ready'; i++) kernel.step(1);
    expect(textOf(names, (out) => body.writeState(out))).not.toBe(before);
    body.restore(snap);
    expect(textOf(names, (out) => body.writeState(out))).toBe(before);
  });
});
