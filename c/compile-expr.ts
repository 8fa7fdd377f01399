/**
 * Expressions to instructions. Every expression leaves exactly one value on the operand stack (a void
 * one leaves 0). Locals are frame slots (no kernel operation); struct members and array elements are
 * memory cells (a LOAD or STORE: a kernel operation); set-once members are plain values (PGET/PSET).
 *
 * Where C leaves the order of two operands open and both may touch shared memory (L317:
 * `pool->curr_nr < pool->min_nr`), `operands.ts` lays them out under an ORDER choice; otherwise they
 * are evaluated as written (for a subscript: index, then array, as the port does at L22 and L28).
 */
import { isTypeof, type Expr } from './ast.ts';
import type { Builtins } from './builtins.ts';
import { ACCESS_ORDERS, CONST, FN_BASE, type Instr, JF, JMP, LADDR, LOAD, LOCAL, NORM, PADD, PGET, POP, UN, UNOPS } from './cfg.ts';
import type { Code } from './code.ts';
import { CInvalid, CUnsupported, type SourcePos } from './errors.ts';
import type { Globals } from './globals.ts';
import { HARNESS_BASE } from '../kernel/rt/ops.ts';
import { Operands } from './operands.ts';
import { T, VOID_PTR, isInt, normOf, promote, ptrTo, sizeOf, typeName, type CType } from './types.ts';

const isCachePtr = (t: CType): boolean => t.k === 'ptr' && t.to.k === 'opaque' && t.to.name === 'kmem_cache';

export type LValue =
  | { readonly k: 'local'; readonly slot: number; readonly type: CType; readonly name: string }
  /** A memory cell: its address is on the stack. */
  | { readonly k: 'mem'; readonly type: CType }
  /** A set-once struct member: the struct's address is on the stack. */
  | { readonly k: 'plain'; readonly type: CType; readonly index: number; readonly field: string };

export interface Local {
  readonly name: string;
  readonly slot: number;
  readonly type: CType;
  /** A static local: the global variable (Globals.variables) it names; it has no slot. */
  readonly global?: string;
}

/** What the expression compiler needs from the function being compiled. */
export interface LocalScope {
  lookup(name: string): Local | undefined;
  /** A fresh hidden local (an address or value kept across an unsequenced pair). */
  temp(): number;
}

export const PLAIN_ORDER = ACCESS_ORDERS.indexOf('plain');

export class ExprCompiler {
  readonly ops: Operands;

  constructor(
    readonly code: Code,
    readonly g: Globals,
    readonly locals: LocalScope,
    readonly builtins: Builtins,
  ) {
    this.ops = new Operands(this);
  }

  at(pos: SourcePos): void {
    this.code.line = pos.line;
    this.code.col = pos.col;
  }

  unsupported(pos: SourcePos, what: string): never {
    throw new CUnsupported(pos, what);
  }

  invalid(pos: SourcePos, what: string): never {
    throw new CInvalid(pos, what);
  }

  /** Compiles `e` for its value; returns its type (arrays and functions decayed to pointers). */
  rvalue(e: Expr): CType {
    this.at(e.pos);
    switch (e.k) {
      case 'num':
        return this.number(e);
      case 'id':
        return this.identifier(e);
      case 'unary':
        return this.unary(e);
      case 'update':
        return this.ops.update(e);
      case 'binary':
        return this.ops.binary(e);
      case 'assign':
        return this.ops.assign(e);
      case 'cond':
        return this.ops.conditional(e);
      case 'call':
        return this.call(e);
      case 'field':
        if (e.arrow && e.field === 'ctor') {
          const base = this.code.piece(() => this.rvalue(e.arg));
          if (isCachePtr(base.value)) return this.cacheCtor(base.code, e.pos);
        }
        return this.read(this.lvalue(e), e.pos);
      case 'index':
        return this.read(this.lvalue(e), e.pos);
      case 'cast':
        return this.cast(e);
      case 'sizeof':
        return this.sizeofExpr(e);
      case 'offsetof':
        return this.offsetofExpr(e);
      case 'str':
        return this.unsupported(e.pos, 'string literal (only as the format of printk or pr_*)');
      case 'comma': {
        const left = this.ops.piece(() => this.rvalue(e.left));
        this.code.append(left.code);
        this.ops.flush(left);
        this.code.emit(POP);
        return this.rvalue(e.right);
      }
      default: {
        const never: never = e;
        throw new Error(`unknown expression ${JSON.stringify(never)}`);
      }
    }
  }

