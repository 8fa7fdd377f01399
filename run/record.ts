/**
 * Re-runs one execution from its recorded choices with everything a report needs switched on: every
 * operation with its seed line and result, who each wake_up woke, whether a step left its thread
 * asleep, the pool's abstract state after every step, and how each thread ended. Used only for the
 * execution being reported (replay, counterexample), never while exploring.
 */
import type { Kernel } from '../kernel/rt/kernel.ts';
import type { Loc, Op } from '../kernel/rt/ops.ts';
import type { Thread } from '../kernel/rt/thread.ts';
import type { Tracer } from '../kernel/rt/trace.ts';
import { runExecution, type ExecutionResult } from '../explorer/execution.ts';
import type { Monitor } from '../explorer/monitor.ts';
import type { Program } from '../explorer/program.ts';
import type { Choices } from '../explorer/scheduler.ts';
import { ReplayScheduler } from '../explorer/strategies/replay.ts';
import type { PoolSnapshot } from '../impl/pool-impl.ts';
import { PoolWorld } from '../scenarios/world.ts';
import { withSites, type Site } from './sites.ts';

export interface TraceEvent {
  readonly tid: number;
  /** kernel.steps when it ran (the scheduling step it belongs to). */
  readonly step: number;
  /** The step's scheduling point (the first event of a step), or merged into it. */
  readonly visible: boolean;
  readonly op: Op;
  readonly result: unknown;
  readonly site: Site;
  /** For wake_up: the threads it took off the wait queue. */
  readonly woke: readonly number[] | null;
}

/** How a thread stood when the execution ended. */
export type ThreadEnd =
  | { readonly kind: 'returned' }
  | { readonly kind: 'dead' }
  | { readonly kind: 'asleep'; readonly site: Site }
  | { readonly kind: 'waiting'; readonly op: Op; readonly site: Site; readonly enabled: boolean };

export interface RecordedRun {
  readonly result: ExecutionResult;
  readonly events: readonly TraceEvent[];
  /** Thread names by id (0 is the setup thread). */
  readonly threadNames: readonly string[];
  /** Concurrent thread ids (not setup, not teardown). */
  readonly workers: readonly number[];
  /** Pool state right after setup, after each concurrent step (by step number), and at the end. */
  readonly poolAfterSetup: PoolSnapshot | null;
  readonly poolAfterStep: ReadonlyMap<number, PoolSnapshot>;
  readonly poolAtEnd: PoolSnapshot | null;
  /** Steps after which the thread that took it was asleep. */
  readonly sleptAfter: ReadonlySet<number>;
  readonly ends: ReadonlyMap<number, ThreadEnd>;
}

export function recordRun<S>(program: Program<S>, choices: Choices, monitors: readonly Monitor[], maxSteps: number): RecordedRun {
  return withSites((siteOf) => {
    const events: TraceEvent[] = [];
    const queues = new Map<Loc, Set<number>>();
    const tracer: Tracer = {
      onOp(kernel: Kernel, thread: Thread, op: Op, result: unknown, visible: boolean): void {
        events.push({ tid: thread.id, step: kernel.steps, visible, op, result, site: siteOf(op), woke: trackQueues(queues, thread.id, op) });
      },
    };
    const poolAfterStep = new Map<number, PoolSnapshot>();
    const sleptAfter = new Set<number>();
    let poolAfterSetup: PoolSnapshot | null = null;
    const observer: Monitor = {
      name: 'report-observer',
      start(ctx) {
        poolAfterSetup = snapshot(ctx.setup, ctx.kernel);
        return null;
      },
      afterStep(ctx, tid) {
        const s = snapshot(ctx.setup, ctx.kernel);
        if (s !== null) poolAfterStep.set(ctx.kernel.steps, s);
        if (ctx.kernel.threads[tid]?.isAsleep() === true) sleptAfter.add(ctx.kernel.steps);
        return null;
      },
    };
    const result = runExecution(program, new ReplayScheduler(choices), [observer, ...monitors], { maxSteps, tracer });
    const kernel = result.kernel;
    const threads = kernel.threads;
    const workers = threads.filter((t) => t.id !== 0 && t.name !== 'teardown').map((t) => t.id);
    const ends = new Map<number, ThreadEnd>();
    for (const t of threads) ends.set(t.id, threadEnd(t, kernel.isEnabled(t), siteOf));
    return {
      result,
      events,
      threadNames: threads.map((t) => t.name),
      workers,
      poolAfterSetup,
      poolAfterStep,
      poolAtEnd: snapshot(result.setup, kernel),
      sleptAfter,
      ends,
    };
  });
}

function snapshot(setup: unknown, kernel: Kernel): PoolSnapshot | null {
  return setup instanceof PoolWorld && !setup.destroyed ? setup.snapshot(kernel) : null;
}

/** Wait-queue membership as the events change it; a wake_up empties the queue (wakes every waiter). */
export function trackQueues(queues: Map<Loc, Set<number>>, tid: number, op: Op): readonly number[] | null {
  const queue = (wq: Loc): Set<number> => {
    let q = queues.get(wq);
    if (q === undefined) {
      q = new Set();
      queues.set(wq, q);
    }
    return q;
  };
  switch (op.kind) {
    case 'prepare_to_wait':
      queue(op.wq).add(tid);
      return null;
    case 'finish_wait':
      queue(op.wq).delete(tid);
      return null;
    case 'wake_up': {
      const q = queue(op.wq);
      const woke = [...q].sort((a, b) => a - b);
      q.clear();
      return woke;
    }
    default:
      return null;
  }
}

function threadEnd(t: Thread, enabled: boolean, siteOf: (op: Op) => Site): ThreadEnd {
  if (t.status === 'done') return { kind: 'returned' };
  if (t.status === 'dead') return { kind: 'dead' };
  const op = t.pending;
  if (op === null) return { kind: 'dead' };
  return t.isAsleep() ? { kind: 'asleep', site: siteOf(op) } : { kind: 'waiting', op, site: siteOf(op), enabled };
}
