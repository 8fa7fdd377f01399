/**
 * A call of a C function as the kernel runs it: an iterator of kernel operations (what `yield*` and the
 * Kernel's `gen.next(answer)` drive) whose state is the interpreter's explicit frames, not a JavaScript
 * generator. So it can say what state it is in (`writeState`, the ExplicitThreadState of
 * kernel/rt/state.ts: a world fingerprint sees the thread's function, position and locals) and be
 * copied and put back (`snapshot`/`restore`, for a search that restores states instead of re-running).
 */
import type { Gen, Op } from '../kernel/rt/ops.ts';
import { WaitEntry } from '../kernel/rt/ops.ts';
import type { StateSink } from '../kernel/rt/state-sink.ts';
import type { NamedLocal } from '../kernel/rt/state-sink.ts';
import type { CFunction, CValue } from './cfg.ts';
import { Frame, Machine, type PlainStore } from './machine.ts';
import type { OrderRecord } from './operand-order.ts';

/** A copy of a thread's frames. Wait entries are shared with the kernel's wait queues, so kept by reference. */
export interface CThreadSnapshot {
  readonly frames: readonly { readonly fn: CFunction; readonly pc: number; readonly locals: readonly CValue[]; readonly stack: readonly CValue[]; readonly viaPointer: boolean }[];
  readonly awaiting: ReturnType<Machine['awaiting']>;
  readonly orders: readonly OrderRecord[];
  readonly issued: number;
  readonly done: boolean;
  readonly result: CValue;
}

/** The C function's return value as it is (a thread that runs a function for its own sake). */
const asIs = (v: CValue): CValue => v;

/**
 * `R`: what the call gives its caller, made from the C return value by `finish` (a pool operation's
 * number: mempool_alloc's pointer, mempool_resize's status), so that a pool operation can be the
 * CThread itself rather than a generator around it (a generator's state could not be copied).
 */
export class CThread<R = CValue> implements Gen<R> {
  private readonly m: Machine;

  constructor(
    functions: readonly CFunction[],
    entry: CFunction,
    args: readonly CValue[],
    plain: PlainStore,
    creating: boolean,
    private readonly finish: (v: CValue) => R = asIs as (v: CValue) => R,
  ) {
    this.m = Machine.call(functions, entry, args, plain, creating);
  }

  next(answer?: unknown): IteratorResult<Op, R> {
    const op = this.m.done ? null : this.m.step(answer);
    return op === null ? { done: true, value: this.finish(this.m.result) } : { done: false, value: op };
  }

  return(value: R): IteratorResult<Op, R> {
    this.m.done = true;
    return { done: true, value };
  }

  throw(e: unknown): IteratorResult<Op, R> {
    this.m.done = true;
    throw e;
  }

  [Symbol.iterator](): this {
    return this;
  }

  /**
   * The frames as fingerprint tokens (kernel/rt/state.ts ExplicitThreadState): function, position and
   * held values of each, then the operand-order records in evaluation (answer, operations the first
   * operand issued, operations issued since it began). Equal tokens: equal thread states.
   */
  writeState(out: StateSink): void {
    out.text(this.m.done ? 'done' : 'running');
    out.num(this.m.frames.length);
    for (const f of this.m.frames) {
      out.text(f.fn.name);
      out.num(f.pc);
      out.num(f.viaPointer ? 1 : 0);
      writeValues(f.locals, out);
      writeValues(f.stack, out);
    }
    out.num(this.m.orders.length);
    for (const r of this.m.orders) {
      out.num(r.answer);
      out.num(r.firstOps);
      out.num(this.m.issued - r.start);
    }
  }

  namedLocals(): NamedLocal[] {
    const out: NamedLocal[] = [];
    for (const f of this.m.frames) {
      f.fn.localNames.forEach((name, slot) => {
        if (name !== '') out.push({ fn: f.fn.name, name, value: f.locals[slot] });
      });
    }
    return out;
  }

  snapshot(): CThreadSnapshot {
    return {
      frames: this.m.frames.map((f) => ({ fn: f.fn, pc: f.pc, locals: f.locals.slice(), stack: f.stack.slice(), viaPointer: f.viaPointer })),
      awaiting: this.m.awaiting(),
      orders: this.m.orders.map((r) => ({ ...r })),
      issued: this.m.issued,
      done: this.m.done,
      result: this.m.result,
    };
  }

  /**
   * Puts the frames back. `mapValue` translates the values held (for a copy of the whole world: its
   * wait entries are the copy's, the same objects its wait queues hold); by default they are kept.
   */
  restore(s: CThreadSnapshot, mapValue: (v: CValue) => CValue = asIs): void {
    // Popped, not `length = 0` (a runtime call in V8 even on an empty array; the restore is per run).
    while (this.m.frames.length !== 0) this.m.frames.pop();
    for (const f of s.frames) {
      const frame = new Frame(f.fn, f.locals.map(mapValue), f.viaPointer);
      frame.pc = f.pc;
      for (const v of f.stack) frame.stack.push(mapValue(v));
      this.m.frames.push(frame);
    }
    this.m.restoreAwaiting(s.awaiting);
    while (this.m.orders.length !== 0) this.m.orders.pop();
    for (const r of s.orders) this.m.orders.push({ ...r });
    this.m.issued = s.issued;
    this.m.done = s.done;
    this.m.result = mapValue(s.result);
  }
}

/** `cache3`: a kmem_cache a frame holds, by its id (made once each: the fingerprint writes it after every step). */
const cacheTexts = new Map<number | undefined, string>();
function cacheText(id: number | undefined): string {
  let text = cacheTexts.get(id);
  if (text === undefined) {
    text = `cache${id ?? '?'}`;
    cacheTexts.set(id, text);
  }
  return text;
}

/** Values held by a frame, preceded by their count (a module function: the fingerprint writes it after every step). */
function writeValues(values: readonly CValue[], out: StateSink): void {
  out.num(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as CValue;
    if (typeof v === 'number') out.word(v);
    else if (v instanceof WaitEntry) out.text(v.queued ? 'wait(queued)' : 'wait(-)');
    else out.text(cacheText((v as { id?: number }).id));
  }
}
