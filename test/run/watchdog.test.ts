/**
 * What the gate reports when its watchdog stops a worker: stuck in the implementation during a
 * concurrent step, an ENDLESS-STEP finding whose token replays the run up to that step (and names the
 * step that never ends); stuck in the checker's own code, an internal error.
 */
import { describe, expect, it } from 'vitest';
import { runExecution } from '../../explorer/execution.ts';
import type { Monitor } from '../../explorer/monitor.ts';
import { DporScheduler } from '../../explorer/strategies/dpor.ts';
import { defaultMonitors } from '../../run/monitors.ts';
import { gatePlan } from '../../run/gate/plan.ts';
import { replayToken } from '../../run/replay.ts';
import { defaultConfig, programOf } from '../../run/run-config.ts';
import { CHECKER, CONCURRENT, RUNNING, type WatchState } from '../../run/workers/watch.ts';
import { ENDLESS_STEP, stoppedByWatchdog } from '../../run/workers/diagnose.ts';
import { scenarioNamed } from '../../scenarios/registry.ts';

const scenario = scenarioNamed('trio3');
const unit = gatePlan({ impl: 'v4.1', scenarios: [scenario], memories: ['sc'], sequential: false, timeLimit: 20, raceBudget: 0 })[0];
if (unit === undefined) throw new Error('no unit');

/** A real execution of trio3, as the watchdog's buffer would hold it had it hung in its last concurrent step. */
let lastConcurrentStep = 0;
const stepCounter: Monitor = { name: 'steps', afterStep: (ctx) => ((lastConcurrentStep = ctx.kernel.steps), null) };
const run = runExecution(programOf(defaultConfig(scenario, 'v4.1')), new DporScheduler(), [stepCounter], { maxSteps: 2000 });
const at = lastConcurrentStep - 1;
const stuck = (phase: number): WatchState => ({ beats: 7, executions: 3, stage: CONCURRENT, phase, steps: at, maxSteps: 2000, choices: run.choices });

describe('the watchdog', () => {
  it('stuck in the implementation in a concurrent step: an ENDLESS-STEP finding that replays up to the step', () => {
    const outcome = stoppedByWatchdog(unit, stuck(RUNNING), 5);
    expect(outcome.kind).toBe('scenario');
    if (outcome.kind !== 'scenario') return;
    expect(outcome.result).toMatchObject({ verdict: 'fail', failedProperties: [ENDLESS_STEP], complete: false });
    expect(outcome.classified.status).toBe('unexpected');
    const ref = outcome.counterexamples[0];
    expect(ref?.property).toBe(ENDLESS_STEP);
    // The replay runs the steps before the one that hung (running that one would hang), and says so.
    const { report, diverged } = replayToken(ref?.token ?? '', defaultMonitors());
    expect(diverged).toBeNull();
    expect(report.run.result.steps).toBe(at);
    expect(report.violations.map((v) => v.property)).toEqual([ENDLESS_STEP]);
    expect(report.violations[0]?.message).toMatch(new RegExp(`^after step ${at} the next step never reached a scheduling point`));
    expect(report.token).toBe(ref?.token);
  });

  it("stuck in the checker's own code: an internal error naming the unit", () => {
    const outcome = stoppedByWatchdog(unit, stuck(CHECKER), 5);
    expect(outcome).toMatchObject({ kind: 'error', unit: 'trio3/sc' });
    if (outcome.kind === 'error') expect(outcome.message).toMatch(/no progress for 5 s in the checker's own code/);
  });
});
