/**
 * C types of the subset and how they sit in simulated memory. Memory is word-addressed: every scalar
 * (an int, a long, a pointer, a spinlock, a wait queue head) takes one word cell, a struct its fields'
 * words in order, so `sizeof(struct)` is 8 bytes a word (the port's `mempool_t` is 5 words, 40 bytes).
 * Pointer arithmetic and indexing go by whole words (arrays of pointers, longs, structs);
 * on smaller elements (int, char) they are refused.
 *
 * A struct field declared set-once (the tool's `mempool_t`: `pool_data`, `alloc`, `free`, written by
 * `mempool_create_node` before the pool is shared) takes no cell: it is a plain value of the pool, as
 * in the TypeScript port, so reading it is no kernel operation.
 */

export type IntType = { readonly k: 'int'; readonly name: string; readonly bytes: 1 | 2 | 4 | 8; readonly signed: boolean; readonly bool?: true };

export type CType =
  | { readonly k: 'void' }
  | IntType
  | { readonly k: 'ptr'; readonly to: CType }
  | { readonly k: 'struct'; readonly def: StructDef }
  | { readonly k: 'fn'; readonly ret: CType; readonly params: readonly CType[] }
  | { readonly k: 'array'; readonly of: CType; readonly n: number }
  /** spinlock_t: a lock word, used through its address. */
  | { readonly k: 'lock' }
  /** wait_queue_head_t: a wait queue, identified by its address. */
  | { readonly k: 'waithead' }
  /** wait_queue_t: an on-stack wait entry (locals only). */
  | { readonly k: 'waitentry' }
  /** An opaque kernel object reached by pointer only (struct kmem_cache, struct page). */
  | { readonly k: 'opaque'; readonly name: string };

export interface Field {
  readonly name: string;
  readonly type: CType;
  /** Word offset in the struct; null for a set-once field, which lives outside memory. */
  readonly offset: number | null;
  /** Index among the struct's set-once fields (when offset is null). */
  readonly plainIndex: number;
}

export class StructDef {
  fields: readonly Field[] | null = null;
  words = 0;
  plainCount = 0;
  constructor(readonly tag: string) {}

  field(name: string): Field | undefined {
    return this.fields?.find((f) => f.name === name);
  }
}

const int = (name: string, bytes: 1 | 2 | 4 | 8, signed: boolean): IntType => ({ k: 'int', name, bytes, signed });

export const T = {
  void: { k: 'void' } as CType,
  char: int('char', 1, true),
  uchar: int('unsigned char', 1, false),
  short: int('short', 2, true),
  ushort: int('unsigned short', 2, false),
  int: int('int', 4, true),
  uint: int('unsigned int', 4, false),
  long: int('long', 8, true),
  ulong: int('unsigned long', 8, false),
  bool: { k: 'int', name: 'bool', bytes: 1, signed: false, bool: true } as IntType,
  lock: { k: 'lock' } as CType,
  waithead: { k: 'waithead' } as CType,
  waitentry: { k: 'waitentry' } as CType,
} as const;

export const ptrTo = (to: CType): CType => ({ k: 'ptr', to });
export const VOID_PTR = ptrTo(T.void);

/** Words a value of this type occupies in memory (null: it cannot be in memory). */
export function wordsOf(t: CType): number | null {
  switch (t.k) {
    case 'int':
    case 'ptr':
    case 'lock':
    case 'waithead':
      return 1;
    case 'struct':
      return t.def.fields === null ? null : t.def.words;
    case 'array': {
      const w = wordsOf(t.of);
      return w === null ? null : w * t.n;
    }
    default:
      return null;
  }
}

/** sizeof in bytes (null: incomplete or not an object type). */
export function sizeOf(t: CType): number | null {
  if (t.k === 'int') return t.bytes;
  const w = wordsOf(t);
  return w === null ? null : w * 8;
}

/** Words one step of pointer arithmetic moves for a pointer to `t` (null: not a whole number of words). */
export function strideOf(t: CType): number | null {
  if (t.k === 'int') return t.bytes === 8 ? 1 : null;
  if (t.k === 'void') return null;
  return wordsOf(t);
}

export const isInt = (t: CType): t is IntType => t.k === 'int';
export const isPtr = (t: CType): boolean => t.k === 'ptr';
export const isScalar = (t: CType): boolean => t.k === 'int' || t.k === 'ptr';

/** The usual arithmetic conversions of two integer types (C11 6.3.1.8, for the widths of the subset). */
export function commonInt(a: IntType, b: IntType): IntType {
  const pa = promote(a);
  const pb = promote(b);
  if (pa.bytes !== pb.bytes) return pa.bytes > pb.bytes ? pa : pb;
  if (pa.signed === pb.signed) return pa;
  return pa.signed ? pb : pa;
}

/** Integer promotion: anything narrower than int becomes int. */
export function promote(t: IntType): IntType {
  return t.bytes < 4 ? T.int : t;
}

/** How a value is brought into an integer type's range (the code the interpreter applies). */
export const enumNorm = { none: 0, i32: 1, u32: 2, u64: 3, i8: 4, u8: 5, i16: 6, u16: 7, bool: 8 } as const;
export type Norm = (typeof enumNorm)[keyof typeof enumNorm];

export function normOf(t: CType): Norm {
  if (t.k !== 'int') return enumNorm.none;
  if (t.bool === true) return enumNorm.bool;
  switch (t.bytes) {
    case 1:
      return t.signed ? enumNorm.i8 : enumNorm.u8;
    case 2:
      return t.signed ? enumNorm.i16 : enumNorm.u16;
    case 4:
      return t.signed ? enumNorm.i32 : enumNorm.u32;
    default:
      // 64-bit: JavaScript numbers are exact to 2^53; int overflow is outside the subset's promise.
      return t.signed ? enumNorm.none : enumNorm.u64;
  }
}

export function typeName(t: CType): string {
  switch (t.k) {
    case 'void':
      return 'void';
    case 'int':
      return t.name;
    case 'ptr':
      return t.to.k === 'fn' ? `${typeName(t.to.ret)} (*)(...)` : `${typeName(t.to)} *`;
    case 'struct':
      return `struct ${t.def.tag}`;
    case 'fn':
      return `${typeName(t.ret)} (${t.params.map(typeName).join(', ')})`;
    case 'array':
      return `${typeName(t.of)}[${t.n}]`;
    case 'lock':
      return 'spinlock_t';
    case 'waithead':
      return 'wait_queue_head_t';
    case 'waitentry':
      return 'wait_queue_t';
    case 'opaque':
      return `struct ${t.name}`;
    default: {
      const never: never = t;
      return String(never);
    }
  }
}