  /** The value `e` converted to `to` (assignment, argument, return). */
  rvalueAs(e: Expr, to: CType): void {
    const from = this.rvalue(e);
    this.convert(from, to, e.pos);
  }

  convert(from: CType, to: CType, pos: SourcePos): void {
    if (to.k === 'struct' || from.k === 'struct') this.unsupported(pos, `struct value (${typeName(from)} to ${typeName(to)})`);
    if (to.k === 'int') {
      const norm = normOf(to);
      if (!(from.k === 'int' && normOf(from) === norm && from.bytes <= to.bytes)) this.code.emit(NORM, norm);
    }
  }

  private number(e: Expr & { k: 'num' }): CType {
    const fitsInt = e.value <= 0x7fffffff;
    const type = e.unsigned ? (!e.long && e.value <= 0xffffffff ? T.uint : T.ulong) : e.long || !fitsInt ? (e.value <= 0xffffffff && !e.long ? T.uint : T.long) : T.int;
    this.code.emit(CONST, 0, 0, e.value);
    return type;
  }

  private identifier(e: Expr & { k: 'id' }): CType {
    const local = this.locals.lookup(e.name);
    if (local !== undefined) return this.read(this.lvalue(e), e.pos);
    const constant = this.g.constants.get(e.name);
    if (constant !== undefined) {
      this.code.emit(CONST, 0, 0, constant);
      return T.int;
    }
    const fn = this.g.functions.get(e.name);
    if (fn !== undefined) {
      this.code.emit(CONST, 0, 0, FN_BASE + this.functionIndex(e.name, e.pos));
      return ptrTo(fn.type);
    }
    if (this.g.variables.has(e.name)) return this.read(this.lvalue(e), e.pos);
    if (this.builtins.has(e.name)) this.unsupported(e.pos, `kernel function '${e.name}' used as a value`);
    // The parser reads `typeof(x) *p` as a call; the list macros that need it type their pos themselves.
    if (isTypeof(e.name)) this.unsupported(e.pos, `${e.name} (name the type)`);
    return this.invalid(e.pos, `undeclared identifier '${e.name}'`);
  }

  /** The table index of a defined function (a call or a function pointer to one). */
  functionIndex(name: string, pos: SourcePos): number {
    const fn = this.g.functions.get(name);
    if (fn === undefined) return this.invalid(pos, `undeclared function '${name}'`);
    if (fn.def === null) return this.invalid(pos, `'${name}' is declared but not defined in the file`);
    return fn.index;
  }

  private unary(e: Expr & { k: 'unary' }): CType {
    switch (e.op) {
      case '-':
      case '~': {
        const t = this.rvalue(e.arg);
        if (!isInt(t)) this.invalid(e.pos, `operator ${e.op} on ${typeName(t)}`);
        const p = promote(t);
        this.code.emit(UN, UNOPS.indexOf(e.op), normOf(p));
        return p;
      }
      case '+': {
        const t = this.rvalue(e.arg);
        if (!isInt(t)) this.invalid(e.pos, `operator + on ${typeName(t)}`);
        return promote(t);
      }
      case '!':
        this.scalar(this.rvalue(e.arg), e.pos);
        this.code.emit(UN, UNOPS.indexOf('!'), 0);
        return T.int;
      case '*':
        return this.read(this.lvalue(e), e.pos);
      case '&':
        return this.addressOf(e.arg, e.pos);
      default: {
        const never: never = e.op;
        throw new Error(`unknown unary operator ${String(never)}`);
      }
    }
  }

  scalar(t: CType, pos: SourcePos): void {
    if (t.k !== 'int' && t.k !== 'ptr') this.invalid(pos, `${typeName(t)} used where a scalar is required`);
  }

