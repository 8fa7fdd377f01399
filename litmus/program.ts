/**
 * A litmus test as an explorer Program: every shared location is a harness cell, every `Pi` a thread
 * whose statements are kernel/api operations (the same primitives the port uses), registers are
 * per-execution JavaScript values.
 */
import { READ_ONCE, smp_load_acquire, smp_mb, smp_rmb, smp_store_release, smp_wmb, WRITE_ONCE, load, store } from '../kernel/api/memory.ts';
import { spin_lock, spin_lock_init, spin_unlock } from '../kernel/api/sync.ts';
import { DEFAULT_KERNEL_CONFIG, type Kernel, type KernelConfig } from '../kernel/rt/kernel.ts';
import type { Gen, Loc } from '../kernel/rt/ops.ts';
import type { Program, ThreadSpec } from '../explorer/program.ts';
import type { Cond, Expr, LitmusTest, Stmt } from './ast.ts';

/** One execution's shared state: where each location lives, and every thread's registers. */
export interface LitmusWorld {
  readonly locs: ReadonlyMap<string, Loc>;
  /** registers[i] of thread Pi. */
  readonly registers: Map<string, number>[];
}

export function litmusProgram(test: LitmusTest, memory: KernelConfig['memory']): Program<LitmusWorld> {
  return {
    kernelConfig: { ...DEFAULT_KERNEL_CONFIG, memory },
    *setup(kernel: Kernel): Gen<LitmusWorld> {
      const locs = new Map<string, Loc>();
      for (const [name, { type, initial }] of test.locations) {
        const loc = kernel.harnessCell(type === 'spinlock_t' ? 0 : initial);
        if (type === 'spinlock_t') yield* spin_lock_init(loc);
        locs.set(name, loc);
      }
      const registers = test.threads.map((t) => new Map(t.registers.map((r) => [r, test.registerInit.get(`${t.index}:${r}`) ?? 0])));
      return { locs, registers };
    },
    threads(world: LitmusWorld): ThreadSpec[] {
      return test.threads.map((t) => ({ name: `P${t.index}`, body: runStmts(t.body, world, world.registers[t.index] as Map<string, number>) }));
    },
  };
}

function locOf(world: LitmusWorld, name: string): Loc {
  const loc = world.locs.get(name);
  if (loc === undefined) throw new Error(`litmus: no location ${name}`);
  return loc;
}

function* runStmts(stmts: readonly Stmt[], world: LitmusWorld, regs: Map<string, number>): Gen<void> {
  for (const s of stmts) {
    switch (s.kind) {
      case 'assign':
        regs.set(s.reg, yield* evaluate(s.value, world, regs));
        break;
      case 'store': {
        const value = yield* evaluate(s.value, world, regs);
        const loc = locOf(world, s.loc);
        if (s.order === 'once') yield* WRITE_ONCE(loc, value);
        else if (s.order === 'release') yield* smp_store_release(loc, value);
        else yield* store(loc, value);
        break;
      }
      case 'fence':
        if (s.fence === 'mb') yield* smp_mb();
        else if (s.fence === 'rmb') yield* smp_rmb();
        else yield* smp_wmb();
        break;
      case 'lock':
        yield* spin_lock(locOf(world, s.lock));
        break;
      case 'unlock':
        yield* spin_unlock(locOf(world, s.lock));
        break;
      case 'if':
        // A control dependency: the branch is decided by values already read (no speculation).
        if ((yield* evaluate(s.cond, world, regs)) !== 0) yield* runStmts(s.then, world, regs);
        else yield* runStmts(s.else, world, regs);
        break;
      default: {
        const never: never = s;
        throw new Error(`unknown statement ${JSON.stringify(never)}`);
      }
    }
  }
}

function* evaluate(e: Expr, world: LitmusWorld, regs: Map<string, number>): Gen<number> {
  switch (e.kind) {
    case 'num':
      return e.value;
    case 'reg':
      return regs.get(e.name) ?? 0;
    case 'load': {
      const loc = locOf(world, e.loc);
      if (e.order === 'once') return yield* READ_ONCE(loc);
      if (e.order === 'acquire') return yield* smp_load_acquire(loc);
      return yield* load(loc);
    }
    case 'unary': {
      const v = yield* evaluate(e.arg, world, regs);
      return e.op === '!' ? Number(v === 0) : e.op === '-' ? -v : ~v;
    }
    case 'binary': {
      const a = yield* evaluate(e.left, world, regs);
      // C's && and || do not evaluate their right side when the left decides.
      if (e.op === '&&' && a === 0) return 0;
      if (e.op === '||' && a !== 0) return 1;
      const b = yield* evaluate(e.right, world, regs);
      return binary(e.op, a, b);
    }
    default: {
      const never: never = e;
      throw new Error(`unknown expression ${JSON.stringify(never)}`);
    }
  }
}

function binary(op: Extract<Expr, { kind: 'binary' }>['op'], a: number, b: number): number {
  switch (op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '&': return a & b;
    case '|': return a | b;
    case '^': return a ^ b;
    case '==': return Number(a === b);
    case '!=': return Number(a !== b);
    case '<': return Number(a < b);
    case '<=': return Number(a <= b);
    case '>': return Number(a > b);
    case '>=': return Number(a >= b);
    case '&&': return Number(a !== 0 && b !== 0);
    case '||': return Number(a !== 0 || b !== 0);
    default: {
      const never: never = op;
      throw new Error(`unknown operator ${String(never)}`);
    }
  }
}

/** Whether the final state of an execution satisfies `cond` (`peek` gives a location's final value). */
export function holds(cond: Cond, world: LitmusWorld, peek: (loc: Loc) => number): boolean {
  switch (cond.kind) {
    case 'const':
      return cond.value;
    case 'reg':
      return (world.registers[cond.thread]?.get(cond.reg) ?? 0) === cond.value;
    case 'loc':
      return peek(locOf(world, cond.loc)) === cond.value;
    case 'not':
      return !holds(cond.arg, world, peek);
    case 'and':
      return holds(cond.left, world, peek) && holds(cond.right, world, peek);
    case 'or':
      return holds(cond.left, world, peek) || holds(cond.right, world, peek);
    default: {
      const never: never = cond;
      throw new Error(`unknown condition ${JSON.stringify(never)}`);
    }
  }
}
