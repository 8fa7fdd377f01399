/**
 * A call of a C function as the kernel runs it: an iterator of kernel operations (what `yield*` and the
 * Kernel's `gen.next(answer)` drive) whose state is the interpreter's explicit frames, not a JavaScript
 * generator. So it can say what state it is in (`stateKey`, the ExplicitThreadState of
 * kernel/rt/state.ts: a world fingerprint sees the thread's function, position and locals) and be
 * copied and put back (`snapshot`/`restore`, for a search that restores states instead of re-running).
 */
import type { Gen, Op } from '../kernel/rt/ops.ts';
import { WaitEntry } from '../kernel/rt/ops.ts';
import type { CFunction, CValue } from './cfg.ts';
import { Frame, Machine, type PlainStore } from './machine.ts';
import type { OrderRecord } from './operand-order.ts';

/** How pointers are written in a state key (kernel/rt/state.ts PointerNames: element identities renamed). */
export interface ValueNames {
  value(v: number): string;
}

/** A copy of a thread's frames. Wait entries are shared with the kernel's wait queues, so kept by reference. */
export interface CThreadSnapshot {
  readonly frames: readonly { readonly fn: CFunction; readonly pc: number; readonly locals: readonly CValue[]; readonly stack: readonly CValue[]; readonly viaPointer: boolean }[];
  readonly awaiting: ReturnType<Machine['awaiting']>;
  readonly orders: readonly OrderRecord[];
  readonly issued: number;
  readonly done: boolean;
  readonly result: CValue;
}

export class CThread implements Gen<CValue> {
  private readonly m: Machine;

  constructor(functions: readonly CFunction[], entry: CFunction, args: readonly CValue[], plain: PlainStore, creating: boolean) {
    this.m = Machine.call(functions, entry, args, plain, creating);
  }

  next(answer?: unknown): IteratorResult<Op, CValue> {
    const op = this.m.done ? null : this.m.step(answer);
    return op === null ? { done: true, value: this.m.result } : { done: false, value: op };
  }

  return(value: CValue): IteratorResult<Op, CValue> {
    this.m.done = true;
    return { done: true, value };
  }

  throw(e: unknown): IteratorResult<Op, CValue> {
    this.m.done = true;
    throw e;
  }

  [Symbol.iterator](): this {
    return this;
  }

  /** The frames as text, pointers through `names` (equal keys: equal thread states). */
  stateKey(names: ValueNames): string {
    const value = (v: CValue): string => (typeof v === 'number' ? names.value(v) : v instanceof WaitEntry ? `wait(${v.queued ? 'queued' : '-'})` : `cache${(v as { id?: number }).id ?? '?'}`);
    const frames = this.m.frames.map((f) => `${f.fn.name}@${f.pc}${f.viaPointer ? '*' : ''}(${f.locals.map(value).join(',')}|${f.stack.map(value).join(',')})`);
    // Pairs in evaluation (answer, operations the first operand issued, issued since it began).
    const orders = this.m.orders.map((r) => `[${r.answer}:${r.firstOps}:${this.m.issued - r.start}]`).join('');
    return `${this.m.done ? 'done ' : ''}${frames.join(' > ')}${orders}`;
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

  restore(s: CThreadSnapshot): void {
    this.m.frames.length = 0;
    for (const f of s.frames) {
      const frame = new Frame(f.fn, f.locals.slice(), f.viaPointer);
      frame.pc = f.pc;
      frame.stack.push(...f.stack);
      this.m.frames.push(frame);
    }
    this.m.restoreAwaiting(s.awaiting);
    this.m.orders.length = 0;
    for (const r of s.orders) this.m.orders.push({ ...r });
    this.m.issued = s.issued;
    this.m.done = s.done;
    this.m.result = s.result;
  }
}
