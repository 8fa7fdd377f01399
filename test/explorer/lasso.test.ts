/**
 * Livelocks as lassos (explorer/lasso*.ts) on tiny programs: a fair cycle is a LIVELOCK, an unfair one
 * is not; a cycle cannot contain a thread's return; a cycle that only looks like one (a loop counter the
 * fingerprint cannot see) is refuted by replaying it; a run cut at the step limit without a lasso makes
 * the exploration incomplete, never failed.
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../../explorer/explore.ts';
import { runExecution } from '../../explorer/execution.ts';
import { cycleFairness, FairnessFrom, LIVELOCK } from '../../explorer/lasso.ts';
import { Prng } from '../../explorer/strategies/prng.ts';
import { confirmLasso, DEFAULT_REPEATS } from '../../explorer/lasso-confirm.ts';
import { LassoWatch } from '../../explorer/lasso-watch.ts';
import { DfsScheduler } from '../../explorer/strategies/dfs.ts';
import { ReplayScheduler } from '../../explorer/strategies/replay.ts';
import { spin_lock, spin_unlock, WRITE_ONCE } from '../../kernel/api/index.ts';
import { worldFingerprint } from '../../kernel/rt/state.ts';
import { tiny, type Body } from './tiny.ts';

/** Takes and drops lock `a` forever: every round returns the world to the same state. */
const spinForever: Body = function* (c) {
  for (;;) {
    yield* spin_lock(c.a);
    yield* spin_unlock(c.a);
  }
};

/** The same loop, ended by a counter the fingerprint cannot see. */
const spinTimes =
  (n: number): Body =>
  function* (c) {
    for (let i = 0; i < n; i++) {
      yield* spin_lock(c.a);
      yield* spin_unlock(c.a);
    }
  };

const BUDGET = { maxExecutions: 1000, stopOnFailure: true, keepFailures: 1 };

describe('cycle fairness', () => {
  it('a cycle in which every thread enabled throughout steps is weakly fair; one that passes over an enabled thread is not', () => {
    const both = [1, 2];
    expect(cycleFairness([1, 2, 1, 2], [both, both, both, both], 0, 2)).toMatchObject({ stepping: [1, 2], weaklyFair: true, stronglyFair: true });
    expect(cycleFairness([1, 1], [both, both], 0, 2)).toMatchObject({ stepping: [1], enabledThroughout: [1, 2], weaklyFair: false });
    // T2 is enabled only now and then (it waits for a value that is there in one state of the cycle):
    // weakly fair, not strongly.
    expect(cycleFairness([1, 1], [both, [1]], 0, 2)).toMatchObject({ enabledThroughout: [1], enabledSometime: [1, 2], weaklyFair: true, stronglyFair: false });
  });


  it('kept up to date step by step (FairnessFrom) it says what cycleFairness says, on random runs', () => {
    const rng = new Prng(7);
    for (let run = 0; run < 200; run++) {
      const n = 1 + rng.below(12);
      const enabled = Array.from({ length: n }, () => [1, 2, 3].filter(() => rng.below(3) > 0));
      const tids = enabled.map((e) => (e.length > 0 ? (e[rng.below(e.length)] as number) : 1));
      for (let i = 0; i < n; i++) {
        const span = new FairnessFrom(i);
        for (let j = i + 1; j <= n; j++) expect([run, i, j, span.weaklyFairTo(tids, enabled, j)]).toEqual([run, i, j, cycleFairness(tids, enabled, i, j).weaklyFair]);
      }
    }
  });
});

