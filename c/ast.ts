/**
 * The C subset as a small syntax tree: what parse.ts makes of tree-sitter's concrete tree once every
 * construct outside the subset has been refused. Positions are those of the C file (1-based).
 */
import type { SourcePos } from './errors.ts';

/** GCC's typeof, in each spelling: outside the subset (a type is named). */
export const isTypeof = (name: string): boolean => name === 'typeof' || name === '__typeof__' || name === '__typeof';

/** A type as written: base specifier plus declarator shape (pointers, function, array). */
export type TypeExpr =
  | { readonly k: 'name'; readonly name: string; readonly pos: SourcePos }
  | { readonly k: 'struct'; readonly tag: string; readonly fields: readonly FieldDecl[] | null; readonly pos: SourcePos }
  | { readonly k: 'ptr'; readonly to: TypeExpr }
  | { readonly k: 'fn'; readonly ret: TypeExpr; readonly params: readonly ParamDecl[]; readonly pos: SourcePos }
  | { readonly k: 'array'; readonly of: TypeExpr; readonly size: Expr | null; readonly pos: SourcePos };

export interface FieldDecl {
  readonly name: string;
  readonly type: TypeExpr;
  readonly pos: SourcePos;
}

export interface ParamDecl {
  readonly name: string | null;
  readonly type: TypeExpr;
  readonly pos: SourcePos;
}

export type BinaryOp =
  | '+' | '-' | '*' | '/' | '%' | '<<' | '>>' | '&' | '|' | '^'
  | '<' | '<=' | '>' | '>=' | '==' | '!='
  | '&&' | '||';

export type AssignOp = '=' | '+=' | '-=' | '*=' | '/=' | '%=' | '<<=' | '>>=' | '&=' | '|=' | '^=';

export type Expr =
  | { readonly k: 'num'; readonly value: number; readonly unsigned: boolean; readonly long: boolean; readonly pos: SourcePos }
  | { readonly k: 'id'; readonly name: string; readonly pos: SourcePos }
  | { readonly k: 'unary'; readonly op: '-' | '+' | '!' | '~' | '*' | '&'; readonly arg: Expr; readonly pos: SourcePos }
  | { readonly k: 'update'; readonly op: '++' | '--'; readonly prefix: boolean; readonly arg: Expr; readonly pos: SourcePos }
  | { readonly k: 'binary'; readonly op: BinaryOp; readonly left: Expr; readonly right: Expr; readonly pos: SourcePos }
  | { readonly k: 'assign'; readonly op: AssignOp; readonly left: Expr; readonly right: Expr; readonly pos: SourcePos }
  | { readonly k: 'cond'; readonly test: Expr; readonly then: Expr; readonly else: Expr; readonly pos: SourcePos }
  | { readonly k: 'call'; readonly callee: Expr; readonly args: readonly Expr[]; readonly pos: SourcePos }
  | { readonly k: 'field'; readonly arg: Expr; readonly field: string; readonly arrow: boolean; readonly pos: SourcePos }
  | { readonly k: 'index'; readonly arg: Expr; readonly index: Expr; readonly pos: SourcePos }
  | { readonly k: 'cast'; readonly type: TypeExpr; readonly arg: Expr; readonly pos: SourcePos }
  | { readonly k: 'sizeof'; readonly type: TypeExpr | null; readonly arg: Expr | null; readonly pos: SourcePos }
  /** `offsetof(type, member)`: the member's byte offset (a constant). */
  | { readonly k: 'offsetof'; readonly type: TypeExpr; readonly member: string; readonly pos: SourcePos }
  | { readonly k: 'comma'; readonly left: Expr; readonly right: Expr; readonly pos: SourcePos }
  /** A string literal: only as an argument of a printing call (builtins.ts PRINTS), which ignores it. */
  | { readonly k: 'str'; readonly pos: SourcePos };

