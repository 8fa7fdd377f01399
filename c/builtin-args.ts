/**
 * What every builtin handler shares: its signature, its arguments evaluated in order (two that touch
 * shared memory in both orders, as C leaves them unsequenced), and the arity check.
 */
import type { Expr } from './ast.ts';
import type { ExprCompiler } from './compile-expr.ts';
import type { SourcePos } from './errors.ts';
import type { CType } from './types.ts';

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

