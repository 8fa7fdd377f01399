/**
 * The interpreter: runs compiled C functions with explicit frames. A thread's whole state is data — the
 * frames (function, pc, locals, operand stack) — never a JavaScript generator, so it can be compared,
 * hashed and (later) copied. `step` runs until the next kernel operation and returns it; the caller
 * feeds the operation's result back into the next `step`.
 */
import type { Op } from '../kernel/rt/ops.ts';
import { ImplementationFault, WaitEntry } from '../kernel/rt/ops.ts';
import { explicitSites, opSites } from '../kernel/rt/trace.ts';
import { TRAPS } from './builtins.ts';
import {
  ACCESS_ORDERS, BIN, CALL, CALLP, CMP, CONST, CSIZE, DUP, FN_BASE, isLocalRef, JF, JMP, JT, KOP, LADDR, LOAD, LOCAL, LOCAL_BASE, LOCAL_SLOTS, NORM, OPEND, OPSPLIT, ORDER, PADD, PDIFF, PGET, POP, PSET, RET, SET, STORE, SWAP, TRAP, UN,
  type CFunction, type CValue, type Instr,
} from './cfg.ts';
import { CUnsupported } from './errors.ts';
import { K, KernelArgument, kernelOp } from './kernel-bindings.ts';
import { escapes, localSlot, localStep, makesLocalRefs, sameLocal } from './local-frames.ts';
import { compoundAfter, FIRST_THEN_SECOND, SECOND_THEN_FIRST, type OrderRecord } from './operand-order.ts';
import { arith, compare, normalize, unary } from './values.ts';

/** Set-once struct members (mempool_t's pool_data, alloc, free) by struct address: one per pool. */
export type PlainStore = Map<number, CValue[]>;

export class Frame {
  pc = 0;
  readonly stack: CValue[] = [];
  constructor(
    readonly fn: CFunction,
    readonly locals: CValue[],
    /** Called through a function pointer (an alloc_fn/free_fn callback): reports name its caller's line. */
    readonly viaPointer: boolean,
  ) {}
}

export class Machine {
  readonly frames: Frame[] = [];
  result: CValue = 0;
  done = false;
  /** Whether the next `step` pushes the answer to the operation it returned. */
  private pushAnswer = false;
  /** The ORDER whose `unsequenced` operation awaits its answer (null: none). */
  private ordering: { readonly first: Op | null; readonly second: Op | null; readonly swapped: number } | null = null;
  /** Pairs being evaluated as written, innermost last. */
  readonly orders: OrderRecord[] = [];
  /** Operations issued so far (what OPSPLIT/OPEND count). */
  issued = 0;

  constructor(
    private readonly functions: readonly CFunction[],
    first: Frame,
    private readonly plain: PlainStore,
    /** Set-once members may be written (only while the pool is being created, before it is shared). */
    private readonly plainWritable: boolean,
    /** A probe stops (returning null) when its frame at depth `stopDepth` reaches this pc; -1 for a thread. */
    private readonly stopAt = -1,
    private readonly stopDepth = 1,
  ) {
    this.frames.push(first);
  }

  /** A thread that calls `entry` with `args`. */
  static call(functions: readonly CFunction[], entry: CFunction, args: readonly CValue[], plain: PlainStore, plainWritable: boolean): Machine {
    return new Machine(functions, newFrame(entry, args, false), plain, plainWritable);
  }

  /** What the next step does with its answer (part of the thread's state, for snapshots). */
  awaiting(): { readonly push: boolean; readonly ordering: Machine['ordering'] } {
    return { push: this.pushAnswer, ordering: this.ordering };
  }

  restoreAwaiting(a: ReturnType<Machine['awaiting']>): void {
    this.pushAnswer = a.push;
    this.ordering = a.ordering;
  }

