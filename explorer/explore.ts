/**
 * The exploration loop: executions until the scheduler is done or a budget runs out. A run stopped by
 * a budget is `incomplete`, never `pass`.
 */
import { SetupCache, sharingOf, type ExecutionOptions, type ExecutionResult, DEFAULT_EXECUTION_OPTIONS } from './execution.ts';
import { runWithLassos } from './lasso-analysis.ts';
import type { Monitor, Violation } from './monitor.ts';
import type { Program } from './program.ts';
import type { Scheduler } from './scheduler.ts';

export interface Budget {
  /** The most executions the current round may run (`roundSoFar` included); a round that starts over may run as many again. */
  readonly maxExecutions: number;
  /**
   * Executions the current round ran in earlier calls, for a caller that explores in slices: they
   * count against `maxExecutions` until a restart forgets them. Without it a restart inside a slice
   * would leave the new round only what the abandoned one had left, so the result would depend on
   * where the slices fell (the caller's clock).
   */
  readonly roundSoFar?: number;
  /**
   * Called between executions; true stops the run (the caller owns the clock: explorer/ has none).
   * Asked from the second execution of a call on, so that every call makes progress.
   */
  readonly outOfTime?: () => boolean;
  /** Stop at the first failing execution (default) or go on and count them all. */
  readonly stopOnFailure: boolean;
  /** Keep at most this many failing executions (the first ones). */
  readonly keepFailures: number;
  /**
   * The exploration started over (kernel/rt/sharing.ts): everything reported to `onExecution` so far
   * belongs to an abandoned round (each of those executions is real, but the counts start again).
   */
  readonly onRestart?: () => void;
  /** Called every `progressEvery` executions with the count so far. */
  readonly progress?: (executions: number) => void;
  readonly progressEvery?: number;
}

export const DEFAULT_BUDGET: Budget = { maxExecutions: 1_000_000, stopOnFailure: true, keepFailures: 1 };

export type Verdict = 'pass' | 'fail' | 'incomplete';

export interface ExplorationResult {
  readonly verdict: Verdict;
  readonly executions: number;
  readonly failedExecutions: number;
  /** The first failing executions (up to keepFailures). */
  readonly failures: readonly ExecutionResult[];
  /** Every property that failed in some execution. */
  readonly failedProperties: readonly string[];
  /**
   * Executions cut at the step limit (or by a lasso watch) in which no livelock lasso was shown: what
   * they would have done next is not covered, so an exploration with any is not complete.
   */
  readonly cutExecutions: number;
  /** Executions in which some property answered `unknown` (see Monitor.unknown), and which. */
  readonly unknownExecutions: number;
  readonly unknownProperties: readonly string[];
  readonly complete: boolean;
  readonly stoppedBy: 'done' | 'failure' | 'executions' | 'time';
  readonly coverage: string;
  readonly maxSteps: number;
}

export function explore<S>(
  program: Program<S>,
  scheduler: Scheduler,
  monitors: readonly Monitor[],
  budget: Budget = DEFAULT_BUDGET,
  options: ExecutionOptions = DEFAULT_EXECUTION_OPTIONS,
  onExecution?: (result: ExecutionResult) => void,
): ExplorationResult {
  let executions = 0;
  let failedExecutions = 0;
  let maxSteps = 0;
  let cutExecutions = 0;
  const failures: ExecutionResult[] = [];
  const failed = new Set<string>();
  let unknownExecutions = 0;
  const unknown = new Set<string>();
  let stoppedBy: ExplorationResult['stoppedBy'] = 'done';
  const cache = new SetupCache<S>();
  let before = budget.roundSoFar ?? 0;
  let ranHere = 0;
  for (;;) {
    if (before + executions >= budget.maxExecutions) {
      stoppedBy = 'executions';
      break;
    }
    if (ranHere > 0 && budget.outOfTime?.() === true) {
      stoppedBy = 'time';
      break;
    }
    if (!scheduler.beginExecution()) break;
    const result = runWithLassos(program, scheduler, monitors, options, cache);
    if (scheduler.restart !== undefined && sharingOf(program).takeRestart()) {
      // An earlier execution merged steps on a fact this one refuted: explore again from the start.
      scheduler.restart();
      before = 0;
      executions = 0;
      failedExecutions = 0;
      maxSteps = 0;
      failures.length = 0;
      failed.clear();
      cache.entry = null;
      budget.onRestart?.();
      continue;
    }
    executions += 1;
    ranHere += 1;
    if (result.end === 'step-limit') cutExecutions += 1;
    if (result.steps > maxSteps) maxSteps = result.steps;
    onExecution?.(result);
    if (result.unknowns.length > 0) {
      unknownExecutions += 1;
      for (const u of result.unknowns) unknown.add(u.property);
    }
    if (budget.progress && budget.progressEvery && executions % budget.progressEvery === 0) budget.progress(executions);
    if (result.violations.length > 0) {
      failedExecutions += 1;
      for (const v of result.violations) failed.add(v.property);
      if (failures.length < budget.keepFailures) failures.push(result);
      if (budget.stopOnFailure) {
        stoppedBy = 'failure';
        break;
      }
    }
  }
  const complete = stoppedBy === 'done' && scheduler.isComplete() && cutExecutions === 0;
  // An execution with an unknown verdict was not shown to pass: the run cannot say `pass`.
  const verdict: Verdict = failedExecutions > 0 ? 'fail' : complete && unknownExecutions === 0 ? 'pass' : 'incomplete';
  return {
    verdict,
    executions,
    failedExecutions,
    failures,
    failedProperties: [...failed].sort(),
    cutExecutions,
    unknownExecutions,
    unknownProperties: [...unknown].sort(),
    complete,
    stoppedBy,
    coverage: scheduler.coverage(),
    maxSteps,
  };
}

export type { Violation };
