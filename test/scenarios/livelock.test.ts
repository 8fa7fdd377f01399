/**
 * Livelocks are lassos (explorer/lasso.ts), found on pool scenarios:
 * - the seed's grow/shrink ping-pong (properties/known-findings.ts) on resize3 and quad4: a fair lasso
 *   in which the two resizers alternate, every allocation succeeds and every other thread has returned;
 * - the old "adversarial schedule" that never runs T3 although T3 is enabled is not one (unfair);
 * - a seeded bug, mempool_alloc polling instead of sleeping (mutant busy-poll): a livelock when
 *   no element will ever come back, none when a holder will free one (a fair scheduler lets it), where
 *   the port passes both scenarios completely.
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../../explorer/explore.ts';
import { LIVELOCK } from '../../explorer/lasso.ts';
import { DEFAULT_REPEATS } from '../../explorer/lasso-confirm.ts';
import { runWithLassos } from '../../explorer/lasso-analysis.ts';
import type { Violation } from '../../explorer/monitor.ts';
import type { Scheduler } from '../../explorer/scheduler.ts';
import { makeScheduler } from '../../explorer/strategies/registry.ts';
import { v41 } from '../../impl/v4.1/index.ts';
import { implNamed } from '../../impl/registry.ts';
import { ALWAYS } from '../../kernel/rt/faults.ts';
import { CAUSES } from '../../properties/causes.ts';
import { seedKnownFindings, isKnownFinding } from '../../properties/known-findings.ts';
import { monitorsFor } from '../../properties/registry.ts';
import { lassoCounterexample } from '../../run/counterexample.ts';
import { lassoSearch } from '../../run/gate-run.ts';
import { defaultMonitors } from '../../run/monitors.ts';
import { defaultConfig, programOf } from '../../run/run-config.ts';
import { runSession } from '../../run/session.ts';
import { scenarioProgram } from '../../scenarios/program.ts';
import { scenarioNamed } from '../../scenarios/registry.ts';
import type { Scenario } from '../../scenarios/spec.ts';

describe("the seed's grow/shrink ping-pong is a fair lasso", () => {
  for (const name of ['resize3', 'quad4']) {
    it(`${name}: the resizers alternate forever, every allocation succeeding, every other thread returned`, () => {
      const config = defaultConfig(scenarioNamed(name), 'v4.1');
      const found = runSession(lassoSearch(config)).bestByProperty.get(LIVELOCK);
      expect(found?.lasso).toBeDefined();
      const cx = lassoCounterexample(config, found?.choices ?? { kinds: [], values: [] }, defaultMonitors());
      const lasso = cx.lasso;
      // One step of each resizer per round: the grow's step takes the lock, adds the element it
      // allocated, drops the lock and allocates the next (L172-L174, L167-L169); the shrink's takes the
      // lock, pops it, drops the lock and frees it (L141, L137-L140). Either resizer taking two turns in
      // a row ends the game (the grow fills the reserve, or the shrink reaches its target).
      // Three steps since elements have words: the shrink's free of the element writes them all, a step of its
      // own (kernel/rt/kernel.ts freeIsVisible).
      expect(lasso).toMatchObject({ cycleSteps: 3, fairness: { stepping: [1, 2], enabledThroughout: [1, 2], enabledSometime: [1, 2], stronglyFair: true } });
      expect(lasso?.evidence).toEqual({ kind: 'visible', replays: DEFAULT_REPEATS });
      // Every value choice of the cycle is the grow's allocation succeeding (alternative 0).
      const cycle = (lasso?.choices.kinds ?? []).map((kind, i) => ({ kind, value: lasso?.choices.values[i] })).slice(lasso?.prefixChoices);
      expect(cycle.filter((c) => c.kind === 'v')).toEqual([{ kind: 'v', value: 0 }]);
      const others = cx.run.workers.filter((tid) => tid > 2);
      expect(others.map((tid) => cx.run.ends.get(tid)?.kind)).toEqual(others.map(() => 'returned'));
      expect(cx.violations.map((v) => v.property)).toEqual([LIVELOCK]);
      expect(isKnownFinding(name, 'v4.1', LIVELOCK)).toBe(true);
      expect(seedKnownFindings().find((f) => f.scenario === name && f.property === LIVELOCK)?.reason).toMatch(/needs a perfect alternation forever/);
    });
  }

  it("the known finding's cause holds on the ping-pong's lasso (found by random walks watched online), and not on another livelock", () => {
    const config = defaultConfig(scenarioNamed('resize3'), 'v4.1');
    const walks = explore(programOf(config), makeScheduler('random', { seed: 1 }), monitorsFor(), { maxExecutions: 10_000, stopOnFailure: true, keepFailures: 1 }, { maxSteps: config.maxSteps, lasso: 'online' });
    const pingPong = walks.failures[0];
    const cause = CAUSES['grow-shrink-ping-pong'];
    expect(pingPong?.end).toBe('livelock');
    if (pingPong === undefined) return;
    expect(cause.holds({ scenario: config.scenario, result: pingPong, violation: pingPong.violations[0] as Violation })).toBe(true);
    const busy = explore(scenarioProgram(noneWillCome, BUSY), makeScheduler('dpor', { seed: 1 }), monitorsFor(), budget, { maxSteps: 200 }).failures[0];
    expect(busy?.end).toBe('livelock');
    if (busy === undefined) return;
    expect(cause.holds({ scenario: noneWillCome, result: busy, violation: busy.violations[0] as Violation })).toBe(false);
  });

  it('the old adversarial schedule (T1 twice, then T2 twice and T1 in turn, T3 never) is no livelock: T3 is enabled throughout', () => {
    let picks = 0;
    const pingPong: Scheduler = {
      name: 'ping-pong',
      beginExecution: () => true,
      pickThread(enabled) {
        // A round is the shrink's two steps (pop, then the free of the element, which writes its words) and the grow's one.
        const want = picks < 2 ? 1 : (picks - 2) % 3 === 2 ? 1 : 2;
        picks += 1;
        return enabled.includes(want) ? want : (enabled[0] as number);
      },
      pickValue: () => 0,
      endExecution() {},
      isComplete: () => false,
      coverage: () => 'one adversarial schedule',
    };
    const r = runWithLassos(scenarioProgram(scenarioNamed('resize3'), v41), pingPong, monitorsFor(), { maxSteps: 300 });
    // Cut at the step limit, with no fair cycle in it: no finding at all.
    expect([r.end, r.violations]).toEqual(['step-limit', []]);
    expect(r.kernel.threads[3]?.status).toBe('ready');
  });
});

const spinScenario = (name: string, threads: Scenario['threads']): Scenario => ({
  name,
  description: 'the allocator always fails: the one reserve element is all there is',
  min_nr: 1,
  backend: 'slab',
  faults: ALWAYS,
  timeouts: 'untimed',
  prefix: [],
  threads,
  finalDestroy: true,
  expected: { verdict: 'pass' },
});

/** T1 takes the only element and asks for a second before giving the first back: nothing will come. */
const noneWillCome = spinScenario('none-will-come', [
  { commands: [{ op: 'alloc', gfp: 'GFP_KERNEL' }, { op: 'alloc', gfp: 'GFP_KERNEL' }, { op: 'free' }, { op: 'free' }] },
]);
/** T1 holds the only element for a while; T2 asks for one. */
const holderFrees = spinScenario('holder-frees', [
  { commands: [{ op: 'alloc', gfp: 'GFP_KERNEL' }, { op: 'free' }] },
  { commands: [{ op: 'alloc', gfp: 'GFP_KERNEL' }, { op: 'free' }] },
]);

