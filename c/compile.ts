/**
 * Translation units to a program: file-scope declarations gathered in order (the tool's headers, the
 * user's file, then the seed's alloc/free functions the file does not define itself), every defined
 * function compiled to its control-flow graph, the globals laid out as static data.
 */
import type { TranslationUnit } from './ast.ts';
import { namesIn } from './ast-walk.ts';
import { Builtins } from './builtins.ts';
import type { CFunction } from './cfg.ts';
import { compileFunction } from './compile-fn.ts';
import { defineEnumerators } from './enums.ts';
import { CInvalid } from './errors.ts';
import { Globals } from './globals.ts';
import { staticsOf, type Statics } from './statics.ts';
import type { StructDef } from './types.ts';

export interface CProgram {
  /** The user's file, as named. */
  readonly file: string;
  readonly functions: readonly CFunction[];
  readonly byName: ReadonlyMap<string, CFunction>;
  readonly structs: ReadonlyMap<string, StructDef>;
  readonly typedefs: Globals['typedefs'];
  /** The file's globals (c/statics.ts). */
  readonly statics: Statics;
}

export interface CompileOptions {
  readonly debugVm: boolean;
  /** Files whose functions are the kernel headers' static inlines: dropped when they use a function nobody defines. */
  readonly headers?: ReadonlySet<string>;
}

export function compileProgram(file: string, units: readonly TranslationUnit[], options: CompileOptions): CProgram {
  const g = new Globals();
  const builtins = new Builtins(options);
  const exports: { name: string; pos: { file: string; line: number; col: number } }[] = [];
  const owner = new Map<string, string>();
  for (const unit of units) {
    for (const item of unit.items) {
      switch (item.k) {
        case 'typedef':
          if (g.typedefs.has(item.name)) throw new CInvalid(item.pos, `typedef '${item.name}' redefined (the kernel's headers declare it)`);
          g.typedefs.set(item.name, g.resolve(item.type));
          break;
        case 'struct':
          g.resolve(item.type);
          break;
        case 'prototype':
          if (builtins.has(item.name)) break; // a header-style declaration of a kernel function
          g.declareFunction(item.name, g.resolve(item.type), item.pos, null);
          break;
        case 'function': {
          const def = item.def;
          if (builtins.has(def.name)) throw new CInvalid(def.pos, `'${def.name}' is a kernel function the checker provides; it cannot be redefined`);
          const type = g.resolve({ k: 'fn', ret: def.ret, params: def.params, pos: def.pos });
          g.declareFunction(def.name, type, def.pos, def);
          owner.set(def.name, unit.file);
          break;
        }
        case 'export':
          exports.push({ name: item.name, pos: item.pos });
          break;
        case 'global':
          g.declareVariable(item.name, g.resolve(item.type), item.init, item.pos);
          break;
        case 'enum':
          defineEnumerators(item.constants, g.constants, (name) => g.functions.has(name) || builtins.has(name));
          break;
        default: {
          const never: never = item;
          throw new Error(`unknown top-level item ${JSON.stringify(never)}`);
        }
      }
    }
  }
  for (const e of exports) {
    if (g.functions.get(e.name)?.def == null) throw new CInvalid(e.pos, `EXPORT_SYMBOL of '${e.name}', which is not defined here`);
  }
  unlinkHeaderFunctions(g, owner, options.headers ?? new Set());
  const defined = [...g.functions.values()].filter((f) => f.def !== null);
  defined.forEach((f, i) => {
    f.index = i;
  });
  const functions = defined.map((f) => compileFunction(f.def as NonNullable<typeof f.def>, f.index, owner.get(f.name) ?? file, g, builtins));
  return { file, functions, byName: new Map(functions.map((f) => [f.name, f])), structs: g.structs, typedefs: g.typedefs, statics: staticsOf(g) };
}

/**
 * A header's static inline that refers to a function nobody defines is never used (a file that is not
 * a pool need not define mempool_create): it is dropped, as a C compiler drops an unused inline. A use
 * of it is then refused like a use of any declared but undefined function.
 */
function unlinkHeaderFunctions(g: Globals, owner: Map<string, string>, headers: ReadonlySet<string>): void {
  for (let changed = true; changed; ) {
    changed = false;
    for (const f of g.functions.values()) {
      if (f.def === null || !headers.has(owner.get(f.name) ?? '')) continue;
      const missing = [...namesIn(f.def.body)].some((n) => g.functions.has(n) && g.functions.get(n)?.def === null);
      if (missing) {
        f.def = null;
        changed = true;
      }
    }
  }
}
