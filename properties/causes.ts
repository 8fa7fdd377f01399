/**
 * Causes of known findings: what produces a failure, as a predicate evaluated on the failing execution.
 * A known finding excuses a failure of its property only when its cause holds on that execution
 * (run/known.ts); a failure of the same property that the cause does not explain is a new finding.
 * Causes are named (a string key into CAUSES) so that a project file can refer to them.
 *
 * The predicates read the execution's history (every pool operation with the allocator calls it made,
 * in real-time order), the kernel at the end and the scenario. A waiter's sleep is not in the history;
 * "while a waiter slept" is read as "after the waiter's last failed allocator call", which in
 * mempool_alloc precedes its sleep (L218, then L222-262) with nothing in between that adds an element.
 */
import type { ExecutionResult } from '../explorer/execution.ts';
import type { Violation } from '../explorer/monitor.ts';
import { faultClassOf } from '../kernel/rt/faults.ts';
import type { Scenario } from '../scenarios/spec.ts';
import { PoolWorld } from '../scenarios/world.ts';
import { OpTracker, type TrackedOp } from './support/ops.ts';

export interface CauseContext {
  readonly scenario: Scenario;
  readonly result: ExecutionResult;
  readonly violation: Violation;
}

export interface Cause {
  /** What every execution it explains involves, as a sentence. */
  readonly statement: string;
  holds(ctx: CauseContext): boolean;
}

/** The pool operations of an execution, tracked from its history. */
function opsOf(result: ExecutionResult): readonly TrackedOp[] {
  const tracker = new OpTracker();
  tracker.sync(result.kernel.history);
  return tracker.ops;
}

/**
 * History index after which thread `tid` has been waiting: its current alloc's last failed allocator
 * call (the full-mask alloc_fn of L218 before it went to sleep). Null when it is not inside an alloc
 * whose last call failed.
 */
function waitingSince(ops: readonly TrackedOp[], tid: number, result: ExecutionResult): number | null {
  const op = [...ops].reverse().find((o) => o.tid === tid);
  if (op === undefined || op.op.op !== 'alloc' || op.returnAt >= 0) return null;
  const last = op.calls[op.calls.length - 1];
  if (last === undefined || last.kind !== 'alloc' || last.result !== 0) return null;
  return result.kernel.history.indexOf(last);
}

/** Threads a liveness violation is about: its own thread, else every thread asleep at the end. */
function waiters(ctx: CauseContext): number[] {
  if (ctx.violation.tid !== undefined) return [ctx.violation.tid];
  return ctx.result.kernel.threads.filter((t) => t.status === 'ready' && t.isAsleep()).map((t) => t.id);
}

const hasResize = (s: Scenario): boolean => [s.prefix, ...s.threads.map((t) => t.commands)].some((cs) => cs.some((c) => c.op === 'resize'));

/** A grow: mempool_resize allocates its new array (kmalloc_array, L149) only when growing. */
const isGrow = (o: TrackedOp): boolean => o.op.op === 'resize' && o.calls.some((c) => c.kind === 'alloc' && faultClassOf(c.api) === 'meta');
const isShrink = (o: TrackedOp): boolean => o.op.op === 'resize' && !isGrow(o);

const endOf = (o: TrackedOp): number => (o.returnAt < 0 ? Number.POSITIVE_INFINITY : o.returnAt);

/**
 * A resize whose refill kept an element (allocated at L169, not handed back to free_fn at L177) and
 * that was still running after history index `after`: its add_element (L174), which comes after the
 * allocation and before the return, may have happened after `after`.
 */
function refilledAfter(o: TrackedOp, after: number): boolean {
  if (o.op.op !== 'resize' || endOf(o) <= after) return false;
  return o.calls.some(
    (c) => c.kind === 'alloc' && c.result !== 0 && faultClassOf(c.api) === 'element' && !o.calls.some((f) => f.kind === 'free' && f.ptr === c.result),
  );
}

