/**
 * A stateful search's livelock as a finding: the state graph's first weakly fair cycle
 * (fair-cycles.ts), confirmed by replaying its prefix and then the cycle many times
 * (lasso-confirm.ts: the state must come back after every turn), then run once more with the
 * monitors as the execution that carries the lasso, like a lasso found in a cut run (lasso-analysis.ts).
 * The graph was built from the same fingerprints, so a replay that does not confirm the cycle is the
 * checker's own error, never a verdict.
 */
import { runExecution, type ExecutionResult } from '../execution.ts';
import type { Lasso } from '../lasso.ts';
import { livelockViolation } from '../lasso-analysis.ts';
import { confirmLasso, DEFAULT_REPEATS } from '../lasso-confirm.ts';
import type { Monitor } from '../monitor.ts';
import type { Program } from '../program.ts';
import { ReplayScheduler } from '../strategies/replay.ts';
import type { StatefulScheduler } from './scheduler.ts';

export function stateGraphLivelock<S>(program: Program<S>, search: StatefulScheduler, monitors: readonly Monitor[], repeats = DEFAULT_REPEATS): ExecutionResult | null {
  const cycle = search.fairCycle();
  if (cycle === null) return null;
  const confirmation = confirmLasso(program, cycle, repeats);
  if (confirmation.kind !== 'confirmed') {
    throw new Error(`stateful search: the state graph's fair cycle (${cycle.cycleSteps} steps after ${cycle.prefixSteps}) did not replay: ${confirmation.why}`);
  }
  const lasso: Lasso = { prefixSteps: cycle.prefixSteps, cycleSteps: cycle.cycleSteps, prefixChoices: cycle.prefixChoices, choices: cycle.choices, fairness: cycle.fairness, evidence: confirmation.evidence };
  const run = runExecution(program, new ReplayScheduler(cycle.choices), monitors, { maxSteps: cycle.prefixSteps + cycle.cycleSteps });
  const name = (tid: number): string => run.kernel.threads[tid]?.name ?? `thread ${tid}`;
  return { ...run, end: 'livelock', violations: [...run.violations, livelockViolation(lasso, name)], lasso };
}