  private addressOf(arg: Expr, pos: SourcePos): CType {
    if (arg.k === 'id') {
      const found = this.locals.lookup(arg.name);
      const local = found?.global === undefined ? found : undefined;
      if (local?.type.k === 'waitentry') {
        this.code.emit(LOCAL, local.slot);
        return ptrTo(T.waitentry);
      }
      if (local !== undefined) {
        if (local.type.k !== 'int' && local.type.k !== 'ptr') this.unsupported(pos, `address of local variable '${arg.name}' of type ${typeName(local.type)}`);
        // A local reference (cfg.ts LOCAL_BASE): loads and stores through it reach the frame, not memory.
        this.code.emit(LADDR, local.slot);
        return ptrTo(local.type);
      }
      if (this.g.functions.has(arg.name)) return this.rvalue(arg);
    }
    const lv = this.lvalue(arg);
    if (lv.k === 'plain') this.unsupported(pos, `address of set-once member '${lv.field}'`);
    if (lv.k === 'local') this.unsupported(pos, `address of local variable '${lv.name}'`);
    return ptrTo(lv.type);
  }

  /** The value of an lvalue whose location code has been emitted. */
  read(lv: LValue, pos: SourcePos): CType {
    this.at(pos);
    const t = lv.type;
    if (t.k === 'array') {
      // A local array's name is a local reference to its first element (c/local-arrays.ts).
      if (lv.k === 'local') this.code.emit(LADDR, lv.slot);
      else if (lv.k !== 'mem') this.unsupported(pos, 'array outside memory');
      return ptrTo(t.of);
    }
    if (t.k === 'struct') this.unsupported(pos, `struct value of type ${typeName(t)} (use its members or a pointer)`);
    if (t.k === 'lock' || t.k === 'waithead' || t.k === 'waitentry') this.invalid(pos, `${typeName(t)} used as a value (pass its address)`);
    if (t.k === 'void' || t.k === 'fn' || t.k === 'opaque') this.invalid(pos, `value of type ${typeName(t)}`);
    if (lv.k === 'local') this.code.emit(LOCAL, lv.slot);
    else if (lv.k === 'mem') this.code.emit(LOAD, PLAIN_ORDER);
    else this.code.emit(PGET, lv.index);
    return t;
  }

  /** Emits the location of an lvalue (an address for memory, nothing for a local). */
  lvalue(e: Expr): LValue {
    this.at(e.pos);
    switch (e.k) {
      case 'id': {
        const local = this.locals.lookup(e.name);
        if (local !== undefined && local.global === undefined) return { k: 'local', slot: local.slot, type: local.type, name: local.name };
        const global = this.g.variables.get(local?.global ?? e.name);
        if (global === undefined) return this.invalid(e.pos, `'${e.name}' is not an assignable variable`);
        // A global is static data in memory, at an address fixed when the file is compiled.
        this.code.emit(CONST, 0, 0, HARNESS_BASE + global.offset);
        return { k: 'mem', type: global.type };
      }
      case 'unary':
        if (e.op !== '*') break;
        return { k: 'mem', type: this.pointee(this.rvalue(e.arg), e.pos) };
      case 'field':
        return this.member(e);
      case 'index':
        return { k: 'mem', type: this.ops.subscript(e) };
      default:
        break;
    }
    return this.invalid(e.pos, 'expression is not assignable');
  }

  /**
   * `cache->ctor` of a struct kmem_cache (mempool_alloc_slab's VM_BUG_ON from Linux v4.3 on): NULL.
   * The simulated caches have no constructor, and the member is set at cache creation, before any
   * pool exists, so reading it is no shared access.
   */
  private cacheCtor(base: readonly Instr[], pos: SourcePos): CType {
    this.code.append(base);
    this.at(pos);
    this.code.emit(POP);
    this.code.emit(CONST, 0, 0, 0);
    return VOID_PTR;
  }

  /** The type a pointer points to, for a dereference. */
  pointee(t: CType, pos: SourcePos): CType {
    if (t.k !== 'ptr') return this.invalid(pos, `dereference of ${typeName(t)}`);
    if (t.to.k === 'void') return this.invalid(pos, 'dereference of void *');
    if (t.to.k === 'opaque') return this.unsupported(pos, `dereference of ${typeName(t)} (an opaque kernel object)`);
    return t.to;
  }

