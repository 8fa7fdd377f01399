/**
 * Runs with lassos in mind. A run cut at the step limit is looked at for a lasso: its choices are run
 * again with a lasso watch (lasso-watch.ts) whose fair cycles are confirmed by replay
 * (lasso-confirm.ts). With `online` detection the run itself is watched and stops at the first
 * confirmed lasso (a search that steers towards cycles, such as random walks). The first confirmed
 * lasso makes the run a LIVELOCK finding that carries it; without one a cut run stays cut, and the
 * exploration that contains it is incomplete.
 */
import { runExecution, type ExecutionOptions, type ExecutionResult, type SetupCache } from './execution.ts';
import { evidenceText, LIVELOCK, type Lasso } from './lasso.ts';
import { confirmLasso, DEFAULT_REPEATS } from './lasso-confirm.ts';
import { LassoWatch } from './lasso-watch.ts';
import type { Monitor, Violation } from './monitor.ts';
import type { Program } from './program.ts';
import type { Choices, Scheduler } from './scheduler.ts';
import { ReplayError, ReplayScheduler } from './strategies/replay.ts';

/**
 * One execution, with a run that was cut turned into a LIVELOCK finding when it holds a confirmed
 * lasso. `options.lasso`: 'at-step-limit' (default), 'online' or 'off'.
 */
export function runWithLassos<S>(
  program: Program<S>,
  scheduler: Scheduler,
  monitors: readonly Monitor[],
  options: ExecutionOptions,
  cache: SetupCache<S> | null = null,
): ExecutionResult {
  const mode = options.lasso ?? 'at-step-limit';
  if (mode === 'off') return runExecution(program, scheduler, monitors, options, cache);
  const repeats = options.lassoRepeats ?? DEFAULT_REPEATS;
  const watch = mode === 'online' ? newWatch(program, monitors, repeats) : null;
  const result = runExecution(program, scheduler, monitors, watch === null ? options : { ...options, watch }, cache);
  // A run that failed another property is looked at too: each property is judged on the whole run.
  if (result.end !== 'step-limit') return result;
  const found = watch !== null ? watch.found : findLasso(program, monitors, result.choices, result.steps, repeats);
  if (found === null) return result;
  const name = (tid: number): string => result.kernel.threads[tid]?.name ?? `thread ${tid}`;
  return { ...result, end: 'livelock', violations: [...result.violations, livelockViolation(found, name)], lasso: found };
}

function newWatch<S>(program: Program<S>, monitors: readonly Monitor[], repeats: number): LassoWatch {
  return new LassoWatch(monitors, (candidate) => confirmLasso(program, candidate, repeats));
}

/**
 * Runs recorded choices again, watched (the monitors run too: their state is part of the state), up
 * to `maxSteps` or until the choices run out. Deterministic: the same choices give the same lasso, so
 * a counterexample or a replay token finds again the lasso its choices were recorded for.
 */
export function findLasso<S>(program: Program<S>, monitors: readonly Monitor[], choices: Choices, maxSteps: number, repeats = DEFAULT_REPEATS): Lasso | null {
  const watch = newWatch(program, monitors, repeats);
  try {
    runExecution(program, new ReplayScheduler(choices), monitors, { maxSteps, watch });
  } catch (e) {
    // The watch stopped the replay before the recorded choices ran out; what it found stands.
    if (!(e instanceof ReplayError)) throw e;
  }
  return watch.found;
}

/** The LIVELOCK violation a lasso makes (at the step where its cycle first closes). */
export function livelockViolation(lasso: Lasso, name: (tid: number) => string): Violation {
  const f = lasso.fairness;
  const stepping = f.stepping.map(name).join(', ');
  const fair = f.stronglyFair ? 'every thread enabled anywhere in it takes a step in it' : `every thread enabled throughout it takes a step in it (${f.enabledThroughout.map(name).join(', ')})`;
  // With several threads in the cycle, what is shown is one interleaving of theirs: say that it must be
  // kept up exactly, forever (a scheduler that deviates once may end it, as in the seed's ping-pong).
  const exact = f.stepping.length > 1 ? `; as shown it needs ${stepping} to keep to this interleaving exactly, forever` : '';
  return {
    property: LIVELOCK,
    message: `after ${lasso.prefixSteps} steps ${stepping} repeat a cycle of ${lasso.cycleSteps} step${lasso.cycleSteps === 1 ? '' : 's'} forever that returns the world to the same state; ${fair}, and no thread returns${exact} (evidence: ${evidenceText(lasso.evidence)})`,
    step: lasso.prefixSteps + lasso.cycleSteps,
  };
}
