/**
 * A file's globals as static data: every variable at file scope takes words of simulated memory, laid
 * out in declaration order from HARNESS_BASE (the first harness cells of each kernel the file runs on,
 * Kernel.defineStatics), so its address is a constant of the compiled code. They start at zero or at
 * their initialiser: an integer constant expression, NULL, or a function of the file. Being memory,
 * they are shared like any other: every access is a kernel operation, races on them are reported, and
 * the stateful search fingerprints them.
 */
import type { Expr } from './ast.ts';
import { FN_BASE } from './cfg.ts';
import { constantOf } from './enums.ts';
import { CInvalid } from './errors.ts';
import type { Globals, GlobalVariable } from './globals.ts';
import { isScalar, normOf, typeName, type CType } from './types.ts';
import { normalize } from './values.ts';

export interface Statics {
  /** The initial value of each word. */
  readonly values: readonly number[];
  /** What reports call each word: `counter`, `table[1]`, `stats.frees`. */
  readonly names: readonly string[];
}

export function staticsOf(g: Globals): Statics {
  const values = new Array<number>(g.staticWords).fill(0);
  const names: string[] = [];
  for (const v of g.variables.values()) {
    names.push(...wordNames(v.name, v.type));
    if (v.init !== null) values[v.offset] = initialValue(v, v.init, g);
  }
  return { values, names };
}

function wordNames(prefix: string, t: CType): string[] {
  switch (t.k) {
    case 'array':
      return Array.from({ length: t.n }, (_x, i) => wordNames(`${prefix}[${i}]`, t.of)).flat();
    case 'struct':
      return (t.def.fields ?? []).filter((f) => f.offset !== null).flatMap((f) => wordNames(`${prefix}.${f.name}`, f.type));
    default:
      return [prefix];
  }
}

function initialValue(v: GlobalVariable, init: Expr, g: Globals): number {
  if (!isScalar(v.type)) throw new CInvalid(v.pos, `global '${v.name}' of type ${typeName(v.type)} initialised with a single value`);
  const value = constantValue(init, g);
  if (v.type.k === 'int') return normalize(normOf(v.type), value);
  if (value !== 0 && value < FN_BASE) throw new CInvalid(init.pos, `pointer '${v.name}' initialised to something other than NULL or a function`);
  return value;
}

/** An initialiser's value: a function's handle, a cast of a constant, or an integer constant expression. */
function constantValue(e: Expr, g: Globals): number {
  const fn = e.k === 'id' ? e.name : e.k === 'unary' && e.op === '&' && e.arg.k === 'id' ? e.arg.name : null;
  if (fn !== null && g.functions.has(fn)) {
    const entry = g.functions.get(fn);
    if (entry?.def == null) throw new CInvalid(e.pos, `'${fn}' is declared but not defined in the file`);
    return FN_BASE + entry.index;
  }
  if (e.k === 'cast') return constantValue(e.arg, g);
  return constantOf(e, g.constants);
}
