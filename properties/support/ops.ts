/**
 * Pool operations as the history shows them: the thread program brackets each call with `invoke` and
 * `return` marks (scenarios/interpreter.ts), and every allocator call the thread makes in between
 * belongs to that operation. The tracker reads `kernel.history` incrementally (monitors call `sync`
 * after every step; with nothing new it costs one comparison) and tells a listener what it finds.
 */
import type { HistoryEvent } from '../../kernel/rt/history.ts';
import type { PointerNames, StateSink } from '../../kernel/rt/state.ts';
import type { InvokedOp } from '../../scenarios/interpreter.ts';
import { tidText, writeInvoked } from './state-keys.ts';

export type CallEvent = Extract<HistoryEvent, { kind: 'alloc' | 'free' }>;

export interface TrackedOp {
  /** Position in invocation order. */
  readonly index: number;
  readonly tid: number;
  readonly op: InvokedOp;
  /** History index of the invoke mark. */
  readonly invokeAt: number;
  /** Scheduling step of the invoke mark. */
  readonly invokeStep: number;
  /** History index of the return mark; -1 while the operation is in flight. */
  returnAt: number;
  /** The returned value (alloc: the element or NULL; resize: 0 or -ENOMEM). */
  value: number;
  /** Allocator calls the operation made, in order (the tracker appends; nobody else changes it). */
  calls: readonly CallEvent[];
}

/** What a monitor writes about an operation in flight (OpTracker.writeFlight): a method, so that a fork makes no closure. */
export interface FlightFacts {
  writeFacts(op: TrackedOp, out: StateSink, names: PointerNames): void;
}

export interface OpListener {
  onInvoke?(op: TrackedOp): void;
  /** An allocator call; `op` is undefined for calls outside any marked operation (create, teardown). */
  onCall?(event: CallEvent, op: TrackedOp | undefined): void;
  onReturn?(op: TrackedOp): void;
}

const isInvokedOp = (data: unknown): data is InvokedOp =>
  typeof data === 'object' && data !== null && typeof (data as { op?: unknown }).op === 'string';

export class OpTracker {
  readonly ops: TrackedOp[] = [];
  /** The operation each thread has in flight, by thread id. */
  readonly current: (TrackedOp | undefined)[] = [];
  private cursor = 0;
  /**
   * The in-flight operations this tracker alone holds. Any other in-flight one is shared with the
   * tracker it was copied from or to, and is replaced by a copy of its own before it changes (copy on
   * write: a fork costs the number of operations, not their records or calls, which the grow/shrink
   * ping-pong makes unbounded).
   */
  private readonly owned = new Set<TrackedOp>();

  reset(): void {
    // Setting an array's length is a runtime call even when it changes nothing: a fork resets a new tracker.
    if (this.ops.length !== 0) this.ops.length = 0;
    if (this.current.length !== 0) this.current.length = 0;
    this.cursor = 0;
    this.owned.clear();
  }

  /**
   * Become a copy of `src` (for a monitor's fork), the read position kept (a forked kernel has the
   * same history up to it). Both then share every operation record: one that returned never changes
   * again, and one in flight is copied by whichever tracker changes it first (`ownCurrent`).
   */
  copyFrom(src: OpTracker): void {
    this.reset();
    for (const op of src.ops) this.ops.push(op);
    for (let tid = 0; tid < src.current.length; tid++) this.current[tid] = src.current[tid];
    this.cursor = src.cursor;
    src.owned.clear();
  }

  /** The operation thread `tid` has in flight, as this tracker's own record (copied if shared). */
  private ownCurrent(tid: number, op: TrackedOp, withCalls: boolean): TrackedOp {
    if (this.owned.has(op)) return op;
    // Written out field by field: the same shape as a new record, and much cheaper than a spread.
    const copy: TrackedOp = {
      index: op.index,
      tid: op.tid,
      op: op.op,
      invokeAt: op.invokeAt,
      invokeStep: op.invokeStep,
      returnAt: op.returnAt,
      value: op.value,
      calls: withCalls ? op.calls.slice() : op.calls,
    };
    this.ops[op.index] = copy;
    this.current[tid] = copy;
    if (withCalls) this.owned.add(copy);
    return copy;
  }

  /** Process the history events added since the last call. */
  sync(history: readonly HistoryEvent[], listener: OpListener | null = null): void {
    while (this.cursor < history.length) {
      const at = this.cursor;
      const e = history[at] as HistoryEvent;
      this.cursor += 1;
      if (e.kind !== 'mark') {
        const current = this.current[e.tid];
        const op = current === undefined ? undefined : this.ownCurrent(e.tid, current, true);
        if (op !== undefined) (op.calls as CallEvent[]).push(e);
        listener?.onCall?.(e, op);
        continue;
      }
      if (e.mark.tag === 'invoke' && isInvokedOp(e.mark.data)) {
        const op: TrackedOp = { index: this.ops.length, tid: e.tid, op: e.mark.data, invokeAt: at, invokeStep: e.step, returnAt: -1, value: 0, calls: [] };
        this.ops.push(op);
        this.owned.add(op);
        this.current[e.tid] = op;
        listener?.onInvoke?.(op);
      } else if (e.mark.tag === 'return') {
        const current = this.current[e.tid];
        if (current === undefined) continue;
        // Its calls are final now: a copy may keep sharing them.
        const op = this.ownCurrent(e.tid, current, false);
        op.returnAt = at;
        op.value = typeof e.mark.data === 'number' ? e.mark.data : 0;
        this.current[e.tid] = undefined;
        this.owned.delete(op);
        listener?.onReturn?.(op);
      }
    }
  }

  /**
   * The operations in flight as fingerprint tokens, by thread id (how many, then each: the thread, the
   * operation and its arguments, and what `facts` writes about it: the facts about its calls a
   * monitor's future verdicts use; never a count of calls or a history index, since a resize in the
   * grow/shrink ping-pong makes calls forever). Nothing when none is in flight.
   */
  writeFlight(out: StateSink, names: PointerNames, facts: FlightFacts | null = null): void {
    let n = 0;
    for (const op of this.current) if (op !== undefined) n += 1;
    if (n === 0) return;
    out.num(n);
    for (let tid = 0; tid < this.current.length; tid++) {
      const op = this.current[tid];
      if (op === undefined) continue;
      out.text(tidText(tid));
      writeInvoked(op.op, out);
      facts?.writeFacts(op, out, names);
    }
  }

  /** Elements handed to mempool_free by operations still in flight (nowhere else for the moment). */
  inFlightFrees(): number[] {
    const out: number[] = [];
    for (const op of this.current) if (op !== undefined && op.op.op === 'free' && op.op.element !== 0) out.push(op.op.element);
    return out;
  }
}
