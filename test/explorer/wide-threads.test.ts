/**
 * Any number of threads: the tree search and partial-order reduction keep sets of thread ids, which
 * once were 32-bit masks (33 threads crashed dpor and bounded) and 8-wide vector clocks. Thread-id
 * sets are checked against a plain Set on random ids up to 200; then random programs are explored
 * with their threads at ids 32 and above (and around 64, past any machine word), padded by threads
 * that return at spawn, and every reducing strategy must agree with dfs (which keeps no sets) on
 * verdicts, final states and Mazurkiewicz traces.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { explore } from '../../explorer/explore.ts';
import type { Program, ThreadSpec } from '../../explorer/program.ts';
import type { Scheduler } from '../../explorer/scheduler.ts';
import { BoundedScheduler } from '../../explorer/strategies/bounded.ts';
import { DfsScheduler } from '../../explorer/strategies/dfs.ts';
import { DporScheduler } from '../../explorer/strategies/dpor.ts';
import * as M from '../../explorer/strategies/thread-mask.ts';
import { PORT } from '../../impl/registry.ts';
import { scenarioProgram } from '../../scenarios/program.ts';
import { scenarioArb } from '../../scenarios/random.ts';
import { describeScenario } from '../../scenarios/spec.ts';
import { COMPARE_MAX_STEPS } from './compare.ts';
import { finalState } from './final-state.ts';
import { TraceRecorder } from './traces.ts';

describe('thread-id sets agree with a plain Set', () => {
  const ids = fc.uniqueArray(fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 200 })), { maxLength: 12 });
  const toSet = (m: M.ThreadMask): number[] => {
    const out: number[] = [];
    for (let r = m; r !== M.EMPTY_MASK; r = M.withoutLowest(r)) out.push(M.lowest(r));
    return out;
  };
  const sorted = (s: Iterable<number>): number[] => [...s].sort((x, y) => x - y);

  it('every operation, on small and wide ids alike; equal sets are ===', () => {
    fc.assert(
      fc.property(ids, ids, fc.integer({ min: 0, max: 200 }), (a, b, t) => {
        const ma = M.maskOf(a);
        const mb = M.maskOf(b);
        const sb = new Set(b);
        expect(toSet(ma)).toEqual(sorted(a));
        expect(toSet(M.union(ma, mb))).toEqual(sorted(new Set([...a, ...b])));
        expect(toSet(M.intersect(ma, mb))).toEqual(sorted(a.filter((x) => sb.has(x))));
        expect(toSet(M.minus(ma, mb))).toEqual(sorted(a.filter((x) => !sb.has(x))));
        expect(toSet(M.withBit(ma, t))).toEqual(sorted(new Set([...a, t])));
        expect(M.has(ma, t)).toBe(a.includes(t));
        expect(M.lowest(ma)).toBe(a.length === 0 ? -1 : Math.min(...a));
        // Normalised: the same set built two ways is the same value (=== is what the search compares).
        expect(M.union(ma, mb) === M.maskOf([...b, ...a])).toBe(true);
        expect(M.minus(M.withBit(ma, t), M.bit(t)) === M.maskOf(a.filter((x) => x !== t))).toBe(true);
      }),
      { seed: 11, numRuns: 500 },
    );
  });
});

/** Threads that return at spawn: they take no step, they only push the others' ids up. */
function fillers(n: number): ThreadSpec[] {
  return Array.from({ length: n }, (_, k) => ({ name: `F${k}`, body: (function* () {})() }));
}

/** The program with its first thread after `before` fillers and the others after `between` more. */
function widened<S>(p: Program<S>, before: number, between: number): Program<S> {
  return {
    ...p,
    threads(setup, kernel) {
      const [first, ...rest] = p.threads(setup, kernel);
      return [...fillers(before), ...(first === undefined ? [] : [first]), ...fillers(between), ...rest];
    },
  };
}

function run(program: Program<unknown>, scheduler: Scheduler) {
  const states = new Set<string>();
  const recorder = new TraceRecorder(scheduler);
  const result = explore(program, recorder, [], { maxExecutions: 800, stopOnFailure: false, keepFailures: 0 }, { maxSteps: COMPARE_MAX_STEPS }, (e) => {
    states.add(finalState(e));
  });
  return { result, states: [...states].sort(), traces: [...recorder.traces].sort() };
}

const LAYOUTS: readonly [string, number, number][] = [
  // Thread 1 keeps a small id, the others get ids 33 and up: sets mix small and wide ids.
  ['one small id, the rest from 33', 0, 31],
  // Every thread past 64.
  ['every id past 64', 63, 2],
];

describe('random programs with wide thread ids: reduced strategies agree with dfs', () => {
  const programs = fc.sample(scenarioArb({ maxThreads: 3, maxCommands: 2, maxPrefix: 1 }), { seed: 5, numRuns: 40 });
  for (const [layout, before, between] of LAYOUTS) {
    it(layout, () => {
      let compared = 0;
      for (const scenario of programs) {
        const program = widened(scenarioProgram(scenario, PORT), before, between) as Program<unknown>;
        const dfs = run(program, new DfsScheduler());
        if (!dfs.result.complete) continue;
        for (const make of [() => new DporScheduler(), () => new BoundedScheduler(COMPARE_MAX_STEPS), () => new BoundedScheduler(COMPARE_MAX_STEPS, true)]) {
          const s = make();
          const o = run(program, s);
          const what = `${s.name}: ${describeScenario(scenario)}`;
          expect(o.result.complete, what).toBe(true);
          expect({ verdict: o.result.verdict, states: o.states, traces: o.traces }, what).toEqual({ verdict: dfs.result.verdict, states: dfs.states, traces: dfs.traces });
        }
        compared += 1;
      }
      // A floor: most of the 40 programs must be compared, not skipped as too big for dfs.
      expect(compared).toBeGreaterThanOrEqual(30);
    });
  }
});