const BUSY = implNamed('mutant:busy-poll');
const budget = { maxExecutions: 10_000, stopOnFailure: true, keepFailures: 1 };

describe('a seeded livelock: mempool_alloc polls instead of sleeping, io_schedule_timeout(0) (mutant busy-poll)', () => {
  it('polls forever when no element will come back: a LIVELOCK whose cycle is one polling round; the port sleeps there and passes', () => {
    const r = explore(scenarioProgram(noneWillCome, BUSY), makeScheduler('dpor', { seed: 1 }), monitorsFor(), budget, { maxSteps: 200 });
    expect(r.failedProperties).toEqual([LIVELOCK]);
    // A round is four steps, one per scheduling point: the lock (L222, the reserve is empty), the
    // prepare_to_wait (L254, then the unlock), the schedule_timeout(0) that returns at once (L262), and
    // the finish_wait (L264, then the failing allocator call, L218).
    expect(r.failures[0]?.lasso).toMatchObject({ cycleSteps: 4, fairness: { stepping: [1], weaklyFair: true } });
    const port = explore(scenarioProgram(noneWillCome, v41), makeScheduler('dpor', { seed: 1 }), monitorsFor(), budget, { maxSteps: 200 });
    // T1 asleep for good while it holds the element itself: the caller's own deadlock, not the pool's.
    expect([port.verdict, port.complete, port.cutExecutions]).toEqual(['pass', true, 0]);
  });

  it('is no livelock when a holder will free: polling while the holder is enabled, or spins on the pool lock, is unfair, so those runs are only cut', () => {
    const r = explore(scenarioProgram(holderFrees, BUSY), makeScheduler('dpor', { seed: 1 }), monitorsFor(), budget, { maxSteps: 200 });
    expect(r.failedProperties).toEqual([]);
    expect([r.verdict, r.complete]).toEqual(['incomplete', false]);
    expect(r.cutExecutions).toBeGreaterThan(0);
    // Random walks watched for lassos as they run do not find one either.
    const walks = explore(scenarioProgram(holderFrees, BUSY), makeScheduler('random', { seed: 1, runs: 300 }), monitorsFor(), { ...budget, maxExecutions: 300 }, { maxSteps: 200, lasso: 'online' });
    expect(walks.failedProperties).toEqual([]);
    const port = explore(scenarioProgram(holderFrees, v41), makeScheduler('dpor', { seed: 1 }), monitorsFor(), budget, { maxSteps: 200 });
    expect([port.verdict, port.complete, port.cutExecutions]).toEqual(['pass', true, 0]);
  });
});
