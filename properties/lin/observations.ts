/**
 * The history of one execution as the model sees it: one Observation per pool operation (the call,
 * the allocator calls it made, how it ended), with its place in real time. The final destroy run by
 * the teardown thread has no marks; it is added as one last operation when it ran.
 *
 * Each operation also gets a `key` (equal for equal observations) so that the monitor can reuse plans
 * and whole verdicts across the many executions that produce the same history.
 */
import type { EndKind } from '../../explorer/monitor.ts';
import { faultClassOf } from '../../kernel/rt/faults.ts';
import { __GFP_ZERO, gfpName } from '../../kernel/rt/gfp.ts';
import type { AllocApi } from '../../kernel/rt/ops.ts';
import type { Kernel } from '../../kernel/rt/kernel.ts';
import type { CallEvent, TrackedOp } from '../support/ops.ts';
import type { AllocatorCall, ModelOp, Observation, Outcome } from './model-api.ts';
import type { Readable } from '../../model/types.ts';

/** The setup thread runs the sequential prefix, whose effect is in the initial state already. */
export const SETUP_TID = 0;

export class ObservedOp {
  readonly key: string;

  constructor(
    private readonly kernel: Kernel,
    readonly tid: number,
    readonly observation: Observation,
    readonly invokeAt: number,
    readonly returnAt: number | null,
  ) {
    this.key = keyOf(observation);
  }

  /** `T2 alloc(GFP_KERNEL) -> e0.1`, built on demand (messages only). */
  label(): string {
    return labelOf(this.kernel, this.tid, this.observation.op, this.observation.outcome);
  }
}

/**
 * An allocation as the model reads it: its class, and the mask it allocates with. kzalloc_node is
 * kmalloc_node with __GFP_ZERO (include/linux/slab.h), so its mask carries the flag: the seed's
 * `kzalloc_node(size, gfp)` and v6.x's `kmalloc_node(size, gfp | __GFP_ZERO)` are the same call.
 */
export function allocationCall(api: AllocApi, gfp: number, result: number): Extract<AllocatorCall, { call: 'alloc' }> {
  return { call: 'alloc', cls: faultClassOf(api), gfp: api === 'kzalloc_node' ? gfp | __GFP_ZERO : gfp, result };
}

export function toCall(kernel: Kernel, e: CallEvent): AllocatorCall {
  if (e.kind === 'alloc') return allocationCall(e.api, e.gfp, e.result);
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

function keyOf(obs: Observation): string {
  const op = obs.op;
  let key = op.op === 'alloc' ? `a${op.gfp}` : op.op === 'free' ? `f${op.element}${op.readable ? `~${op.readable.curr_nr},${op.readable.min_nr}` : ''}` : op.op === 'resize' ? `r${op.n}` : op.op === 'create' ? `c${op.min_nr}` : 'd';
  for (const c of obs.calls) key += c.call === 'alloc' ? `+${c.cls[0]}${c.gfp}=${c.result}` : `-${c.cls[0]}${c.ptr}`;
  const o = obs.outcome;
  return `${key}${o.kind === 'returned' ? `>${o.value}` : `!${o.kind}`}`;
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

/** The operation as the model sees it: under weak memory a free carries what its unlocked test could read (stores older than its call), once it decided. */
export function modelOpOf(op: TrackedOp, readable: ReadonlyMap<number, Readable> | undefined): ModelOp {
  const r = op.op.op === 'free' ? readable?.get(op.index) : undefined;
  return r === undefined || op.op.op !== 'free' ? op.op : { ...op.op, readable: r };
}

/** The operations of the concurrent threads (not the setup's prefix), plus the teardown's destroy if it ran. */
export function observe(kernel: Kernel, ops: readonly TrackedOp[], end: EndKind, readable?: ReadonlyMap<number, Readable>): ObservedOp[] {
  const out: ObservedOp[] = [];
  for (const op of ops) {
    if (op.tid === SETUP_TID) continue;
    const modelOp = modelOpOf(op, readable);
    const observation: Observation = { op: modelOp, calls: op.calls.map((e) => toCall(kernel, e)), outcome: outcomeOf(kernel, op, end) };
    out.push(new ObservedOp(kernel, op.tid, observation, op.invokeAt, op.returnAt >= 0 ? op.returnAt : null));
  }
  const teardown = kernel.threads.find((t) => t.name === 'teardown');
  if (teardown !== undefined && teardown.status === 'done') {
    const calls: AllocatorCall[] = [];
    for (const e of kernel.history) if (e.tid === teardown.id && e.kind !== 'mark') calls.push(toCall(kernel, e));
    if (calls.length > 0) {
      const at = kernel.history.length;
      out.push(new ObservedOp(kernel, teardown.id, { op: { op: 'destroy' }, calls, outcome: { kind: 'returned', value: 0 } }, at, at + 1));
    }
  }
  return out;
}

/** Equal for histories with equal observations in the same real-time order of invocations and returns. */
export function historyKey(ops: readonly ObservedOp[]): string {
  const marks: [number, string][] = [];
  ops.forEach((o, i) => {
    marks.push([o.invokeAt, `<${i}`]);
    if (o.returnAt !== null) marks.push([o.returnAt, `>${i}`]);
  });
  marks.sort((a, b) => a[0] - b[0]);
  return `${ops.map((o) => `${o.tid}:${o.key}`).join(';')}#${marks.map((m) => m[1]).join('')}`;
}
