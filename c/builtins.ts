/**
 * The kernel's functions and macros a pool calls, compiled to kernel operations (KOP) or inline code:
 * locks (spin_lock_irqsave assigns its flags argument, as the macro does), wait queues, barriers,
 * marked accesses, assertions, allocators, memcpy. Each reaches the kernel through kernel-bindings.ts.
 */
import type { Expr } from './ast.ts';
import { ACCESS_ORDERS, BIN, BINOPS, CMP, CMPS, CONST, DUP, JF, JMP, KOP, LOAD, LOCAL, PADD, POP, SET, STORE, TRAP, UN, UNOPS } from './cfg.ts';
import type { ExprCompiler } from './compile-expr.ts';
import type { SourcePos } from './errors.ts';
import { arity, evalArgs, expectPtr, kcall, lockArg, wqAndEntry, wqArg, type Handler } from './builtin-args.ts';
import { ATOMICS } from './atomics.ts';
import { K } from './kernel-bindings.ts';
import { ALIASES, kasanArgument, LATER_BUILTINS } from './later-builtins.ts';
import { LIST_BUILTINS } from './list-h.ts';
import { PRINTS } from './prints.ts';
import { T, VOID_PTR, normOf, ptrTo, type CType } from './types.ts';


/** What a trap (TRAP's `a`) says. */
export const TRAPS = [
  'division by zero',
  'call through a NULL or invalid function pointer',
  'memcpy of a size that is not a whole number of words',
  'bad argument to a kernel call',
  'use of the address of a local after its function returned',
  'the address of a local outlives its function',
  'access past the end of a local array',
  'pointer arithmetic out of a local array',
] as const;

const order = (name: (typeof ACCESS_ORDERS)[number]): number => ACCESS_ORDERS.indexOf(name);

export interface BuiltinOptions {
  /** CONFIG_DEBUG_VM: VM_BUG_ON and VM_WARN_ON_ONCE check their condition (otherwise it is not evaluated). */
  readonly debugVm: boolean;
}

export class Builtins {
  private readonly table: ReadonlyMap<string, Handler>;

  constructor(options: BuiltinOptions) {
    this.table = table(options);
  }

  has(name: string): boolean {
    return this.table.has(name);
  }

  names(): string[] {
    return [...this.table.keys()];
  }

  compile(ec: ExprCompiler, name: string, args: readonly Expr[], pos: SourcePos): CType {
    return (this.table.get(name) as Handler)(ec, args, pos);
  }
}

/** `if (cond) <kernel call>`, the value of the whole being `!!cond` (BUG_ON, WARN_ON_ONCE, might_sleep_if). */
function conditional(kind: number, evaluate: boolean): (name: string) => Handler {
  return (name) => (ec, args, pos) => {
    arity(ec, name, args, 1, pos);
    if (!evaluate) {
      ec.code.emit(CONST, 0, 0, 0);
      return T.void;
    }
    const skip = ec.code.label();
    ec.scalar(ec.rvalue(args[0] as Expr), pos);
    ec.at(pos);
    ec.code.emit(UN, UNOPS.indexOf('!'), 0);
    ec.code.emit(UN, UNOPS.indexOf('!'), 0);
    ec.code.emit(DUP);
    ec.code.emit(JF, skip);
    ec.code.emit(KOP, kind, 0, `${pos.file}:${pos.line}:${pos.col}`);
    ec.code.emit(POP);
    ec.code.bind(skip);
    return T.int;
  };
}