  /** Runs to the next kernel operation and returns it, or null when the entry function returned. */
  step(answer: unknown): Op | null {
    const frames = this.frames;
    let f = frames[frames.length - 1] as Frame;
    let stack = f.stack;
    if (this.pushAnswer) {
      stack.push(answer === undefined ? 0 : (answer as CValue));
      this.pushAnswer = false;
    } else if (this.ordering !== null) {
      const o = this.ordering;
      this.ordering = null;
      if (answer === SECOND_THEN_FIRST) f.pc = o.swapped;
      else this.orders.push({ answer: answer as number, first: o.first, second: o.second, start: this.issued, firstOps: 0 });
    }
    const stop = this.stopAt;
    for (;;) {
      if (f.pc === stop && frames.length === this.stopDepth) return null;
      const ins = f.fn.code[f.pc++] as Instr;
      switch (ins.code) {
        case CONST:
          stack.push(ins.v as CValue);
          break;
        case LOCAL:
          stack.push(f.locals[ins.a] as CValue);
          break;
        case SET:
          f.locals[ins.a] = stack.pop() as CValue;
          break;
        case DUP:
          stack.push(stack[stack.length - 1] as CValue);
          break;
        case POP:
          stack.pop();
          break;
        case SWAP: {
          const top = stack.pop() as CValue;
          const below = stack.pop() as CValue;
          stack.push(top, below);
          break;
        }
        case LOAD: {
          const loc = stack.pop() as number;
          if (isLocalRef(loc)) {
            const { frame, slot } = this.local(loc, ins);
            stack.push(frame.locals[slot] as CValue);
            break;
          }
          this.pushAnswer = true;
          return this.emit({ kind: 'load', loc, order: ACCESS_ORDERS[ins.a] as 'plain' });
        }
        case STORE: {
          const value = stack.pop() as CValue;
          const loc = stack.pop() as number;
          if (ins.b === 1) stack.push(value);
          if (isLocalRef(loc)) {
            const { frame, slot } = this.local(loc, ins);
            frame.locals[slot] = value;
            break;
          }
          if (typeof value !== 'number') this.refuse(ins, 'storing a kmem_cache or wait entry pointer in simulated memory');
          if (isLocalRef(value)) this.refuse(ins, 'storing the address of a local in simulated memory (locals are not in it)');
          return this.emit({ kind: 'store', loc, value, order: ACCESS_ORDERS[ins.a] as 'plain' });
        }
        case LADDR:
          stack.push(LOCAL_BASE + (frames.length - 1) * LOCAL_SLOTS + ins.a);
          break;
        case PGET: {
          const members = this.plain.get(stack.pop() as number);
          stack.push(members === undefined ? 0 : (members[ins.a] ?? 0));
          break;
        }
        case PSET: {
          const value = stack.pop() as CValue;
          const addr = stack.pop() as number;
          if (!this.plainWritable) this.refuse(ins, 'a set-once member of mempool_t (pool_data, alloc, free) written after mempool_create returned');
          if (stop >= 0) this.refuse(ins, 'a set-once member written inside an operand whose evaluation order is unsequenced');
          let members = this.plain.get(addr);
          if (members === undefined) {
            members = [];
            this.plain.set(addr, members);
          }
          members[ins.a] = value;
          if (ins.b === 1) stack.push(value);
          break;
        }
        case BIN: {
          const r = stack.pop() as CValue;
          const l = stack.pop() as CValue;
          if (typeof l !== 'number' || typeof r !== 'number') this.refuse(ins, 'arithmetic on a kmem_cache or wait entry pointer');
          const v = arith(ins.a, l, r, ins.b);
          if (v === null) return this.trap(TRAPS.indexOf('division by zero'), ins);
          stack.push(v);
          break;
        }
        case CMP: {
          const r = stack.pop() as CValue;
          const l = stack.pop() as CValue;
          stack.push(compare(ins.a, l, r));
          break;
        }
        case UN:
          stack.push(unary(ins.a, stack.pop() as CValue, ins.b));
          break;
        case NORM: {
          const v = stack.pop() as CValue;
          stack.push(typeof v === 'number' ? normalize(ins.a, v) : v);
          break;
        }
        case PADD: {
          const r = stack.pop() as CValue;
          const l = stack.pop() as CValue;
          if (typeof l !== 'number' || typeof r !== 'number') this.refuse(ins, 'pointer arithmetic on a kmem_cache or wait entry pointer');
          const moved = ins.b === 0 ? l + r * ins.a : ins.b === 1 ? r + l * ins.a : l - r * ins.a;
          if (isLocalRef(l) || isLocalRef(r)) {
            const landed = localStep(this.frames, ins.b === 1 ? r : l, moved);
            if (landed === 'scalar') this.refuse(ins, 'pointer arithmetic on the address of a local');
            if (landed === 'out') this.trap(TRAPS.indexOf('pointer arithmetic out of a local array'), ins);
          }
          stack.push(moved);
          break;
        }
        case PDIFF: {
          const r = stack.pop() as number;
          const l = stack.pop() as number;
          if ((isLocalRef(l) || isLocalRef(r)) && (!isLocalRef(l) || !isLocalRef(r) || !sameLocal(this.frames, l, r))) {
            this.refuse(ins, 'the difference of pointers into different objects, one of them a local');
          }
          stack.push(Math.trunc((l - r) / ins.a));
          break;
        }
        case JMP:
          f.pc = ins.a;
          break;
        case JF:
          if (stack.pop() === 0) f.pc = ins.a;
          break;
        case JT:
          if (stack.pop() !== 0) f.pc = ins.a;
          break;
        case CALL: {
          const callee = this.functions[ins.a] as CFunction;
          f = newFrame(callee, stack.splice(stack.length - ins.b, ins.b), false);
          frames.push(f);
          stack = f.stack;
          break;
        }
        case CALLP: {
          const args = stack.splice(stack.length - ins.b, ins.b);
          const target = stack.pop();
          const callee = typeof target === 'number' ? this.functions[target - FN_BASE] : undefined;
          if (callee === undefined || callee.params !== ins.b) return this.trap(TRAPS.indexOf('call through a NULL or invalid function pointer'), ins);
          f = newFrame(callee, args, true);
          frames.push(f);
          stack = f.stack;
          break;
        }
        case RET: {
          const value = stack.pop() as CValue;
          if (makesLocalRefs(this.functions) && escapes(this.frames, value)) this.trap(TRAPS.indexOf('the address of a local outlives its function'), ins);
          frames.pop();
          const caller = frames[frames.length - 1];
          if (caller === undefined) {
            this.result = value;
            this.done = true;
            return null;
          }
          f = caller;
          stack = f.stack;
          stack.push(value);
          break;
        }
        case KOP: {
          for (let i = stack.length - ins.b; i < stack.length; i++) {
            if (isLocalRef(stack[i] as CValue)) this.refuse(ins, 'the address of a local passed to a kernel call (locals are not in simulated memory)');
          }
          let op: Op;
          try {
            op = kernelOp(ins.a, stack, ins.v as string);
          } catch (e) {
            if (!(e instanceof KernelArgument)) throw e;
            return this.trap(TRAPS.indexOf('bad argument to a kernel call'), ins);
          }
          this.pushAnswer = ins.a !== K.bug;
          return this.emit(op);
        }
        case ORDER: {
          // As kernel/api's unsequenced: each operand's first operation, then the order answered.
          const first = this.probe(f, f.pc, ins.a);
          const second = this.probe(f, ins.a + 1, ins.b);
          if (first === null && second === null) {
            // Neither operand touches shared memory (loads through local references): no other
            // thread can tell the orders apart, so none is asked for. They run as written.
            this.orders.push({ answer: FIRST_THEN_SECOND, first, second, start: this.issued, firstOps: 0 });
            break;
          }
          this.ordering = { first, second, swapped: ins.v as number };
          return this.emit({ kind: 'unsequenced', first, second });
        }
        case OPSPLIT: {
          const r = this.orders[this.orders.length - 1] as OrderRecord;
          r.firstOps = this.issued - r.start;
          break;
        }
        case OPEND: {
          const compound = compoundAfter(this.orders.pop() as OrderRecord, this.issued);
          if (compound !== null) return this.emit(compound);
          break;
        }
        case CSIZE: {
          const cache = stack.pop() as CValue;
          if (typeof cache !== 'object' || !('size' in cache) || typeof cache.size !== 'number') return this.trap(TRAPS.indexOf('bad argument to a kernel call'), ins);
          stack.push(cache.size);
          break;
        }
        case TRAP:
          return this.trap(ins.a, ins);
        default:
          throw new Error(`C machine: unknown instruction ${ins.code} in ${f.fn.name}`);
      }
    }
  }