export interface VarDecl {
  readonly name: string;
  readonly type: TypeExpr;
  /** A braced list only for an array (or a static local, which is a global). */
  readonly init: Initializer | null;
  readonly pos: SourcePos;
  /** `static`: one variable for every call, static data like a global, named in this function's scope. */
  readonly isStatic?: boolean;
}

export type Stmt =
  | { readonly k: 'expr'; readonly e: Expr; readonly pos: SourcePos }
  | { readonly k: 'decl'; readonly vars: readonly VarDecl[]; readonly pos: SourcePos }
  | { readonly k: 'if'; readonly test: Expr; readonly then: Stmt; readonly else: Stmt | null; readonly pos: SourcePos }
  | { readonly k: 'while'; readonly test: Expr; readonly body: Stmt; readonly pos: SourcePos }
  | { readonly k: 'do'; readonly body: Stmt; readonly test: Expr; readonly pos: SourcePos }
  | { readonly k: 'for'; readonly init: Stmt | null; readonly test: Expr | null; readonly update: Expr | null; readonly body: Stmt; readonly pos: SourcePos }
  | { readonly k: 'block'; readonly body: readonly Stmt[]; readonly pos: SourcePos }
  | { readonly k: 'return'; readonly e: Expr | null; readonly pos: SourcePos }
  | { readonly k: 'break'; readonly pos: SourcePos }
  | { readonly k: 'continue'; readonly pos: SourcePos }
  | { readonly k: 'goto'; readonly label: string; readonly pos: SourcePos }
  | { readonly k: 'label'; readonly label: string; readonly body: Stmt; readonly pos: SourcePos }
  | { readonly k: 'switch'; readonly test: Expr; readonly cases: readonly SwitchCase[]; readonly pos: SourcePos }
  | { readonly k: 'empty'; readonly pos: SourcePos };

/** One `case value:` (value null: `default:`) with the statements up to the next label of its switch. */
export interface SwitchCase {
  readonly value: Expr | null;
  readonly body: readonly Stmt[];
  readonly pos: SourcePos;
}

export interface FunctionDef {
  readonly name: string;
  readonly ret: TypeExpr;
  readonly params: readonly ParamDecl[];
  readonly body: Stmt & { readonly k: 'block' };
  readonly isStatic: boolean;
  readonly pos: SourcePos;
  /** Line of the closing brace (where a fall-off-the-end return happens). */
  readonly endLine: number;
}

/** Top-level items of a translation unit, in source order. */
export type TopLevel =
  | { readonly k: 'function'; readonly def: FunctionDef }
  | { readonly k: 'prototype'; readonly name: string; readonly type: TypeExpr; readonly pos: SourcePos }
  | { readonly k: 'typedef'; readonly name: string; readonly type: TypeExpr; readonly pos: SourcePos }
  | { readonly k: 'struct'; readonly type: TypeExpr & { readonly k: 'struct' }; readonly pos: SourcePos }
  | { readonly k: 'export'; readonly name: string; readonly pos: SourcePos }
  | { readonly k: 'enum'; readonly constants: readonly Enumerator[]; readonly pos: SourcePos }
  /** A variable at file scope (`static` or not): it lives in simulated memory (c/statics.ts). */
  | { readonly k: 'global'; readonly name: string; readonly type: TypeExpr; readonly init: Initializer | null; readonly pos: SourcePos };

/** A global's initializer: an expression, or a braced list (`{ 1, .b = 2, [3] = 4 }`). */
export type Initializer = Expr | { readonly k: 'list'; readonly items: readonly InitItem[]; readonly pos: SourcePos };

/** One item of a braced initializer, with its designator (`.field =` or `[index] =`), if any. */
export interface InitItem {
  readonly field: string | null;
  readonly index: Expr | null;
  readonly value: Initializer;
  readonly pos: SourcePos;
}

/** `NAME` or `NAME = value` of an enum definition (value null: the previous one's plus one). */
export interface Enumerator {
  readonly name: string;
  readonly value: Expr | null;
  readonly pos: SourcePos;
}

export interface TranslationUnit {
  readonly file: string;
  readonly items: readonly TopLevel[];
}