function table(options: BuiltinOptions): ReadonlyMap<string, Handler> {
  const lockPtr = ptrTo(T.lock);
  const entries: [string, (name: string) => Handler][] = [
    ['likely', () => truth],
    ['unlikely', () => truth],
    ['READ_ONCE', () => readOnce],
    ['WRITE_ONCE', () => writeOnce],
    ['smp_load_acquire', () => loadAcquire],
    ['smp_store_release', () => storeRelease],
    ['barrier', () => nothing],
    ['EXPORT_SYMBOL', () => misplacedExport],
    ['smp_rmb', kcall(K.smp_rmb, 0, T.void)],
    ['smp_wmb', kcall(K.smp_wmb, 0, T.void)],
    ['smp_mb', kcall(K.smp_mb, 0, T.void)],
    ['BUG', kcall(K.bug, 0, T.void)],
    ['BUG_ON', conditional(K.bug, true)],
    ['VM_BUG_ON', conditional(K.bug, options.debugVm)],
    ['WARN_ON_ONCE', conditional(K.warn_once, true)],
    ['VM_WARN_ON_ONCE', conditional(K.warn_once, options.debugVm)],
    ['might_sleep', kcall(K.might_sleep, 0, T.void)],
    ['might_sleep_if', conditional(K.might_sleep, true)],
    ['spin_lock_init', kcall(K.spin_lock_init, 1, T.void, [], lockArg)],
    ['spin_lock', kcall(K.spin_lock, 1, T.void, [], lockArg)],
    ['spin_unlock', kcall(K.spin_unlock, 1, T.void, [], lockArg)],
    ['spin_lock_irqsave', () => lockIrqsave],
    ['spin_unlock_irqrestore', kcall(K.spin_unlock_irqrestore, 2, T.void, [lockPtr, T.ulong], lockArg)],
    ['init_waitqueue_head', kcall(K.init_waitqueue_head, 1, T.void, [], wqArg)],
    ['init_wait', kcall(K.init_wait, 1, T.void, [], (ec, seen, pos, name) => expectPtr(ec, name, seen[0], 'waitentry', 'the address of a wait_queue_t', pos))],
    ['prepare_to_wait', kcall(K.prepare_to_wait, 3, T.void, [null, null, T.int], wqAndEntry)],
    ['finish_wait', kcall(K.finish_wait, 2, T.void, [], wqAndEntry)],
    ['wake_up', kcall(K.wake_up, 1, T.void, [], wqArg)],
    ['io_schedule_timeout', kcall(K.io_schedule_timeout, 1, T.long, [T.long])],
    ['schedule_timeout', kcall(K.io_schedule_timeout, 1, T.long, [T.long])],
    ['io_schedule', kcall(K.io_schedule, 0, T.void)],
    ['kmalloc', kcall(K.kmalloc, 2, VOID_PTR, [T.ulong, T.uint])],
    ['kmalloc_node', kcall(K.kmalloc_node, 3, VOID_PTR, [T.ulong, T.uint, T.int])],
    ['kzalloc_node', kcall(K.kzalloc_node, 3, VOID_PTR, [T.ulong, T.uint, T.int])],
    ['kmalloc_array', kcall(K.kmalloc_array, 3, VOID_PTR, [T.ulong, T.ulong, T.uint])],
    ['kmalloc_array_node', kcall(K.kmalloc_array_node, 4, VOID_PTR, [T.ulong, T.ulong, T.uint, T.int])],
    ['kmem_cache_alloc', kcall(K.kmem_cache_alloc, 2, VOID_PTR, [null, T.uint])],
    ['kmem_cache_free', kcall(K.kmem_cache_free, 2, T.void)],
    ['alloc_pages', kcall(K.alloc_pages, 2, VOID_PTR, [T.uint, T.uint])],
    ['__free_pages', kcall(K.__free_pages, 2, T.void, [null, T.uint])],
    ['kfree', kcall(K.kfree, 1, T.void)],
    ['kmemleak_update_trace', kcall(K.kmemleak_update_trace, 1, T.void)],
    ['memcpy', () => memcpy],
    ...ATOMICS.map(([name, handler]): [string, (name: string) => Handler] => [name, () => handler]),
    ...[...PRINTS].map((name): [string, (name: string) => Handler] => [name, () => print]),
    ['dump_stack', () => print],
    // Fault injection off (CONFIG_FAULT_INJECTION unset): nothing is ever injected, no debugfs file.
    ['should_fail_ex', () => (ec, args, pos) => evaluatedFor(ec, args, pos, 0, T.bool)],
    ['fault_create_debugfs_attr', () => (ec, args, pos) => evaluatedFor(ec, args.filter((a) => a.k !== 'str'), pos, 0, VOID_PTR)],
    ['PTR_ERR_OR_ZERO', () => (ec, args, pos) => evaluatedFor(ec, args, pos, 0, T.int)],
    ...KASAN_HOOKS.map(([name, value]): [string, (name: string) => Handler] => [name, kasanHook(value)]),
  ];
  const handlers = new Map(entries.map(([name, make]) => [name, make(name)]));
  for (const [name, handler] of [...LATER_BUILTINS, ...LIST_BUILTINS]) handlers.set(name, handler);
  const makers = new Map(entries);
  for (const [alias, target] of ALIASES) handlers.set(alias, (makers.get(target) as (name: string) => Handler)(alias));
  return handlers;
}

