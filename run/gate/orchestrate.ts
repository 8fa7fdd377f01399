/**
 * Runs a gate plan: its units in plan order on a runner (in this thread, or on worker threads, see
 * run/workers/), handing each outcome on as it arrives. Ctrl-C or SIGTERM (run/control.ts) stops the
 * running units at their next execution boundary and starts no more: the units that never ran are
 * listed, so the report says what was covered. A unit that throws is an internal error of that unit,
 * and the rest still run.
 */
import { NondeterminismError } from '../../explorer/scheduler.ts';
import type { RunControl } from '../control.ts';
import type { CommandIo } from '../io.ts';
import { messageOf } from '../internal-error.ts';
import type { UnitOutcome } from './outcome.ts';
import type { GateUnit } from './plan.ts';
import { runUnit, type UnitProgress } from './unit.ts';

/** What a runner needs besides the units: the command's control and where outcomes go. */
export interface PlanControl {
  readonly control: RunControl;
  /** A line on stderr (a worker's warning), clear of the progress bar. */
  err(line: string): void;
  /** Where the n-th unit sits among all (progress). */
  progress(): UnitProgress;
  outcome(o: UnitOutcome): void;
}

export interface UnitRunner {
  run(units: readonly GateUnit[], plan: PlanControl): Promise<void>;
}

export interface GateRunResult {
  /** In plan order. */
  readonly outcomes: readonly UnitOutcome[];
  readonly interrupted: boolean;
}

export async function runPlan(units: readonly GateUnit[], runner: UnitRunner, control: RunControl, io: CommandIo, onOutcome: (o: UnitOutcome) => void = () => {}): Promise<GateRunResult> {
  const outcomes: UnitOutcome[] = [];
  const plan: PlanControl = {
    control,
    err(line) {
      control.progress.clearLine();
      io.err(line);
    },
    progress: () => ({ done: outcomes.length, total: units.length, unit: 'parts' }),
    outcome(o) {
      outcomes.push(o);
      control.progress.update({ done: outcomes.length, total: units.length, unit: 'parts', task: o.id });
      onOutcome(o);
    },
  };
  await runner.run(units, plan);
  return { outcomes: outcomes.sort((a, b) => a.index - b.index), interrupted: control.stopped };
}

/** Runs the units one after another in this thread (no watchdog: an execution that never yields hangs it). */
export const inThisThread: UnitRunner = {
  async run(units, plan) {
    for (const unit of units) {
      if (plan.control.stopped) return;
      plan.outcome(await runGuarded(unit, plan.control, plan.progress()));
    }
  },
};

/** A unit's outcome, or an internal error naming the unit when the checker itself threw. */
export async function runGuarded(unit: GateUnit, control: RunControl, outer?: UnitProgress): Promise<UnitOutcome> {
  try {
    return await runUnit(unit, control, outer);
  } catch (e) {
    const nondeterministic = e instanceof NondeterminismError ? { nondeterministic: true as const } : {};
    return { kind: 'error', id: unit.id, index: unit.index, implementation: unit.impl, seconds: 0, unit: unit.id, message: errorText(e), ...nondeterministic };
  }
}

export const errorText = (e: unknown): string => `${messageOf(e)}${e instanceof Error && e.stack ? ` (${e.stack.split('\n')[1]?.trim() ?? ''})` : ''}`;
