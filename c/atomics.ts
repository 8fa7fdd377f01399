/**
 * atomic_t and the atomic_* calls (include/linux/atomic.h) with LKMM's ordering
 * (Documentation/atomic_t.txt): atomic_read and atomic_set are READ_ONCE and WRITE_ONCE of the
 * counter; the atomics that return nothing (atomic_inc, atomic_dec, atomic_add, atomic_sub) are
 * relaxed read-modify-writes; those that return a value (`_return`, `atomic_fetch_`, `_and_test`,
 * atomic_xchg) are fully ordered; atomic_cmpxchg is fully ordered when it succeeds and a relaxed read
 * when it fails. The counter is an int: updates wrap at 32 bits.
 */
import type { Expr } from './ast.ts';
import { arity, evalArgs, type Handler } from './builtin-args.ts';
import { ACCESS_ORDERS, BIN, BINOPS, CMP, CMPS, CONST, KOP, LOAD, LOCAL, POP, SET, STORE, UN, UNOPS } from './cfg.ts';
import type { ExprCompiler } from './compile-expr.ts';
import type { SourcePos } from './errors.ts';
import { ATOMIC_TAG } from './headers.ts';
import { ATOMIC_MODES, K } from './kernel-bindings.ts';
import { T, normOf, typeName, type CType } from './types.ts';

interface Spec {
  /** The arguments besides the counter: none (inc, dec), an amount first (add, sub), a new value last (xchg). */
  readonly amount: 'one' | 'minus-one' | 'first' | 'minus-first' | 'set-last';
  readonly ordered: boolean;
  /** What the call returns: nothing, the new value, the old value, or whether the new value is 0. */
  readonly result: 'none' | 'new' | 'old' | 'zero';
}

const SPECS: Readonly<Record<string, Spec>> = {
  atomic_inc: { amount: 'one', ordered: false, result: 'none' },
  atomic_dec: { amount: 'minus-one', ordered: false, result: 'none' },
  atomic_add: { amount: 'first', ordered: false, result: 'none' },
  atomic_sub: { amount: 'minus-first', ordered: false, result: 'none' },
  atomic_inc_return: { amount: 'one', ordered: true, result: 'new' },
  atomic_dec_return: { amount: 'minus-one', ordered: true, result: 'new' },
  atomic_add_return: { amount: 'first', ordered: true, result: 'new' },
  atomic_sub_return: { amount: 'minus-first', ordered: true, result: 'new' },
  atomic_fetch_inc: { amount: 'one', ordered: true, result: 'old' },
  atomic_fetch_dec: { amount: 'minus-one', ordered: true, result: 'old' },
  atomic_fetch_add: { amount: 'first', ordered: true, result: 'old' },
  atomic_fetch_sub: { amount: 'minus-first', ordered: true, result: 'old' },
  atomic_inc_and_test: { amount: 'one', ordered: true, result: 'zero' },
  atomic_dec_and_test: { amount: 'minus-one', ordered: true, result: 'zero' },
  atomic_sub_and_test: { amount: 'minus-first', ordered: true, result: 'zero' },
  atomic_xchg: { amount: 'set-last', ordered: true, result: 'old' },
};

const INT = normOf(T.int);

function expectAtomic(ec: ExprCompiler, name: string, t: CType | undefined, pos: SourcePos): void {
  if (t === undefined || t.k !== 'ptr' || t.to.k !== 'struct' || t.to.def.tag !== ATOMIC_TAG) {
    ec.invalid(pos, `${name} expects the address of an atomic_t, given ${t === undefined ? 'nothing' : typeName(t)}`);
  }
}

/** atomic_read(v): READ_ONCE(v->counter); atomic_set(v, i): WRITE_ONCE(v->counter, i). */
const read: Handler = (ec, args, pos) => {
  arity(ec, 'atomic_read', args, 1, pos);
  expectAtomic(ec, 'atomic_read', ec.rvalue(args[0] as Expr), pos);
  ec.at(pos);
  ec.code.emit(LOAD, ACCESS_ORDERS.indexOf('once'));
  return T.int;
};

const set: Handler = (ec, args, pos) => {
  arity(ec, 'atomic_set', args, 2, pos);
  const [v] = evalArgs(ec, args, [null, T.int], pos);
  expectAtomic(ec, 'atomic_set', v, pos);
  ec.at(pos);
  ec.code.emit(STORE, ACCESS_ORDERS.indexOf('once'), 1);
  ec.code.emit(CONST, 0, 0, 0);
  return T.void;
};

function rmw(name: string, spec: Spec): Handler {
  return (ec, args, pos) => {
    const code = ec.code;
    const explicit = spec.amount === 'first' || spec.amount === 'minus-first' || spec.amount === 'set-last';
    arity(ec, name, args, explicit ? 2 : 1, pos);
    const counterAt = spec.amount === 'first' || spec.amount === 'minus-first' ? 1 : 0;
    const types = evalArgs(ec, args, explicit ? (counterAt === 1 ? [T.int, null] : [null, T.int]) : [null], pos);
    expectAtomic(ec, name, types[counterAt], pos);
    ec.at(pos);
    // The stack holds the arguments in call order; the operation takes the counter, then the amount
    // (kept in a temporary too: the new value is the old one plus it).
    const amount = ec.locals.temp();
    if (counterAt === 1) {
      // atomic_add(i, v): [i, v] -> [v, i] (sub: [v, -i]).
      const counter = ec.locals.temp();
      code.emit(SET, counter);
      if (spec.amount === 'minus-first') code.emit(UN, UNOPS.indexOf('-'), INT);
      code.emit(SET, amount);
      code.emit(LOCAL, counter);
    } else {
      // atomic_inc(v): [v] -> [v, 1]; atomic_xchg(v, new): [v, new] as it is.
      if (!explicit) code.emit(CONST, 0, 0, spec.amount === 'one' ? 1 : -1);
      code.emit(SET, amount);
    }
    code.emit(LOCAL, amount);
    code.emit(CONST, 0, 0, ATOMIC_MODES.indexOf(spec.amount === 'set-last' ? 'xchg-mb' : spec.ordered ? 'add-mb' : 'add-relaxed'));
    code.emit(KOP, K.atomic, 3);
    switch (spec.result) {
      case 'none':
        code.emit(POP);
        code.emit(CONST, 0, 0, 0);
        return T.void;
      case 'old':
        return T.int;
      case 'new':
      case 'zero':
        code.emit(LOCAL, amount);
        code.emit(BIN, BINOPS.indexOf('+'), INT);
        if (spec.result === 'new') return T.int;
        code.emit(CONST, 0, 0, 0);
        code.emit(CMP, CMPS.indexOf('=='));
        return T.bool;
    }
  };
}

/** atomic_cmpxchg(v, old, new): the value it read (new stored only if that was old). */
const cmpxchg: Handler = (ec, args, pos) => {
  arity(ec, 'atomic_cmpxchg', args, 3, pos);
  const [v] = evalArgs(ec, args, [null, T.int, T.int], pos);
  expectAtomic(ec, 'atomic_cmpxchg', v, pos);
  ec.at(pos);
  ec.code.emit(KOP, K.atomic_cmpxchg, 3);
  return T.int;
};

/** Every atomic_* call the subset runs, by name. */
export const ATOMICS: readonly (readonly [string, Handler])[] = [
  ['atomic_read', read],
  ['atomic_set', set],
  ['atomic_cmpxchg', cmpxchg],
  ...Object.entries(SPECS).map(([name, spec]): [string, Handler] => [name, rmw(name, spec)]),
];
