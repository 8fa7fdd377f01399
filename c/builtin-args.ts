/**
 * What every builtin handler shares: its signature, its arguments evaluated in order (two that touch
 * shared memory in both orders, as C leaves them unsequenced), and the arity check.
 */
import type { Expr } from './ast.ts';
import type { ExprCompiler } from './compile-expr.ts';
import type { SourcePos } from './errors.ts';
import { KOP } from './cfg.ts';
import { typeName, type CType } from './types.ts';

export type Handler = (ec: ExprCompiler, args: readonly Expr[], pos: SourcePos) => CType;

/** Argument expressions evaluated in order (two that touch shared memory: both orders explored). */
export function evalArgs(ec: ExprCompiler, args: readonly Expr[], types: readonly (CType | null)[], pos: SourcePos): CType[] {
  const pieces = args.map((a, i) =>
    ec.ops.piece(() => {
      const t = ec.rvalue(a);
      const want = types[i];
      if (want !== undefined && want !== null) ec.convert(t, want, a.pos);
      return t;
    }),
  );
  ec.ops.list(pieces, pos);
  return pieces.map((p) => p.type);
}

export function arity(ec: ExprCompiler, name: string, args: readonly Expr[], n: number, pos: SourcePos): void {
  if (args.length !== n) ec.invalid(pos, `${name} takes ${n} argument(s), given ${args.length}`);
}

export function expectPtr(ec: ExprCompiler, name: string, t: CType | undefined, to: CType['k'], what: string, pos: SourcePos): void {
  if (t === undefined || t.k !== 'ptr' || t.to.k !== to) ec.invalid(pos, `${name} expects ${what}, given ${t === undefined ? 'nothing' : typeName(t)}`);
}

/** A kernel call with fixed argument types; `check` validates the argument types seen. */
export function kcall(kind: number, n: number, ret: CType, types: readonly (CType | null)[] = [], check?: (ec: ExprCompiler, seen: CType[], pos: SourcePos, name: string) => void): (name: string) => Handler {
  return (name) => (ec, args, pos) => {
    arity(ec, name, args, n, pos);
    const seen = evalArgs(ec, args, types, pos);
    check?.(ec, seen, pos, name);
    ec.at(pos);
    ec.code.emit(KOP, kind, n);
    return ret;
  };
}

export const lockArg = (ec: ExprCompiler, seen: CType[], pos: SourcePos, name: string): void => expectPtr(ec, name, seen[0], 'lock', 'the address of a spinlock_t', pos);
export const wqArg = (ec: ExprCompiler, seen: CType[], pos: SourcePos, name: string): void => expectPtr(ec, name, seen[0], 'waithead', 'the address of a wait_queue_head_t', pos);
export const wqAndEntry = (ec: ExprCompiler, seen: CType[], pos: SourcePos, name: string): void => {
  wqArg(ec, seen, pos, name);
  expectPtr(ec, name, seen[1], 'waitentry', 'the address of a wait_queue_t', pos);
};
