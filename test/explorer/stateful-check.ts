/**
 * Running the stateful search on programs whose threads are JavaScript generators, for the
 * self-check: each thread is wrapped so that its state is the list of answers it has been given. A
 * deterministic generator's position and locals are a function of that list, so the state is exact
 * (two threads with the same answers are in the same state), merely finer than the thread's own
 * frames: states still merge across interleavings that give each thread the same answers.
 */
import { explore, type ExplorationResult } from '../../explorer/explore.ts';
import type { ExecutionResult } from '../../explorer/execution.ts';
import type { Monitor } from '../../explorer/monitor.ts';
import type { Program } from '../../explorer/program.ts';
import { stateGraphLivelock } from '../../explorer/stateful/livelock-run.ts';
import { StatefulScheduler, type StateWriter } from '../../explorer/stateful/scheduler.ts';
import type { Gen, Op } from '../../kernel/rt/ops.ts';
import type { ExplicitThreadState, StateSink } from '../../kernel/rt/state.ts';

class AnsweredThread implements Gen<unknown>, ExplicitThreadState {
  private readonly answers: unknown[] = [];

  constructor(private readonly gen: Gen<unknown>) {}

  next(answer?: unknown): IteratorResult<Op, unknown> {
    this.answers.push(answer);
    return this.gen.next(answer);
  }

  return(value: unknown): IteratorResult<Op, unknown> {
    return this.gen.return(value);
  }

  throw(e: unknown): IteratorResult<Op, unknown> {
    return this.gen.throw(e);
  }

  [Symbol.iterator](): this {
    return this;
  }

  writeState(out: StateSink): void {
    out.num(this.answers.length);
    for (const a of this.answers) {
      if (typeof a === 'number') out.word(a);
      else out.text(Array.isArray(a) ? `[${a.join(',')}]` : a === undefined ? '-' : typeof a);
    }
  }
}

/** The program with every thread's state exposed as its answers. */
export function answered<S>(program: Program<S>): Program<S> {
  return { ...program, threads: (setup, kernel) => program.threads(setup, kernel).map((t) => ({ ...t, body: new AnsweredThread(t.body) })) };
}

/** Lines of text as a state: each line one token (a key made from the fingerprint's text, for tests that change it). */
export function writeTextLines(out: StateSink, lines: readonly string[]): void {
  for (const line of lines) {
    out.line();
    out.text(line);
  }
}

/** What finished threads returned: part of an outcome, so part of the state the search compares. */
export const RESULTS_MONITOR: Monitor = {
  name: 'results',
  writeState: (ctx, out) => {
    for (const t of ctx.kernel.threads) out.text(t.status === 'done' ? JSON.stringify(t.result ?? null) : t.status);
  },
};

export interface StatefulRun {
  readonly result: ExplorationResult;
  readonly search: StatefulScheduler;
  /** Runs that ended (not cut at a visited state), and the livelock run when the graph has one. */
  readonly ended: ExecutionResult[];
  /** Properties that failed in any run (runs cut at a visited state included: they fail on the way). */
  readonly failed: ReadonlySet<string>;
  /** Runs continued from a saved state instead of re-executed from the start. */
  readonly resumed: number;
}

/** Explores `program` statefully to the end (or `budget` runs), then looks for a fair cycle. */
export function exploreStateful<S>(program: Program<S>, monitors: readonly Monitor[], budget: number, maxSteps: number, writeState?: StateWriter, restore = true): StatefulRun {
  const search = new StatefulScheduler(writeState, restore);
  const ended: ExecutionResult[] = [];
  const failed = new Set<string>();
  const watch = search.watch(monitors);
  const onRestart = (): void => {
    ended.length = 0;
    failed.clear();
  };
  const result = explore(program, search, monitors, { maxExecutions: budget, stopOnFailure: false, keepFailures: 0, onRestart }, { maxSteps, lasso: 'off', watch, resume: watch }, (e) => {
    if (e.end !== 'visited') ended.push(e);
    for (const v of e.violations) failed.add(v.property);
  });
  if (result.complete) {
    const livelock = stateGraphLivelock(program, search, monitors);
    if (livelock !== null) ended.push(livelock);
    for (const v of livelock?.violations ?? []) failed.add(v.property);
  }
  return { result, search, ended, failed, resumed: watch.resumed };
}
