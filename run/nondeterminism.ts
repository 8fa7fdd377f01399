/**
 * Diagnosing an implementation that is not deterministic. The explorer noticed that re-running a
 * schedule did not do what it did before (NondeterminismError, explorer/scheduler.ts); this re-runs the execution it
 * was in, with the same choices and the same setup cache as exploring uses (so state a pool handle
 * carries from one execution to the next shows up), recording every operation with its source site,
 * until two re-runs differ: the first operation that differs, and both versions of it.
 */
import type { Kernel } from '../kernel/rt/kernel.ts';
import type { Loc, Op } from '../kernel/rt/ops.ts';
import type { Thread } from '../kernel/rt/thread.ts';
import { runExecution, SetupCache } from '../explorer/execution.ts';
import type { Monitor } from '../explorer/monitor.ts';
import type { ChoiceKind, Choices, DivergedRun, ExecutionEnd, NondeterminismError, Scheduler, SchedulingView } from '../explorer/scheduler.ts';
import { trackQueues, type TraceEvent } from './record.ts';
import { withSites } from './sites.ts';

/** One re-run of the execution, up to where its recorded choices ran out or stopped fitting. */
export interface Rerun {
  /** Operations of the concurrent part (after setup), in order. */
  readonly events: readonly TraceEvent[];
  readonly kernel: Kernel | null;
  readonly setup: unknown;
  readonly threadNames: readonly string[];
}

/** The first operation two re-runs of one schedule disagree on (null on the side that has none). */
export interface FirstDifference {
  readonly tid: number;
  /** Position among that thread's operations, from 1. */
  readonly nth: number;
  readonly before: TraceEvent | null;
  readonly after: TraceEvent | null;
  readonly runBefore: Rerun;
  readonly runAfter: Rerun;
}

export interface Divergence {
  /** What the explorer noticed (which choice or step did not match). */
  readonly noticed: string;
  /** null when the re-runs all agreed (the state that differed changed before them, and no more). */
  readonly first: FirstDifference | null;
}

/** Re-runs compared at most (the first fills the setup cache, like an exploration's first execution). */
const RERUNS = 3;

export function diagnoseNondeterminism(e: NondeterminismError): Divergence {
  const run = e.run;
  if (run === null) return { noticed: e.message, first: null };
  const cache = new SetupCache<unknown>();
  const runs: Rerun[] = [];
  for (let i = 0; i < RERUNS; i++) {
    const next = rerun(run, cache);
    const prev = runs[runs.length - 1];
    runs.push(next);
    if (prev === undefined) continue;
    const first = firstDifference(prev, next);
    if (first !== null) return { noticed: e.message, first };
  }
  return { noticed: e.message, first: null };
}

/** Follows recorded choices; stops the run when they run out or no longer fit. */
class Stop extends Error {}

class FollowChoices implements Scheduler {
  readonly name = 'follow';
  private position = 0;
  private ran = false;

  constructor(private readonly choices: Choices) {}

  beginExecution(): boolean {
    if (this.ran) return false;
    this.ran = true;
    return true;
  }

  private next(kind: 't' | 'v', fits: (v: number) => boolean): number {
    const i = this.position++;
    const v = this.choices.values[i];
    if (this.choices.kinds[i] !== kind || v === undefined || !fits(v)) throw new Stop();
    return v;
  }

  pickThread(enabled: readonly number[], _view: SchedulingView): number {
    return this.next('t', (tid) => enabled.includes(tid));
  }

  pickValue(n: number, _kind: ChoiceKind): number {
    return this.next('v', (v) => v < n);
  }

  endExecution(_end: ExecutionEnd): void {}

  isComplete(): boolean {
    return this.ran;
  }

  coverage(): string {
    return 'one recorded execution';
  }
}

function rerun(run: DivergedRun, cache: SetupCache<unknown>): Rerun {
  return withSites((siteOf) => {
    const events: TraceEvent[] = [];
    const queues = new Map<Loc, Set<number>>();
    let kernel: Kernel | null = null;
    let setup: unknown = null;
    let concurrent = false;
    const observer: Monitor = {
      name: 'nondeterminism-observer',
      start(ctx) {
        setup = ctx.setup;
        kernel = ctx.kernel;
        concurrent = true;
        return null;
      },
    };
    const tracer = {
      onOp(k: Kernel, thread: Thread, op: Op, result: unknown, visible: boolean): void {
        kernel = k;
        if (concurrent) events.push({ tid: thread.id, step: k.steps, visible, op, result, site: siteOf(op), woke: trackQueues(queues, thread.id, op) });
      },
    };
    try {
      runExecution(run.program, new FollowChoices(run.choices), [observer], { maxSteps: run.maxSteps, tracer, cacheWhileTracing: true }, cache);
    } catch (e) {
      if (!(e instanceof Stop)) throw e;
    }
    const threadNames = (kernel as Kernel | null)?.threads.map((t) => t.name) ?? [];
    return { events, kernel, setup, threadNames };
  });
}

/** What must be equal for two operations to be the same: the thread, the operation, what it saw, where. */
function keyOf(e: TraceEvent): string {
  return `${e.tid}|${stable(e.op)}|${stable(e.result)}|${e.site.where ?? ''}`;
}

function stable(v: unknown): string {
  try {
    return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'function' ? '[function]' : typeof x === 'bigint' ? String(x) : x)) ?? String(v);
  } catch {
    return String(v);
  }
}

function firstDifference(before: Rerun, after: Rerun): FirstDifference | null {
  const n = Math.max(before.events.length, after.events.length);
  const seen = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const a = before.events[i] ?? null;
    const b = after.events[i] ?? null;
    const tid = (a ?? b)?.tid as number;
    seen.set(tid, (seen.get(tid) ?? 0) + 1);
    if (a !== null && b !== null && keyOf(a) === keyOf(b)) continue;
    // Runs that do the same stop at the same choice: one that goes on where the other ended differs.
    return { tid, nth: seen.get(tid) as number, before: a, after: b, runBefore: before, runAfter: after };
  }
  return null;
}
