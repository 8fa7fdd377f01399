/** Builds the explorer's Program from a scenario and an implementation. */
import { DEFAULT_KERNEL_CONFIG, type KernelConfig } from '../kernel/rt/kernel.ts';
import { NEVER } from '../kernel/rt/faults.ts';
import type { Gen } from '../kernel/rt/ops.ts';
import type { Program, ThreadSpec } from '../explorer/program.ts';
import { DEFAULT_BACKENDS, type AnyPoolImpl, type Backend } from '../impl/pool-impl.ts';
import { commandThreadFor } from './command-thread-explicit.ts';
import type { Scenario } from './spec.ts';
import { PoolWorld } from './world.ts';
import { forkWorld } from './fork.ts';

/** Kernel settings a run may override (memory model, timeouts, granularity). */
export type KernelOverrides = Partial<Omit<KernelConfig, 'faults'>>;

export function sharedVarCount(s: Scenario): number {
  let max = -1;
  for (const t of [{ commands: s.prefix }, ...s.threads]) {
    for (const c of t.commands) if (c.op === 'publish' || c.op === 'receive') max = Math.max(max, c.var);
  }
  return max + 1;
}

/** Whether a scenario hands elements over holding the hand-off lock. */
export const usesHandoffLock = (s: Scenario): boolean =>
  [s.prefix, ...s.threads.map((t) => t.commands)].some((cs) => cs.some((c) => (c.op === 'publish' || c.op === 'receive') && c.locked === true));

/** The backend a scenario's pools are created on. */
export const backendOf = (s: Scenario): Backend => (s.sleepingCallbacks === true ? { ...DEFAULT_BACKENDS[s.backend], sleeps: true } : DEFAULT_BACKENDS[s.backend]);

export function scenarioProgram(s: Scenario, impl: AnyPoolImpl, overrides: KernelOverrides = {}): Program<PoolWorld> {
  const kernelConfig: KernelConfig = {
    ...DEFAULT_KERNEL_CONFIG,
    timeouts: s.timeouts,
    ...overrides,
    faults: { element: NEVER, meta: NEVER },
  };
  const vars = sharedVarCount(s);
  // Explicit scenario threads (copyable, seen whole by the fingerprint) when the implementation's
  // operations are explicit calls (the C front end); otherwise threads that drive generators.
  const commandThread = commandThreadFor(impl);
  return {
    kernelConfig,
    *setup(kernel): Gen<PoolWorld | null> {
      kernel.defineStatics(impl.statics?.values ?? []);
      // The pool is created with a working allocator; the scenario's fault mode starts after it.
      const backend = backendOf(s);
      const pool: unknown = yield* impl.create(s.min_nr, backend);
      if (pool === null) return null;
      kernel.allocators.faults = { element: s.faults, meta: s.metaFaults ?? NEVER };
      const cells = Array.from({ length: vars }, () => kernel.harnessCell());
      const world = new PoolWorld(impl, pool, cells, backend, usesHandoffLock(s) ? kernel.harnessCell() : null);
      yield* commandThread(world, 0, s.prefix);
      return world;
    },
    // Pool handles must not change after create except through kernel memory (PoolImpl contract),
    // so one handle can serve every execution that forks the same setup.
    cloneSetup: (world) => world.clone(),
    // A running world copies when every live thread is explicit (the C front end's operations).
    forkRunning: (kernel, world) => {
      const copy = forkWorld(kernel, world);
      return copy === null ? null : { kernel: copy.kernel, setup: copy.world };
    },
    threads(world): ThreadSpec[] {
      return s.threads.map((t, i) => {
        const spec = { name: t.name ?? `T${i + 1}`, body: commandThread(world, i + 1, t.commands) };
        return t.atomic ? { ...spec, atomic: true } : spec;
      });
    },
    // What the threads hold is the interpreter's own state (a thread's stack of elements): part of the
    // world a livelock lasso must return to (kernel/rt/state.ts).
    writeState: (world, out) => world.writeState(out),
    *teardown(world): Gen<void> {
      if (s.finalDestroy && !world.destroyed) {
        world.destroyed = true;
        yield* impl.destroy(world.pool);
      }
    },
  };
}