/** printk and pr_*: the arguments other than format strings evaluated in order, nothing printed; returns 0. */
const print: Handler = (ec, args, pos) => evaluatedFor(ec, args.filter((a) => a.k !== 'str'), pos, 0, T.int);

/** A call that does nothing but evaluate its arguments, in C's order, for what they touch; its value is `value`. */
function evaluatedFor(ec: ExprCompiler, args: readonly Expr[], pos: SourcePos, value: number, type: CType): CType {
  evalArgs(ec, args, [], pos);
  ec.at(pos);
  for (let i = 0; i < args.length; i++) ec.code.emit(POP);
  ec.code.emit(CONST, 0, 0, value);
  return type;
}

/**
 * KASAN's hooks as a kernel built without CONFIG_KASAN has them (include/linux/kasan.h's empty static
 * inlines): the arguments are evaluated, nothing else happens. Later mempool.c versions (v4.4 on) call
 * them from add_element and remove_element, with arguments that changed from version to version, so
 * any number is taken. The value: null for the void hooks, else what the stub returns (`true` from
 * the v6.8 kasan_mempool_poison_* hooks, `false` from kasan_enabled).
 */
const KASAN_HOOKS: readonly (readonly [string, 0 | 1 | null])[] = [
  ['kasan_poison_kfree', null],
  ['kasan_kfree', null],
  ['kasan_free_pages', null],
  ['kasan_alloc_pages', null],
  ['kasan_slab_alloc', null],
  ['kasan_krealloc', null],
  ['kasan_unpoison_slab', null],
  ['kasan_slab_free_mempool', null],
  ['kasan_unpoison_range', null],
  ['kasan_poison_pages', null],
  ['kasan_unpoison_pages', null],
  ['kasan_mempool_unpoison_object', null],
  ['kasan_mempool_unpoison_pages', null],
  ['kasan_mempool_poison_object', 1],
  ['kasan_mempool_poison_pages', 1],
  ['kasan_enabled', 0],
];

function kasanHook(value: 0 | 1 | null): (name: string) => Handler {
  return () => (ec, args, pos) => evaluatedFor(ec, args.map(kasanArgument), pos, value ?? 0, value === null ? T.void : T.bool);
}

/** likely(x), unlikely(x): `__builtin_expect(!!(x), ...)`, the value `!!x`. */
const truth: Handler = (ec, args, pos) => {
  arity(ec, 'likely/unlikely', args, 1, pos);
  ec.scalar(ec.rvalue(args[0] as Expr), pos);
  ec.code.emit(UN, UNOPS.indexOf('!'), 0);
  ec.code.emit(UN, UNOPS.indexOf('!'), 0);
  return T.int;
};

const nothing: Handler = (ec, args, pos) => {
  arity(ec, 'barrier', args, 0, pos);
  ec.code.emit(CONST, 0, 0, 0);
  return T.void;
};

const misplacedExport: Handler = (ec, _args, pos) => ec.unsupported(pos, 'EXPORT_SYMBOL inside a function');

/** READ_ONCE(x): a marked load of the lvalue x (of a local: just its value). */
const readOnce: Handler = (ec, args, pos) => {
  arity(ec, 'READ_ONCE', args, 1, pos);
  const lv = ec.lvalue(args[0] as Expr);
  if (lv.k !== 'mem') return ec.read(lv, pos);
  ec.at(pos);
  ec.code.emit(LOAD, order('once'));
  return lv.type;
};

