/**
 * What a translation unit declares at file scope: typedefs, structs (with their memory layout),
 * functions (defined or only declared). Type expressions are resolved to C types here.
 */
import type { FunctionDef, Initializer, TypeExpr } from './ast.ts';
import { CInvalid, CUnsupported, type SourcePos } from './errors.ts';
import { BUILTIN_TYPEDEFS, OPAQUE_STRUCTS, SET_ONCE_FIELDS, STRUCT_ALIASES } from './headers.ts';
import { StructDef, T, typeName, wordsOf, type CType, type Field } from './types.ts';

const BASE_TYPES: ReadonlyMap<string, CType> = new Map<string, CType>([
  ['void', T.void],
  ['char', T.char],
  ['signed char', T.char],
  ['unsigned char', T.uchar],
  ['short', T.short],
  ['unsigned short', T.ushort],
  ['int', T.int],
  ['unsigned int', T.uint],
  ['long', T.long],
  ['unsigned long', T.ulong],
]);

export interface FunctionEntry {
  readonly name: string;
  readonly type: CType & { k: 'fn' };
  def: FunctionDef | null;
  /** Index in the program's function table (assigned when defined). */
  index: number;
  readonly pos: SourcePos;
}

/** A variable at file scope: `offset` words into the implementation's static data (c/statics.ts). */
export interface GlobalVariable {
  readonly name: string;
  readonly type: CType;
  readonly offset: number;
  readonly init: Initializer | null;
  readonly pos: SourcePos;
}

export class Globals {
  readonly typedefs = new Map<string, CType>(BUILTIN_TYPEDEFS);
  readonly structs = new Map<string, StructDef>();
  readonly functions = new Map<string, FunctionEntry>();
  /** Enum constants by name. */
  readonly constants = new Map<string, number>();
  /** Variables at file scope, and the words of static data they take. */
  readonly variables = new Map<string, GlobalVariable>();
  staticWords = 0;
  /** Struct definitions already laid out (a typedef of a struct definition resolves it twice). */
  private readonly laidOut = new WeakSet<TypeExpr>();

  resolve(t: TypeExpr): CType {
    switch (t.k) {
      case 'name': {
        const found = this.typedefs.get(t.name) ?? BASE_TYPES.get(t.name);
        if (found === undefined) throw new CUnsupported(t.pos, `type '${t.name}'`);
        return found;
      }
      case 'ptr':
        return { k: 'ptr', to: this.resolve(t.to) };
      case 'fn':
        return { k: 'fn', ret: this.resolve(t.ret), params: t.params.map((p) => this.resolve(p.type)) };
      case 'array': {
        if (t.size === null || t.size.k !== 'num') throw new CUnsupported(t.pos, 'array without a constant size');
        return { k: 'array', of: this.resolve(t.of), n: t.size.value };
      }
      case 'struct':
        return this.struct(t);
      default: {
        const never: never = t;
        throw new Error(`unknown type expression ${JSON.stringify(never)}`);
      }
    }
  }

  private struct(t: TypeExpr & { k: 'struct' }): CType {
    if (OPAQUE_STRUCTS.has(t.tag)) {
      if (t.fields !== null) throw new CUnsupported(t.pos, `struct ${t.tag} defined again (the kernel's headers declare it)`);
      return { k: 'opaque', name: t.tag };
    }
    const tag = STRUCT_ALIASES.get(t.tag) ?? t.tag;
    let def = this.structs.get(tag);
    if (def === undefined) {
      def = new StructDef(tag);
      this.structs.set(tag, def);
    }
    if (t.fields !== null && !this.laidOut.has(t)) {
      this.laidOut.add(t);
      if (def.fields !== null) throw new CInvalid(t.pos, `struct ${t.tag} defined twice`);
      this.layout(def, t);
    }
    return { k: 'struct', def };
  }

  private layout(def: StructDef, t: TypeExpr & { k: 'struct' }): void {
    const setOnce = SET_ONCE_FIELDS.get(def.tag);
    const fields: Field[] = [];
    let words = 0;
    let plain = 0;
    for (const f of t.fields ?? []) {
      const type = this.resolve(f.type);
      if (fields.some((g) => g.name === f.name)) throw new CInvalid(f.pos, `duplicate member '${f.name}'`);
      if (setOnce?.has(f.name) === true) {
        fields.push({ name: f.name, type, offset: null, plainIndex: plain++ });
        continue;
      }
      if (type.k === 'waitentry') throw new CUnsupported(f.pos, `wait_queue_t member '${f.name}' (wait entries live on the stack)`);
      const w = wordsOf(type);
      if (w === null) throw new CUnsupported(f.pos, `member '${f.name}' of incomplete or function type`);
      fields.push({ name: f.name, type, offset: words, plainIndex: -1 });
      words += w;
    }
    def.fields = fields;
    def.words = words;
    def.plainCount = plain;
  }

  declareVariable(name: string, type: CType, init: Initializer | null, pos: SourcePos): void {
    if (this.variables.has(name) || this.functions.has(name) || this.constants.has(name)) throw new CInvalid(pos, `'${name}' redefined`);
    if (type.k === 'waitentry') throw new CUnsupported(pos, `global wait_queue_t '${name}' (wait entries live on the stack)`);
    if (type.k === 'struct' && type.def.plainCount > 0) throw new CUnsupported(pos, `global ${typeName(type)} '${name}' (its set-once members live with a pool: use a pointer)`);
    const words = wordsOf(type);
    if (words === null) throw new CUnsupported(pos, `global '${name}' of type ${typeName(type)}`);
    this.variables.set(name, { name, type, offset: this.staticWords, init, pos });
    this.staticWords += words;
  }

  declareFunction(name: string, type: CType, pos: SourcePos, def: FunctionDef | null): void {
    if (type.k !== 'fn') throw new CInvalid(pos, `'${name}' is not a function`);
    if (this.variables.has(name)) throw new CInvalid(pos, `'${name}' redefined`);
    const old = this.functions.get(name);
    if (old === undefined) {
      this.functions.set(name, { name, type, def, index: -1, pos });
      return;
    }
    if (def !== null) {
      if (old.def !== null) throw new CInvalid(pos, `function '${name}' defined twice (first at line ${old.def.pos.line})`);
      old.def = def;
    }
  }
}
