/**
 * A file's globals as static data: every variable at file scope takes words of simulated memory, laid
 * out in declaration order from HARNESS_BASE (the first harness cells of each kernel the file runs on,
 * Kernel.defineStatics), so its address is a constant of the compiled code. They start at zero or at
 * their initialiser: an integer constant expression, NULL, a function of the file or a global's
 * address, or a braced list of those over an array's elements or a struct's members. Being memory,
 * they are shared like any other: every access is a kernel operation, races on them are reported, and
 * the stateful search fingerprints them.
 */
import type { Expr, Initializer } from './ast.ts';
import { FN_BASE } from './cfg.ts';
import { constantOf } from './enums.ts';
import { CInvalid } from './errors.ts';
import type { Globals, GlobalVariable } from './globals.ts';
import { isScalar, normOf, typeName, wordsOf, type CType } from './types.ts';
import { HARNESS_BASE } from '../kernel/rt/ops.ts';
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
    if (v.init !== null) fill(values, v.offset, v.type, v.init, v, g);
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

/** Writes `init` for an object of type `t` at word `at`: a value, or a braced list over its elements or members. */
function fill(values: number[], at: number, t: CType, init: Initializer, v: GlobalVariable, g: Globals): void {
  if (init.k !== 'list') {
    if (!isScalar(t)) throw new CInvalid(init.pos, `global '${v.name}': ${typeName(t)} initialised with a single value`);
    values[at] = scalarValue(t, init, v, g);
    return;
  }
  const items = init.items;
  if (t.k === 'array') {
    const stride = wordsOf(t.of) ?? 0;
    let i = 0;
    for (const item of items) {
      if (item.field !== null) throw new CInvalid(item.pos, `global '${v.name}': member designator in an array initializer`);
      if (item.index !== null) i = constantOf(item.index, g.constants);
      if (i < 0 || i >= t.n) throw new CInvalid(item.pos, `global '${v.name}': initializer index ${i} outside the array of ${t.n}`);
      fill(values, at + i * stride, t.of, item.value, v, g);
      i += 1;
    }
    return;
  }
  if (t.k === 'struct') {
    const fields = (t.def.fields ?? []).filter((f) => f.offset !== null);
    let i = 0;
    for (const item of items) {
      if (item.index !== null) throw new CInvalid(item.pos, `global '${v.name}': index designator in a struct initializer`);
      if (item.field !== null) i = fields.findIndex((f) => f.name === item.field);
      const field = fields[i];
      if (field === undefined) throw new CInvalid(item.pos, `global '${v.name}': ${item.field === null ? 'too many initializers' : `no member '${item.field}'`} for ${typeName(t)}`);
      fill(values, at + (field.offset as number), field.type, item.value, v, g);
      i += 1;
    }
    return;
  }
  const only = items[0];
  if (items.length !== 1 || only === undefined || only.field !== null || only.index !== null) throw new CInvalid(init.pos, `global '${v.name}': braces around a scalar hold one value`);
  fill(values, at, t, only.value, v, g);
}

function scalarValue(t: CType, init: Expr, v: GlobalVariable, g: Globals): number {
  const value = constantValue(init, g);
  if (t.k === 'int') return normalize(normOf(t), value);
  const isStatic = value >= HARNESS_BASE && value < HARNESS_BASE + g.staticWords;
  if (value !== 0 && value < FN_BASE && !isStatic) throw new CInvalid(init.pos, `pointer '${v.name}' initialised to something other than NULL, a function or a global's address`);
  return value;
}

/**
 * An initialiser's value: a function's handle, a global's address (`&x`, `&table[2]`, an array's
 * name), a cast of a constant, or an integer constant expression.
 */
function constantValue(e: Expr, g: Globals): number {
  const fn = e.k === 'id' ? e.name : e.k === 'unary' && e.op === '&' && e.arg.k === 'id' ? e.arg.name : null;
  if (fn !== null && g.functions.has(fn)) {
    const entry = g.functions.get(fn);
    if (entry?.def == null) throw new CInvalid(e.pos, `'${fn}' is declared but not defined in the file`);
    return FN_BASE + entry.index;
  }
  const address = staticAddress(e, g);
  if (address !== null) return address;
  if (e.k === 'cast') return constantValue(e.arg, g);
  return constantOf(e, g.constants);
}

function staticAddress(e: Expr, g: Globals): number | null {
  if (e.k === 'id') {
    const global = g.variables.get(e.name);
    return global?.type.k === 'array' ? HARNESS_BASE + global.offset : null;
  }
  if (e.k !== 'unary' || e.op !== '&') return null;
  const target = e.arg;
  if (target.k === 'id') {
    const global = g.variables.get(target.name);
    return global === undefined ? null : HARNESS_BASE + global.offset;
  }
  if (target.k === 'index' && target.arg.k === 'id') {
    const global = g.variables.get(target.arg.name);
    if (global === undefined || global.type.k !== 'array') return null;
    return HARNESS_BASE + global.offset + constantOf(target.index, g.constants) * (wordsOf(global.type.of) ?? 0);
  }
  return null;
}