  private emit(op: Op): Op {
    this.issued += 1;
    if (opSites.capture !== null && this.stopAt < 0) this.registerSite(op);
    return op;
  }

  /**
   * The first kernel operation the code from `start` to `end` of frame `f` would issue, from the
   * frame's current state (null if none): run on a copy, the thread itself is untouched. An operand
   * does no shared effect before its first operation, so this is exactly what it will issue first.
   * The callers' frames are copied too: a local reference may name one of them.
   */
  private probe(f: Frame, start: number, end: number): Op | null {
    const copies = this.frames.map((fr) => {
      const copy = new Frame(fr.fn, fr.locals.slice(), fr.viaPointer);
      copy.pc = fr === f ? start : fr.pc;
      for (const v of fr.stack) copy.stack.push(v);
      return copy;
    });
    const probe = new Machine(this.functions, copies[0] as Frame, this.plain, this.plainWritable, end, copies.length);
    for (const copy of copies.slice(1)) probe.frames.push(copy);
    return probe.step(undefined);
  }

  /** The frame and slot a local reference names; a fault if its frame returned or it is one past a local array. */
  private local(ref: number, ins: Instr): { frame: Frame; slot: number } {
    const found = localSlot(this.frames, ref);
    if (found === 'returned') return this.trap(TRAPS.indexOf('use of the address of a local after its function returned'), ins);
    if (found === 'past-end') return this.trap(TRAPS.indexOf('access past the end of a local array'), ins);
    return found;
  }