describe('lassos in explorations', () => {
  it('a thread alone in a loop that changes nothing is a LIVELOCK with a one-step cycle', () => {
    const r = explore(tiny([spinForever]), new DfsScheduler(), [], BUDGET, { maxSteps: 30 });
    expect(r.failedProperties).toEqual([LIVELOCK]);
    const lasso = r.failures[0]?.lasso;
    expect(lasso).toMatchObject({ cycleSteps: 1, fairness: { stepping: [1], weaklyFair: true } });
    // The cycle starts within the loop's first rounds: a thread's first step runs when it is picked
    // (kernel/rt/kernel.ts spawn), so the state before it is not yet the loop's.
    expect(lasso?.prefixSteps).toBeLessThanOrEqual(2);
    expect(lasso?.evidence).toEqual({ kind: 'visible', replays: DEFAULT_REPEATS });
  });

  it('an unfair cycle is not a livelock; a thread that returns is in the prefix, never in the cycle', () => {
    // T2 takes the lock once and returns. dfs first runs T1 alone until the step limit: its cycle passes
    // over T2, enabled throughout, so that run is only cut. Then T2 runs once, returns, and T1's
    // loop is a fair cycle.
    const once: Body = function* (c) {
      yield* spin_lock(c.a);
      yield* spin_unlock(c.a);
    };
    const r = explore(tiny([spinForever, once]), new DfsScheduler(), [], BUDGET, { maxSteps: 30 });
    expect(r.cutExecutions).toBeGreaterThan(0);
    expect(r.failedProperties).toEqual([LIVELOCK]);
    const failure = r.failures[0];
    expect(failure?.kernel.threads[2]?.status).toBe('done');
    expect(failure?.lasso?.fairness).toMatchObject({ stepping: [1], enabledSometime: [1] });
  });

  it('a return changes the state even where memory does not: no cycle closes across it', () => {
    const program = tiny([spinTimes(1)]);
    const watch = new LassoWatch();
    const fingerprints: string[] = [];
    const probe = {
      start: (ctx: Parameters<LassoWatch['start']>[0], choices: Parameters<LassoWatch['start']>[1]) => {
        fingerprints.push(worldFingerprint(ctx.kernel));
        watch.start(ctx, choices);
      },
      afterStep: (...args: Parameters<LassoWatch['afterStep']>) => {
        fingerprints.push(worldFingerprint(args[0].kernel));
        return watch.afterStep(...args);
      },
    };
    runExecution(program, new ReplayScheduler({ kinds: [], values: [] }), [], { maxSteps: 10, watch: probe });
    // Before and after T1's one round the memory is the same (lock a free); only T1's status differs.
    // The round is one step (the unlock is invisible): one fingerprint at the start, one after it.
    expect(fingerprints).toHaveLength(2);
    expect(fingerprints[1]).not.toBe(fingerprints[0]);
    expect(watch.candidates).toEqual([]);
  });

  it('a loop ended by a hidden counter looks like a cycle, and replaying the cycle refutes it: the run is cut, the result incomplete', () => {
    // 50 rounds: more than fit in the 30-step run, fewer than the 100 repetitions a confirmation replays;
    // after the 50th the thread has returned.
    const program = tiny([spinTimes(50)]);
    const watch = new LassoWatch();
    const cut = runExecution(program, new ReplayScheduler({ kinds: [], values: [] }), [], { maxSteps: 30, watch });
    const candidate = watch.candidates[0];
    expect(cut.end).toBe('step-limit');
    expect(candidate).toMatchObject({ cycleSteps: 1 });
    const confirmation = confirmLasso(program, candidate as NonNullable<typeof candidate>, 100);
    // Refuted when the counter ends the loop: one round per step, so the rounds left once the cycle
    // begins (after prefixSteps steps) are 50 - prefixSteps; each returns to the cycle's state, and the
    // repetition after them ends in a returned thread.
    const left = 50 - (candidate?.prefixSteps ?? 0);
    expect(confirmation).toEqual({ kind: 'refuted', why: `after ${left + 1} repetitions of the cycle the state differs from the one it started from`, repeated: left });
    const r = explore(program, new DfsScheduler(), [], BUDGET, { maxSteps: 30 });
    // One thread, no value choice: dfs has one execution, and it is the cut one.
    expect([r.verdict, r.failedProperties, r.cutExecutions, r.complete]).toEqual(['incomplete', [], 1, false]);
  });

  it('a later loop that only looks like an earlier one (the same operation from another line) is told apart by the call stacks', () => {
    // 40 rounds of one loop, then the same lock forever from another line: the fingerprint alone sees
    // the same state in both loops. The first loop's cycle is refuted (it ends), a cycle from the first
    // loop into the second is refuted (the stacks differ), the second loop's own cycle is the livelock.
    const twoLoops: Body = function* (c) {
      for (let i = 0; i < 40; i++) {
        yield* spin_lock(c.a);
        yield* spin_unlock(c.a);
      }
      yield* WRITE_ONCE(c.x, 0);
      for (;;) {
        yield* spin_lock(c.a);
        yield* spin_unlock(c.a);
      }
    };
    const r = explore(tiny([twoLoops]), new DfsScheduler(), [], BUDGET, { maxSteps: 100 });
    expect(r.failedProperties).toEqual([LIVELOCK]);
    // 40 steps of the first loop (one per round), one for the store: the cycle starts at the second
    // loop's first lock, with the same offset from the thread's start as the lone loop above has
    // (its prefix, less the one step that reaches the loop).
    const alone = explore(tiny([spinForever]), new DfsScheduler(), [], BUDGET, { maxSteps: 30 }).failures[0]?.lasso?.prefixSteps ?? -1;
    expect(r.failures[0]?.lasso).toMatchObject({ cycleSteps: 1, prefixSteps: 40 + 1 + (alone - 1) });
  });
});
