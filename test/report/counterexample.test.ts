/**
 * Counterexamples: the failure with the fewest preemptions, shrunk while the same property fails,
 * printed as a swimlane with seed lines; replaying its token twice gives identical reports.
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../../explorer/explore.ts';
import { DfsScheduler } from '../../explorer/strategies/dfs.ts';
import { runGuided, shrinkSchedule } from '../../explorer/shrink.ts';
import { makeCounterexample } from '../../run/counterexample.ts';
import { fewerPreemptions } from '../../run/fewest.ts';
import { counterexampleJson } from '../../report/json.ts';
import { replayToken } from '../../run/replay.ts';
import { defaultConfig, programOf } from '../../run/run-config.ts';
import { ExploreSession, runSession } from '../../run/session.ts';
import { counterexampleText } from '../../report/swimlane.ts';
import { encodeToken } from '../../run/token.ts';
import { scenarioNamed } from '../../scenarios/registry.ts';
import { blockedMonitor } from './fixtures.ts';

const monitors = [blockedMonitor];
const lostWakeup = defaultConfig(scenarioNamed('pair2'), 'mutant:free-no-wake');

function session(config = lostWakeup, all = false) {
  return runSession(new ExploreSession(programOf(config), new DfsScheduler(), monitors, { maxExecutions: 100_000, maxSteps: config.maxSteps, all, searchAfterFailure: 2000 }));
}

describe('counterexamples', () => {
  it('keep the failing execution with the fewest preemptions', () => {
    const all = session(lostWakeup, true);
    expect(all.verdict).toBe('fail');
    expect(all.complete).toBe(true);
    expect(all.failedProperties).toEqual(['TEST-BLOCKED']);
    // A waiter must sleep before the free that forgets to wake it: one preemption is needed.
    expect(all.best?.preemptions).toBe(1);
    const first = session();
    expect(first.stoppedBy).toMatch(/failure|done/);
    expect(first.best?.preemptions).toBe(1);
  });

  it('shrink the schedule without losing the property, and never grow it', () => {
    const program = programOf(lostWakeup);
    const all = explore(program, new DfsScheduler(), monitors, { maxExecutions: 100_000, stopOnFailure: false, keepFailures: 1000 });
    // Start from the failing run with the most preemptions (then the most steps) dfs met.
    const measured = all.failures.map((f) => ({ f, size: runGuided(program, monitors, f.choices, { maxSteps: 2000 }).size }));
    measured.sort((a, b) => b.size.preemptions - a.size.preemptions || b.size.steps - a.size.steps);
    const worst = measured[0];
    if (worst === undefined) throw new Error('no failure');
    const shrunk = shrinkSchedule(program, monitors, worst.f.choices, 'TEST-BLOCKED', { maxSteps: 2000 });
    expect(shrunk.original).toEqual(worst.size);
    expect(shrunk.original.preemptions).toBeGreaterThan(1);
    expect(shrunk.size.preemptions).toBe(1); // the fewest this lost wake-up needs (first test)
    expect(shrunk.size.steps).toBeLessThanOrEqual(shrunk.original.steps);
    const again = runGuided(program, monitors, shrunk.choices, { maxSteps: 2000 });
    expect(again.result.violations.map((v) => v.property)).toContain('TEST-BLOCKED');
    expect(again.size).toEqual(shrunk.size);
  });

  it('find fewer preemptions with a preemption-bounded search below a given failure', () => {
    const program = programOf(lostWakeup);
    const all = explore(program, new DfsScheduler(), monitors, { maxExecutions: 100_000, stopOnFailure: false, keepFailures: 1000 });
    const worst = all.failures
      .map((f) => ({ f, size: runGuided(program, monitors, f.choices, { maxSteps: 2000 }).size }))
      .sort((a, b) => b.size.preemptions - a.size.preemptions)[0];
    if (worst === undefined) throw new Error('no failure');
    expect(worst.size.preemptions).toBeGreaterThan(1);
    const given = { choices: worst.f.choices, preemptions: worst.size.preemptions, property: 'TEST-BLOCKED', steps: worst.size.steps };
    const fewer = fewerPreemptions(lostWakeup, monitors, given);
    expect(fewer.preemptions).toBe(1); // the fewest this lost wake-up needs (first test)
    expect(fewer.property).toBe('TEST-BLOCKED');
    expect(runGuided(program, monitors, fewer.choices, { maxSteps: 2000 }).size.preemptions).toBe(1);
    const none = { ...given, preemptions: 0 };
    expect(fewerPreemptions(lostWakeup, monitors, none)).toBe(none);
  });

  it('print as a swimlane: a column per thread, seed lines, the failed property and one replay command', () => {
    const best = session().best;
    if (best === null) throw new Error('no failure');
    const cx = makeCounterexample(lostWakeup, best.choices, best.property, { monitors, shrink: true });
    const text = counterexampleText(cx).join('\n');
    expect(text).toMatch(/^ step \| T1 +\| T2 +\| pool after the step$/m);
    expect(text).toContain('L254 prepare_to_wait(pool->wait, TASK_UNINTERRUPTIBLE)');
    expect(text).toContain('(sleeps)');
    expect(text).toMatch(/L218 kmem_cache_alloc\(FS\|NOWARN\|NORETRY\|NOMEMALLOC\) = NULL/);
    expect(text).toMatch(/L223 load pool->curr_nr = 1/);
    expect(text).toContain('asleep in io_schedule_timeout (L262), never woken');
    expect(text).toContain('FAILED TEST-BLOCKED');
    expect(text).not.toContain('wake_up');
    const replays = text.split('\n').filter((l) => l.startsWith('replay: '));
    expect(replays).toEqual([`replay: npm run mempool-check -- replay ${cx.token}`]);
    expect(cx.size.preemptions).toBe(1);
  });

  it('replay a token exactly: the same report twice, the same property', () => {
    const best = session().best;
    if (best === null) throw new Error('no failure');
    const cx = makeCounterexample(lostWakeup, best.choices, best.property, { monitors, shrink: true });
    const a = replayToken(cx.token, monitors);
    const b = replayToken(cx.token, monitors);
    expect(a.diverged).toBeNull();
    expect(counterexampleText(a.report)).toEqual(counterexampleText(b.report));
    expect(counterexampleJson(a.report)).toEqual(counterexampleJson(b.report));
    expect(counterexampleJson(a.report).trace).toEqual(counterexampleJson(cx).trace);
    expect(a.report.violations.map((v) => v.property)).toEqual(['TEST-BLOCKED']);
  });

  it('refuse to replay choices that do not fit the run', () => {
    const config = defaultConfig(scenarioNamed('pair2'), 'v4.1');
    const forged = encodeToken({ config, choices: { kinds: ['t'], values: [7] }, outcome: { property: null, steps: 20 } });
    expect(() => replayToken(forged, monitors)).toThrow(/does not replay on v4.1: choice 0 picks thread 7, which is not enabled/);
  });

  it('report a diverging replay instead of pretending it matched', () => {
    const best = session().best;
    if (best === null) throw new Error('no failure');
    // The mutant's failing schedule claimed for the port: it fits, but the port wakes the waiter.
    const forged = encodeToken({ config: { ...lostWakeup, impl: 'v4.1' }, choices: best.choices, outcome: { property: 'TEST-BLOCKED', steps: best.steps } });
    const r = replayToken(forged, monitors);
    expect(r.report.violations).toEqual([]);
    expect(r.diverged).toBe('the recorded run failed TEST-BLOCKED, the replay passes');
  });
});
