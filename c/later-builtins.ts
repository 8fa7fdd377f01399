/**
 * Kernel calls mm/mempool.c took up after v5.10, which a pool written against a current kernel uses too:
 * - `wq_has_sleeper` (v6.17's mempool_free wakes only when someone waits): `smp_mb()` then
 *   `waitqueue_active()`, a read of the queue without its lock;
 * - `max`/`min` (v6.17 sizes the elements array `max(1, min_nr)`): each argument evaluated once, the
 *   first before the second, as the kernel's macros do (they copy both into locals of a statement
 *   expression), so `max(1, pool->min_nr)` is one load;
 * - `kmem_cache_size` (the KASAN and poisoning arguments of v6.x): the cache's object size;
 * - `__ksize` (the KASAN arguments of v5.11 to v6.7): only as an argument of a KASAN hook, where its
 *   value is never used; the model keeps no per-object slab size to give it anywhere else;
 * - the `_noprof` allocation calls of allocation profiling (v6.10): with profiling off they are the
 *   allocation itself; `kvmalloc`/`kvfree` are kmalloc/kfree (the model has no vmalloc fallback, so
 *   kvmalloc may fail where kmalloc may: more failures than the kernel has, never fewer).
 */
import type { Expr } from './ast.ts';
import { arity, evalArgs, kcall, wqArg, type Handler } from './builtin-args.ts';
import { CMP, CMPS, CSIZE, JF, JMP, KOP, LOCAL, NORM, POP, SET } from './cfg.ts';
import type { ExprCompiler } from './compile-expr.ts';
import { K } from './kernel-bindings.ts';
import { T, commonInt, isInt, normOf, typeName } from './types.ts';

/** Allocation calls whose `_noprof` name (allocation profiling, v6.10) is the same call. */
export const NOPROF_CALLS = ['kmalloc', 'kmalloc_node', 'kzalloc_node', 'kmalloc_array', 'kmalloc_array_node', 'kmem_cache_alloc', 'alloc_pages'] as const;

/** Calls answered by another builtin under a different name: [name, the builtin it is]. */
export const ALIASES: readonly (readonly [string, string])[] = [
  ...NOPROF_CALLS.map((name) => [`${name}_noprof`, name] as const),
  ['kvmalloc', 'kmalloc'],
  ['kvfree', 'kfree'],
];

/** The handlers this file defines, by name. */
export const LATER_BUILTINS: readonly (readonly [string, Handler])[] = [
  ['waitqueue_active', kcall(K.waitqueue_active, 1, T.int, [], wqArg)('waitqueue_active')],
  ['wq_has_sleeper', wqHasSleeper],
  ['max', extremum('max', '>')],
  ['min', extremum('min', '<')],
  ['kmem_cache_size', kmemCacheSize],
  ['__ksize', ksizeOutsideKasan('__ksize')],
  ['ksize', ksizeOutsideKasan('ksize')],
];

/** A KASAN hook's argument as the hook sees it: `__ksize(p)` there only evaluates `p`. */
export function kasanArgument(e: Expr): Expr {
  if (e.k === 'call' && e.callee.k === 'id' && (e.callee.name === '__ksize' || e.callee.name === 'ksize') && e.args.length === 1) return e.args[0] as Expr;
  return e;
}

function wqHasSleeper(ec: ExprCompiler, args: readonly Expr[], pos: Expr['pos']): ReturnType<Handler> {
  arity(ec, 'wq_has_sleeper', args, 1, pos);
  const seen = evalArgs(ec, args, [], pos);
  wqArg(ec, seen, pos, 'wq_has_sleeper');
  ec.at(pos);
  ec.code.emit(KOP, K.smp_mb, 0);
  ec.code.emit(POP);
  ec.code.emit(KOP, K.waitqueue_active, 1);
  return T.bool;
}

/** max(a, b) / min(a, b) of two integers: a, then b, each read once; the result in their common type. */
function extremum(name: string, cmp: '>' | '<'): Handler {
  return (ec, args, pos) => {
    arity(ec, name, args, 2, pos);
    const [a, b] = [ec.locals.temp(), ec.locals.temp()];
    const ta = ec.ops.sequenced(args[0] as Expr);
    ec.code.emit(SET, a);
    const tb = ec.ops.sequenced(args[1] as Expr);
    ec.code.emit(SET, b);
    if (!isInt(ta) || !isInt(tb)) return ec.invalid(pos, `${name} of ${typeName(ta)} and ${typeName(tb)} (integers only)`);
    const common = commonInt(ta, tb);
    const norm = normOf(common);
    const second = ec.code.label();
    const done = ec.code.label();
    ec.at(pos);
    ec.code.emit(LOCAL, a);
    ec.code.emit(NORM, norm);
    ec.code.emit(LOCAL, b);
    ec.code.emit(NORM, norm);
    ec.code.emit(CMP, CMPS.indexOf(cmp));
    ec.code.emit(JF, second);
    ec.code.emit(LOCAL, a);
    ec.code.emit(NORM, norm);
    ec.code.emit(JMP, done);
    ec.code.bind(second);
    ec.code.emit(LOCAL, b);
    ec.code.emit(NORM, norm);
    ec.code.bind(done);
    return common;
  };
}

function kmemCacheSize(ec: ExprCompiler, args: readonly Expr[], pos: Expr['pos']): ReturnType<Handler> {
  arity(ec, 'kmem_cache_size', args, 1, pos);
  const t = ec.rvalue(args[0] as Expr);
  // A struct kmem_cache *, or the void * pool_data a pool keeps it in.
  const cache = t.k === 'ptr' && (t.to.k === 'void' || (t.to.k === 'opaque' && t.to.name === 'kmem_cache'));
  if (!cache) ec.invalid(pos, `kmem_cache_size expects a struct kmem_cache *, given ${typeName(t)}`);
  ec.at(pos);
  ec.code.emit(CSIZE);
  return T.uint;
}

function ksizeOutsideKasan(name: string): Handler {
  return (ec, _args, pos) => ec.unsupported(pos, `${name} outside the arguments of a KASAN hook (the model keeps no slab size per object)`);
}