export const CAUSES = {
  'zero-min-free-releases': {
    statement:
      'the pool has min_nr 0 and no resize, and a mempool_free that began after the waiter last failed to allocate gave its element to free_fn (L327): curr_nr < min_nr (L317) is never true, so no free refills or wakes',
    holds(ctx) {
      if (ctx.scenario.min_nr !== 0 || hasResize(ctx.scenario)) return false;
      const ops = opsOf(ctx.result);
      return waiters(ctx).some((tid) => {
        const since = waitingSince(ops, tid, ctx.result);
        return since !== null && ops.some((o) => o.op.op === 'free' && o.op.element !== 0 && o.invokeAt > since && o.calls.some((c) => c.kind === 'free'));
      });
    },
  },
  'zero-min-no-refill': {
    statement:
      'the pool has min_nr 0 and no resize, and the failing thread waits in mempool_alloc: curr_nr < min_nr (L317) is never true, so no free refills the reserve or wakes a waiter',
    holds(ctx) {
      if (ctx.scenario.min_nr !== 0 || hasResize(ctx.scenario)) return false;
      const ops = opsOf(ctx.result);
      return waiters(ctx).some((tid) => waitingSince(ops, tid, ctx.result) !== null);
    },
  },
  'resize-refill-no-wake': {
    statement:
      'a mempool_resize whose refill kept an element (L169-174) was still running after the waiter last failed to allocate, and resize never calls wake_up',
    holds(ctx) {
      const ops = opsOf(ctx.result);
      return waiters(ctx).some((tid) => {
        const since = waitingSince(ops, tid, ctx.result);
        return since !== null && ops.some((o) => refilledAfter(o, since));
      });
    },
  },
  'grow-shrink-ping-pong': {
    // Judged on the cycle, not on the prefix: which element the shrink frees in the one recorded round
    // depends on how the run got into the cycle (an element a free put back, or one the grow
    // allocated), but every round the refill allocates one (L169) and the shrink frees one (L140), and
    // since the round returns the pool to the same state, from the second round on the shrink frees
    // what the refill allocated the round before.
    statement:
      "a grow and a shrink pass elements back and forth: in the livelock's cycle a growing mempool_resize's refill allocates an element (L169) and a shrinking one frees an element (L140), neither returning",
    holds(ctx) {
      const lasso = ctx.result.lasso;
      if (ctx.result.end !== 'livelock' || lasso === undefined) return false;
      const inCycle = (c: { readonly step: number }): boolean => c.step > lasso.prefixSteps;
      const ops = opsOf(ctx.result).filter((o) => o.returnAt < 0);
      const refills = ops.filter(isGrow).some((g) => g.calls.some((c) => c.kind === 'alloc' && c.result !== 0 && faultClassOf(c.api) === 'element' && inCycle(c)));
      const frees = ops.filter(isShrink).some((s) => s.calls.some((c) => c.kind === 'free' && inCycle(c)));
      return refills && frees;
    },
  },
  'free-races-grow': {
    statement:
      "the failing mempool_free did not end before a growing mempool_resize began: its lockless test (L317) read curr_nr and min_nr around the grow's stores (L165, L174), at different moments or, under weak memory, from before them (nothing orders a grow's stores before a lockless reader that never took the lock, even after the grow returned)",
    holds(ctx) {
      const tid = ctx.violation.tid;
      const ops = opsOf(ctx.result);
      const free = tid === undefined ? undefined : [...ops].reverse().find((o) => o.tid === tid && o.op.op === 'free' && o.invokeStep <= ctx.violation.step);
      // LINEARIZABLE names no thread: any free that did not end before a grow began.
      const frees = free === undefined ? ops.filter((o) => o.op.op === 'free' && o.op.element !== 0) : [free];
      return ops.some((g) => isGrow(g) && frees.some((f) => g.invokeAt < endOf(f)));
    },
  },
} satisfies Record<string, Cause>;

export type CauseKey = keyof typeof CAUSES;

export const causeKeys = (): CauseKey[] => Object.keys(CAUSES) as CauseKey[];

export function causeNamed(key: string): Cause {
  const c = (CAUSES as Record<string, Cause>)[key];
  if (c === undefined) throw new RangeError(`unknown cause '${key}' (known: ${causeKeys().join(', ')})`);
  return c;
}

/** Whether `world` (an execution's setup value) is a pool scenario's: causes only apply to those. */
export const isPoolRun = (result: ExecutionResult): boolean => result.setup instanceof PoolWorld;
