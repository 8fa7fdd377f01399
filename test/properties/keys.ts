/**
 * Monitors' state keys as a stateful search sees them: after every step of a run, the world
 * fingerprint (kernel/rt/state.ts, with the program's state and no monitor) and each keyed monitor's
 * state (`writeState`) as text, written with the fingerprint's own pointer names.
 */
import { explore } from '../../explorer/explore.ts';
import { runExecution } from '../../explorer/execution.ts';
import type { StepWatch } from '../../explorer/lasso-watch.ts';
import type { Monitor, MonitorContext } from '../../explorer/monitor.ts';
import type { Program } from '../../explorer/program.ts';
import type { Choices } from '../../explorer/scheduler.ts';
import { makeScheduler } from '../../explorer/strategies/registry.ts';
import { ReplayScheduler } from '../../explorer/strategies/replay.ts';
import { worldFingerprint } from '../../kernel/rt/state.ts';
import { textOf } from '../../kernel/rt/state-sink.ts';

export interface KeyedState {
  /** The world fingerprint without any monitor's state. */
  readonly world: string;
  /** Each keyed monitor's key, by monitor name. */
  readonly keys: ReadonlyMap<string, string>;
  readonly steps: number;
  /** Length of the kernel's history (allocator calls and marks so far). */
  readonly history: number;
}

/** The world and every keyed monitor's key, named consistently (the monitors' names come after the world's). */
export function keyedState(ctx: MonitorContext, monitors: readonly Monitor[]): KeyedState {
  const keys = new Map<string, string>();
  const { program, setup } = ctx;
  const world = worldFingerprint(ctx.kernel, {
    ...(program.writeState && setup !== null ? { program: (out) => program.writeState?.(setup, out) } : {}),
    extra: (names) => {
      for (const m of monitors) if (m.writeState) keys.set(m.name, textOf(names, (out) => m.writeState?.(ctx, out, names)));
    },
  });
  return { world, keys, steps: ctx.kernel.steps, history: ctx.kernel.history.length };
}

/** Calls `see` with the keyed state after setup and after every step (and may stop the run). */
class KeyWatch implements StepWatch {
  constructor(
    private readonly monitors: readonly Monitor[],
    private readonly see: (s: KeyedState) => boolean,
  ) {}

  start(ctx: MonitorContext): void {
    this.see(keyedState(ctx, this.monitors));
  }

  afterStep(ctx: MonitorContext): boolean {
    return this.see(keyedState(ctx, this.monitors));
  }
}

/** Every state a dfs of `program` visits (up to `maxExecutions` runs), grouped by world. */
export function statesByWorld<S>(program: Program<S>, monitors: readonly Monitor[], maxExecutions: number): Map<string, KeyedState[]> {
  const byWorld = new Map<string, KeyedState[]>();
  const watch = new KeyWatch(monitors, (s) => {
    const list = byWorld.get(s.world);
    if (list === undefined) byWorld.set(s.world, [s]);
    else list.push(s);
    return false;
  });
  explore(program, makeScheduler('dfs', { seed: 1 }), monitors, { maxExecutions, stopOnFailure: false, keepFailures: 0 }, { maxSteps: 400, lasso: 'off', watch });
  return byWorld;
}

/** Pairs of states with the same world in which `accept(a, b)` holds (the first `limit` found). */
export function pairsWhere(byWorld: ReadonlyMap<string, readonly KeyedState[]>, accept: (a: KeyedState, b: KeyedState) => boolean, limit = 1): [KeyedState, KeyedState][] {
  const out: [KeyedState, KeyedState][] = [];
  for (const list of byWorld.values()) {
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const a = list[i] as KeyedState;
        const b = list[j] as KeyedState;
        if (accept(a, b)) out.push([a, b]);
        if (out.length >= limit) return out;
      }
    }
  }
  return out;
}

/** The keyed states of one replayed run, up to `steps` (the run is stopped there). */
export function replayedStates<S>(program: Program<S>, monitors: readonly Monitor[], choices: Choices, steps: number): KeyedState[] {
  const states: KeyedState[] = [];
  const watch = new KeyWatch(monitors, (s) => {
    states.push(s);
    return s.steps >= steps;
  });
  runExecution(program, new ReplayScheduler(choices), monitors, { maxSteps: steps + 1, lasso: 'off', watch });
  return states;
}