  private member(e: Expr & { k: 'field' }): LValue {
    let structType: CType;
    if (e.arrow) {
      structType = this.pointee(this.rvalue(e.arg), e.pos);
    } else {
      const base = this.lvalue(e.arg);
      if (base.k !== 'mem') return this.unsupported(e.pos, `member of a local struct (.${e.field})`);
      structType = base.type;
    }
    if (structType.k !== 'struct') return this.invalid(e.pos, `member '${e.field}' of ${typeName(structType)}`);
    if (structType.def.fields === null) return this.invalid(e.pos, `member '${e.field}' of incomplete struct ${structType.def.tag}`);
    const field = structType.def.field(e.field);
    if (field === undefined) return this.invalid(e.pos, `struct ${structType.def.tag} has no member '${e.field}'`);
    this.at(e.pos);
    if (field.offset === null) return { k: 'plain', type: field.type, index: field.plainIndex, field: field.name };
    if (field.offset !== 0) {
      this.code.emit(CONST, 0, 0, field.offset);
      this.code.emit(PADD, 1, 0);
    }
    return { k: 'mem', type: field.type };
  }

  private cast(e: Expr & { k: 'cast' }): CType {
    const to = this.g.resolve(e.type);
    const from = this.rvalue(e.arg);
    this.at(e.pos);
    if (to.k === 'void') {
      this.code.emit(POP);
      this.code.emit(CONST, 0, 0, 0);
      return to;
    }
    if (to.k !== 'int' && to.k !== 'ptr') this.unsupported(e.pos, `cast to ${typeName(to)}`);
    this.scalar(from, e.pos);
    this.convert(from, to, e.pos);
    return to;
  }

  /** offsetof(struct s, member): the member's words times the word size, as sizeof counts them. */
  private offsetofExpr(e: Expr & { k: 'offsetof' }): CType {
    const t = this.g.resolve(e.type);
    const f = t.k === 'struct' ? t.def.field(e.member) : undefined;
    if (f === undefined) return this.invalid(e.pos, `offsetof: ${typeName(t)} has no member '${e.member}'`);
    if (f.offset === null) return this.unsupported(e.pos, `offsetof of set-once member '${e.member}' (it is not in memory)`);
    this.at(e.pos);
    this.code.emit(CONST, 0, 0, f.offset * 8);
    return T.ulong;
  }

  private sizeofExpr(e: Expr & { k: 'sizeof' }): CType {
    let t: CType;
    if (e.type !== null) t = this.g.resolve(e.type);
    else {
      const arg = e.arg as Expr;
      // The operand is not evaluated: compile it aside only to learn its type.
      t = this.code.piece(() => this.typeOfUnevaluated(arg)).value;
    }
    const size = sizeOf(t);
    if (size === null) this.unsupported(e.pos, `sizeof of ${typeName(t)}`);
    this.at(e.pos);
    this.code.emit(CONST, 0, 0, size);
    return T.ulong;
  }

  /** The type of `e`, which is not evaluated (compile it inside a discarded piece). */
  typeOfUnevaluated(e: Expr): CType {
    if (e.k === 'unary' && e.op === '*') return this.pointee(this.rvalue(e.arg), e.pos);
    if (e.k === 'field' || e.k === 'index') return this.lvalue(e).type;
    if (e.k === 'id') {
      const local = this.locals.lookup(e.name);
      if (local !== undefined) return local.type;
    }
    return this.rvalue(e);
  }

  private call(e: Expr & { k: 'call' }): CType {
    if (e.callee.k === 'id' && this.locals.lookup(e.callee.name) === undefined && this.builtins.has(e.callee.name)) {
      return this.builtins.compile(this, e.callee.name, e.args, e.pos);
    }
    return this.ops.call(e);
  }

  /** A value of type `t` is a pointer to a function: its function type. */
  functionType(t: CType, pos: SourcePos): CType & { k: 'fn' } {
    if (t.k === 'ptr' && t.to.k === 'fn') return t.to;
    if (t.k === 'fn') return t;
    return this.invalid(pos, `call of ${typeName(t)}, which is not a function`);
  }

  /** if (!cond) jump: `cond` compiled for its truth value. */
  jumpIfFalse(cond: Expr, target: number): void {
    this.scalar(this.rvalue(cond), cond.pos);
    this.code.emit(JF, target);
  }

  /** Emits `JMP` (for statement compilers that share this code buffer). */
  jump(target: number): void {
    this.code.emit(JMP, target);
  }
}
