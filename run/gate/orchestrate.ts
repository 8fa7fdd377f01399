/**
 * Runs a gate plan: its units in plan order on a runner (in this thread, or on worker threads, see
 * run/workers/), handing each outcome on as it arrives. Ctrl-C stops the running units at their next
 * execution boundary and starts no more: the units that never ran are listed, so the report says
 * what was covered. A unit that throws is an internal error of that unit, and the rest still run.
 */
import type { CommandIo } from '../io.ts';
import type { UnitOutcome } from './outcome.ts';
import type { GateUnit } from './plan.ts';
import { runUnit, type UnitOptions } from './unit.ts';

/** What a runner needs besides the units: the interrupt state and where outcomes go. */
export interface RunControl {
  readonly io: CommandIo;
  readonly options: UnitOptions;
  /** Set by the first Ctrl-C: start no more units. */
  readonly stopped: () => boolean;
  /** Called on Ctrl-C (every press) until the returned function is called. */
  onInterrupt(handler: () => void): () => void;
  outcome(o: UnitOutcome): void;
}

export interface UnitRunner {
  run(units: readonly GateUnit[], control: RunControl): Promise<void>;
}

export interface GateRunResult {
  /** In plan order. */
  readonly outcomes: readonly UnitOutcome[];
  readonly interrupted: boolean;
}

export async function runPlan(units: readonly GateUnit[], runner: UnitRunner, io: CommandIo, options: UnitOptions, onOutcome: (o: UnitOutcome) => void = () => {}): Promise<GateRunResult> {
  const outcomes: UnitOutcome[] = [];
  const handlers = new Set<() => void>();
  let interrupted = false;
  const unsubscribe = io.onInterrupt?.(() => {
    interrupted = true;
    for (const h of [...handlers]) h();
  });
  const control: RunControl = {
    io,
    options,
    stopped: () => interrupted,
    onInterrupt(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    outcome(o) {
      outcomes.push(o);
      onOutcome(o);
    },
  };
  try {
    await runner.run(units, control);
  } finally {
    unsubscribe?.();
  }
  return { outcomes: outcomes.sort((a, b) => a.index - b.index), interrupted };
}

/** Runs the units one after another in this thread (no watchdog: an execution that never yields hangs it). */
export const inThisThread: UnitRunner = {
  async run(units, control) {
    const io: CommandIo = { ...control.io, onInterrupt: (h) => control.onInterrupt(h) };
    for (const unit of units) {
      if (control.stopped()) return;
      control.outcome(await runGuarded(unit, io, control.options));
    }
  },
};

/** A unit's outcome, or an internal error naming the unit when the checker itself threw. */
export async function runGuarded(unit: GateUnit, io: CommandIo, options: UnitOptions): Promise<UnitOutcome> {
  try {
    return await runUnit(unit, io, options);
  } catch (e) {
    return { kind: 'error', id: unit.id, index: unit.index, implementation: unit.impl, seconds: 0, unit: unit.id, message: errorText(e) };
  }
}

export const errorText = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}${e.stack ? ` (${e.stack.split('\n')[1]?.trim() ?? ''})` : ''}` : String(e));