  /**
   * A fault the kernel would oops on (TRAPS[reason]): the implementation's own crash (IMPL-CRASH, as
   * an exception in a TypeScript pool's code is), which kills the thread; said with the C position
   * and its callers' lines.
   */
  private trap(reason: number, ins: Instr): never {
    const inner = this.frames[this.frames.length - 1] as Frame;
    const callers = this.frames.slice(0, -1).reverse().map((fr) => `${fr.fn.file}:${(fr.fn.code[fr.pc - 1] as Instr).line}`);
    const via = callers.length === 0 ? '' : ` via ${callers.join(' via ')}`;
    throw new ImplementationFault(`${TRAPS[reason] ?? 'fault'} (at ${inner.fn.file}:${ins.line}${via}, in ${inner.fn.name})`);
  }

  private refuse(ins: Instr, what: string): never {
    const f = this.frames[this.frames.length - 1] as Frame;
    throw new CUnsupported({ file: f.fn.file, line: ins.line, col: ins.col }, what);
  }

  /** The C position of the operation just issued, with its call chain (see kernel/rt/trace.ts). */
  private registerSite(op: Op): void {
    const frames = this.frames;
    const chain: number[] = [];
    const files: string[] = [];
    let reported = -1;
    for (let i = frames.length - 1; i >= 0; i--) {
      const fr = frames[i] as Frame;
      const ins = fr.fn.code[fr.pc - 1] as Instr;
      chain.push(ins.line);
      files.push(fr.fn.file);
      // A callback called through a function pointer gives way to the line that called it.
      if (reported < 0 && fr.viaPointer) reported = chain.length;
    }
    const at = reported < 0 || reported >= chain.length ? 0 : reported;
    const inner = frames[frames.length - 1] as Frame;
    explicitSites.set(op, {
      file: files[at] as string,
      line: chain[at] as number,
      fn: inner.fn.name,
      chain,
      entry: (frames[0] as Frame).fn.name,
    });
  }
}

function newFrame(fn: CFunction, args: readonly CValue[], viaPointer: boolean): Frame {
  const locals: CValue[] = new Array<CValue>(fn.locals).fill(0);
  for (let i = 0; i < args.length; i++) locals[i] = args[i] as CValue;
  for (const slot of fn.waitSlots) locals[slot] = new WaitEntry();
  return new Frame(fn, locals, viaPointer);
}
