/**
 * One traced operation in the kernel's own terms, with what it saw: `spin_lock_irqsave(pool->lock)`,
 * `load pool->curr_nr = 1`, `kmem_cache_alloc(GFP_KERNEL|NOWARN|NORETRY|NOMEMALLOC) = e2.1`,
 * `wake_up(pool->wait): wakes T1`, `call mempool_alloc(GFP_KERNEL)` for the program's own marks.
 */
import { match } from 'ts-pattern';
import { gfpName } from '../kernel/rt/gfp.ts';
import type { Op } from '../kernel/rt/ops.ts';
import type { InvokedOp } from '../scenarios/interpreter.ts';
import type { Namer } from '../run/names.ts';
import type { TraceEvent } from '../run/record.ts';

/** GFP masks without the `__GFP_` prefix on the extra flags: the forced ones make them long. */
export const shortGfp = (mask: number): string => gfpName(mask).replace(/__GFP_/g, '');

const ENOMEM = 12;

/** Describes events in order; keeps what it needs across them (the pool call a return belongs to). */
export class Describer {
  private readonly invoked = new Map<number, InvokedOp>();

  constructor(
    private readonly names: Namer,
    private readonly threadName: (tid: number) => string,
  ) {}

  describe(e: TraceEvent): string {
    const n = this.names;
    const value = (v: unknown): string => (typeof v === 'number' ? n.value(v) : String(v));
    return match<Op, string>(e.op)
      .with({ kind: 'load' }, (op) => `${loadName(op.order)} ${n.loc(op.loc)} = ${value(e.result)}`)
      .with({ kind: 'store' }, (op) =>
        op.order === 'plain' ? `store ${n.loc(op.loc)} := ${n.value(op.value)}` : `${storeName(op.order)}(${n.loc(op.loc)}, ${n.value(op.value)})`,
      )
      .with({ kind: 'rmw' }, (op) => `atomic update ${n.loc(op.loc)}: was ${value(e.result)}`)
      .with({ kind: 'await' }, (op) => `spin until READ_ONCE(${n.loc(op.loc)}) = ${value(e.result)}`)
      .with({ kind: 'fence' }, (op) => `smp_${op.fence}()`)
      .with({ kind: 'lock_init' }, (op) => `spin_lock_init(${n.loc(op.lock)})`)
      .with({ kind: 'lock' }, (op) => `${op.irqsave ? 'spin_lock_irqsave' : 'spin_lock'}(${n.loc(op.lock)})`)
      .with({ kind: 'unlock' }, (op) => `${op.irqrestore ? 'spin_unlock_irqrestore' : 'spin_unlock'}(${n.loc(op.lock)})`)
      .with({ kind: 'wq_init' }, (op) => `init_waitqueue_head(${n.loc(op.wq)})`)
      .with({ kind: 'wait_init' }, () => 'init_wait(&wait)')
      .with({ kind: 'prepare_to_wait' }, (op) => `prepare_to_wait(${n.loc(op.wq)}, ${op.state === 2 ? 'TASK_UNINTERRUPTIBLE' : op.state})`)
      .with({ kind: 'finish_wait' }, (op) => `finish_wait(${n.loc(op.wq)})`)
      .with({ kind: 'wake_up' }, (op) => `wake_up(${n.loc(op.wq)}): ${woke(e.woke, this.threadName)}`)
      .with({ kind: 'wq_active' }, (op) => `waitqueue_active(${n.loc(op.wq)}) = ${value(e.result)}`)
      .with({ kind: 'schedule_timeout' }, (op) =>
        e.result === 0 ? `io_schedule_timeout(${op.timeout}) = 0: the timeout fired` : `io_schedule_timeout(${op.timeout}) = ${value(e.result)}: woken`,
      )
      .with({ kind: 'might_sleep' }, () => 'might_sleep()')
      .with({ kind: 'bug' }, () => 'BUG()')
      .with({ kind: 'warn_once' }, () => 'WARN_ON_ONCE fires')
      .with({ kind: 'alloc' }, (op) => `${op.req.api}(${allocArgs(op.req)}) = ${n.ptr(e.result as number)}`)
      .with({ kind: 'free' }, (op) => `${op.api}(${n.ptr(op.ptr)})`)
      .with({ kind: 'cache_create' }, (op) => `kmem_cache_create("${op.name}", ${op.size})`)
      .with({ kind: 'kmemleak_update_trace' }, (op) => `kmemleak_update_trace(${n.ptr(op.ptr)})`)
      .with({ kind: 'mark' }, (op) => this.mark(e.tid, op.mark.tag, op.mark.data))
      .with({ kind: 'unsequenced' }, (op) => `unsequenced operands: ${operandText(e.result === 1 ? op.second : op.first, n)} first`)
      .exhaustive();
  }

  /** The thread program's own marks: the pool calls it makes and what they return. */
  private mark(tid: number, tag: string, data: unknown): string {
    if (tag === 'invoke' && isInvoked(data)) {
      this.invoked.set(tid, data);
      return `call ${callText(data, this.names)}`;
    }
    if (tag === 'return') {
      const call = this.invoked.get(tid);
      this.invoked.delete(tid);
      if (call !== undefined) return `${fnName(call)} returns${returnText(call, data, this.names)}`;
    }
    return `${tag} ${JSON.stringify(data)}`;
  }
}

/** An operand by its first operation: `min_nr` for a load of it (what "L317 evaluated min_nr first" names). */
function operandText(op: Op | null, n: Namer): string {
  if (op === null) return 'a constant operand';
  return op.kind === 'load' ? n.loc(op.loc) : `the operand starting with ${op.kind}`;
}

const loadName = (order: string): string =>
  match(order)
    .with('once', () => 'READ_ONCE')
    .with('acquire', () => 'smp_load_acquire')
    .otherwise(() => 'load');

const storeName = (order: string): string =>
  match(order)
    .with('once', () => 'WRITE_ONCE')
    .with('release', () => 'smp_store_release')
    .otherwise(() => 'store');

function allocArgs(req: Extract<Op, { kind: 'alloc' }>['req']): string {
  const gfp = shortGfp(req.gfp);
  return match(req.api)
    .with('kmem_cache_alloc', () => gfp)
    .with('alloc_pages', () => `${gfp}, order ${req.order}`)
    .otherwise(() => `${req.size}, ${gfp}`);
}

function woke(tids: readonly number[] | null, name: (tid: number) => string): string {
  if (tids === null || tids.length === 0) return 'nobody waiting';
  return `wakes ${tids.map(name).join(', ')}`;
}

function isInvoked(data: unknown): data is InvokedOp {
  return typeof data === 'object' && data !== null && 'op' in data;
}

const fnName = (call: InvokedOp): string => `mempool_${call.op}`;

function callText(call: InvokedOp, n: Namer): string {
  return match(call)
    .with({ op: 'alloc' }, (c) => `mempool_alloc(${shortGfp(c.gfp)})`)
    .with({ op: 'free' }, (c) => `mempool_free(${n.ptr(c.element)})`)
    .with({ op: 'resize' }, (c) => `mempool_resize(${c.n})`)
    .with({ op: 'destroy' }, () => 'mempool_destroy()')
    .exhaustive();
}

function returnText(call: InvokedOp, data: unknown, n: Namer): string {
  return match(call)
    .with({ op: 'alloc' }, () => ` ${typeof data === 'number' ? n.ptr(data) : String(data)}`)
    .with({ op: 'resize' }, () => (data === -ENOMEM ? ' -ENOMEM' : ` ${String(data)}`))
    .otherwise(() => '');
}
