/**
 * Arrays as locals (`void *elems[4] = { NULL };`): each element is a frame slot of its own, the
 * thread's and no one else's, so reading or writing one is no kernel operation. The name is a local
 * reference to the first element (c/cfg.ts LOCAL_BASE), which indexing and pointer arithmetic move
 * within the array; one slot past the end is kept free, so that `t + n` is a valid pointer that no
 * load or store may use. Elements are whole words (pointers, longs), as in simulated memory.
 */
import type { Initializer, VarDecl } from './ast.ts';
import { CONST, SET } from './cfg.ts';
import type { Code } from './code.ts';
import type { ExprCompiler } from './compile-expr.ts';
import { constantOf } from './enums.ts';
import { CInvalid, CUnsupported } from './errors.ts';
import type { Globals } from './globals.ts';
import { strideOf, typeName, type CType } from './types.ts';

/** A local array's slots: `length` elements from `start`, then one slot no access may use. */
export interface LocalArray {
  readonly start: number;
  readonly length: number;
}

/** Elements a local array may have (its slots are part of every state the search keeps). */
const MAX_ELEMENTS = 1024;

/** Checks a local array's type and returns its element type. */
export function localArrayElement(v: VarDecl, type: CType & { k: 'array' }): CType {
  const of = type.of;
  if ((of.k !== 'int' && of.k !== 'ptr') || strideOf(of) !== 1) throw new CUnsupported(v.pos, `local array '${v.name}' of ${typeName(of)} (only whole-word elements: pointers, longs)`);
  if (type.n < 1 || type.n > MAX_ELEMENTS) throw new CUnsupported(v.pos, `local array '${v.name}' of ${type.n} elements (1 to ${MAX_ELEMENTS})`);
  return of;
}

/**
 * The initializer of a local array at `start`, run each time the declaration is: every element zero,
 * then the listed values in order (an `[index] =` designator moves the position), as C fills them.
 */
export function initLocalArray(ec: ExprCompiler, code: Code, g: Globals, v: VarDecl, array: LocalArray, of: CType, init: Initializer): void {
  if (init.k !== 'list') throw new CInvalid(init.pos, `local array '${v.name}' initialised with a single value (use braces)`);
  for (let i = 0; i < array.length; i++) {
    code.emit(CONST, 0, 0, 0);
    code.emit(SET, array.start + i);
  }
  let at = 0;
  for (const item of init.items) {
    if (item.field !== null) throw new CInvalid(item.pos, `member designator in the initializer of local array '${v.name}'`);
    if (item.index !== null) at = constantOf(item.index, g.constants);
    if (at < 0 || at >= array.length) throw new CInvalid(item.pos, `initializer of local array '${v.name}': element ${at} of ${array.length}`);
    if (item.value.k === 'list') throw new CUnsupported(item.value.pos, `braced element in the initializer of local array '${v.name}'`);
    ec.at(item.pos);
    ec.rvalueAs(item.value, of);
    code.emit(SET, array.start + at);
    at += 1;
  }
}