/** WRITE_ONCE(x, v): a marked store to the lvalue x. */
const writeOnce: Handler = (ec, args, pos) => {
  arity(ec, 'WRITE_ONCE', args, 2, pos);
  const where = ec.code.piece(() => ec.lvalue(args[0] as Expr));
  const lv = where.value;
  const value = ec.ops.piece(() => {
    ec.rvalueAs(args[1] as Expr, lv.type);
    return lv.type;
  });
  if (lv.k !== 'mem') ec.ops.store(lv, where.code, value.code, pos);
  else {
    ec.ops.pair(where.code, value.code);
    ec.at(pos);
    ec.code.emit(STORE, order('once'), 1);
  }
  ec.ops.flush(value);
  return T.void;
};

const loadAcquire: Handler = (ec, args, pos) => {
  arity(ec, 'smp_load_acquire', args, 1, pos);
  const t = ec.pointee(ec.rvalue(args[0] as Expr), pos);
  ec.at(pos);
  ec.code.emit(LOAD, order('acquire'));
  return t;
};

const storeRelease: Handler = (ec, args, pos) => {
  arity(ec, 'smp_store_release', args, 2, pos);
  let to: CType = T.void;
  const where = ec.code.piece(() => {
    to = ec.pointee(ec.rvalue(args[0] as Expr), pos);
    return to;
  }).code;
  const value = ec.ops.piece(() => {
    ec.rvalueAs(args[1] as Expr, to);
    return to;
  });
  ec.ops.pair(where, value.code);
  ec.at(pos);
  ec.code.emit(STORE, order('release'), 1);
  ec.ops.flush(value);
  return T.void;
};

/** spin_lock_irqsave(lock, flags): the macro assigns the saved interrupt state to `flags`. */
const lockIrqsave: Handler = (ec, args, pos) => {
  arity(ec, 'spin_lock_irqsave', args, 2, pos);
  const flags = ec.code.piece(() => ec.lvalue(args[1] as Expr));
  const call = ec.code.piece(() => {
    const t = ec.rvalue(args[0] as Expr);
    expectPtr(ec, 'spin_lock_irqsave', t, 'lock', 'the address of a spinlock_t', pos);
    ec.at(pos);
    ec.code.emit(KOP, K.spin_lock_irqsave, 1);
    ec.convert(T.ulong, flags.value.type, pos);
    return T.ulong;
  }).code;
  ec.ops.store(flags.value, flags.code, call, pos);
  return T.void;
};

/** memcpy(dst, src, n): a plain load and store per word, as kernel/api's memcpy does; returns dst. */
const memcpy: Handler = (ec, args, pos) => {
  arity(ec, 'memcpy', args, 3, pos);
  evalArgs(ec, args, [VOID_PTR, VOID_PTR, T.ulong], pos);
  const code = ec.code;
  const [dst, src, n, i] = [ec.locals.temp(), ec.locals.temp(), ec.locals.temp(), ec.locals.temp()];
  const whole = code.label();
  const top = code.label();
  const done = code.label();
  ec.at(pos);
  const emitAll = (list: [number, number?, number?, number?][]): void => {
    for (const [c, a = 0, b = 0, v] of list) code.emit(c, a, b, v ?? null);
  };
  emitAll([[SET, n], [SET, src], [SET, dst], [LOCAL, n], [CONST, 0, 0, 8], [BIN, BINOPS.indexOf('%'), normOf(T.ulong)], [JF, whole], [TRAP, TRAPS.indexOf('memcpy of a size that is not a whole number of words')]]);
  code.bind(whole);
  emitAll([[LOCAL, n], [CONST, 0, 0, 8], [BIN, BINOPS.indexOf('/'), normOf(T.ulong)], [SET, n], [CONST, 0, 0, 0], [SET, i]]);
  code.bind(top);
  emitAll([[LOCAL, i], [LOCAL, n], [CMP, CMPS.indexOf('<')], [JF, done]]);
  emitAll([[LOCAL, dst], [LOCAL, i], [PADD, 1, 0], [LOCAL, src], [LOCAL, i], [PADD, 1, 0], [LOAD, order('plain')], [STORE, order('plain'), 0]]);
  emitAll([[LOCAL, i], [CONST, 0, 0, 1], [BIN, BINOPS.indexOf('+'), 0], [SET, i], [JMP, top]]);
  code.bind(done);
  code.emit(LOCAL, dst);
  return VOID_PTR;
};
