/**
 * The history of one execution as the model sees it: one Observation per pool operation (the call,
 * the allocator calls it made, how it ended), with its place in real time. The final destroy run by
 * the teardown thread has no marks; it is added as one last operation when it ran.
 */
import type { EndKind } from '../../explorer/monitor.ts';
import { faultClassOf } from '../../kernel/rt/faults.ts';
import { gfpName } from '../../kernel/rt/gfp.ts';
import type { Kernel } from '../../kernel/rt/kernel.ts';
import type { CallEvent, TrackedOp } from '../support/ops.ts';
import type { AllocatorCall, ModelOp, Observation, Outcome } from './model-api.ts';

/** The setup thread runs the sequential prefix, whose effect is in the initial state already. */
const SETUP_TID = 0;

export interface ObservedOp {
  readonly observation: Observation;
  readonly invokeAt: number;
  readonly returnAt: number | null;
  readonly tid: number;
  readonly label: string;
}

export function toCall(kernel: Kernel, e: CallEvent): AllocatorCall {
  if (e.kind === 'alloc') return { call: 'alloc', cls: faultClassOf(e.api), gfp: e.gfp, result: e.result };
  const block = kernel.allocators.freed.get(e.ptr) ?? kernel.allocators.live.get(e.ptr);
  return { call: 'free', cls: block?.cls ?? (e.api === 'kfree' ? 'meta' : 'element'), ptr: e.ptr };
}

function outcomeOf(kernel: Kernel, op: TrackedOp, end: EndKind): Outcome {
  if (op.returnAt >= 0) return { kind: 'returned', value: op.value };
  const t = kernel.threads[op.tid];
  if (t?.status === 'dead') return { kind: 'bug' };
  if (end === 'blocked' && t !== undefined && t.isAsleep()) return { kind: 'blocked' };
  return { kind: 'pending' };
}

export function labelOf(kernel: Kernel, tid: number, op: ModelOp, outcome: Outcome): string {
  const name = (p: number): string => kernel.allocators.name(p);
  const call =
    op.op === 'alloc' ? `alloc(${gfpName(op.gfp)})` : op.op === 'free' ? `free(${name(op.element)})` : op.op === 'resize' ? `resize(${op.n})` : op.op;
  const who = tid === 0 ? 'setup' : kernel.threads[tid]?.name ?? `T${tid}`;
  const value = op.op === 'alloc' ? name(outcome.kind === 'returned' ? outcome.value : 0) : outcome.kind === 'returned' ? String(outcome.value) : '';
  const tail = outcome.kind === 'returned' ? ` -> ${value}` : ` (${outcome.kind})`;
  return `${who} ${call}${tail}`;
}

/** The operations of the concurrent threads (not the setup's prefix), plus the teardown's destroy if it ran. */
export function observe(kernel: Kernel, ops: readonly TrackedOp[], end: EndKind): ObservedOp[] {
  const out: ObservedOp[] = [];
  for (const op of ops) {
    if (op.tid === SETUP_TID) continue;
    const outcome = outcomeOf(kernel, op, end);
    const observation: Observation = { op: op.op, calls: op.calls.map((e) => toCall(kernel, e)), outcome };
    out.push({ observation, invokeAt: op.invokeAt, returnAt: op.returnAt >= 0 ? op.returnAt : null, tid: op.tid, label: labelOf(kernel, op.tid, op.op, outcome) });
  }
  const teardown = kernel.threads.find((t) => t.name === 'teardown');
  if (teardown !== undefined && teardown.status === 'done') {
    const calls: AllocatorCall[] = [];
    let first = -1;
    kernel.history.forEach((e, i) => {
      if (e.tid !== teardown.id || e.kind === 'mark') return;
      if (first < 0) first = i;
      calls.push(toCall(kernel, e));
    });
    if (first >= 0) {
      const outcome: Outcome = { kind: 'returned', value: 0 };
      const op: ModelOp = { op: 'destroy' };
      const at = kernel.history.length;
      out.push({ observation: { op, calls, outcome }, invokeAt: at, returnAt: at + 1, tid: teardown.id, label: labelOf(kernel, teardown.id, op, outcome) });
    }
  }
  return out;
}
