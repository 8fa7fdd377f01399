/**
 * Operators with more than one operand: arithmetic and comparisons (C's usual arithmetic conversions),
 * pointer arithmetic by whole words, assignment, ++/--, `?:`, subscripts and calls.
 *
 * Operand order. C leaves the order of a binary operator's operands, a subscript's array and index,
 * and a call's arguments unsequenced. When two of them may touch shared memory, `pair` lays them out
 * under an ORDER instruction whose answer picks which runs first, so both orders are explored (issue 7
 * §1: `pool->curr_nr < pool->min_nr`, L317). When at most one may, the order is unobservable and they
 * run as written. This is the one place that decides operand order.
 */
import type { Expr } from './ast.ts';
import { BIN, BINOPS, CALL, CALLP, CMP, CMPS, CONST, DUP, JF, JMP, JT, LOAD, LOCAL, NORM, OPEND, OPSPLIT, ORDER, PADD, PDIFF, PSET, SET, STORE, SWAP, UN, UNOPS, type Instr } from './cfg.ts';
import { hasEffects } from './code.ts';
import type { SourcePos } from './errors.ts';
import { PLAIN_ORDER, type ExprCompiler, type LValue } from './compile-expr.ts';
import { T, commonInt, isInt, normOf, promote, strideOf, typeName, type CType, type IntType } from './types.ts';

/**
 * A compiled operand: its code, its type, and the side effects it leaves for after the operand pair
 * (the store of `x++`/`--x` on memory: C applies it any time before the next sequence point, and the
 * port does so once both operands are read, L22/L28).
 */
type Piece = { readonly code: Instr[]; readonly type: CType; readonly after: Instr[] };

const ARITH = new Set(['+', '-', '*', '/', '%', '<<', '>>', '&', '|', '^']);

export class Operands {
  constructor(private readonly ec: ExprCompiler) {}

  private get code() {
    return this.ec.code;
  }

  /** Compiles an operand aside, collecting the side effects it defers. */
  piece(body: () => CType): Piece {
    const after: Instr[] = [];
    this.deferred.push(after);
    try {
      const p = this.code.piece(body);
      return { code: p.code, type: p.value, after };
    } finally {
      this.deferred.pop();
    }
  }

  /** Collectors of deferred side effects, innermost operand last. */
  private readonly deferred: Instr[][] = [];

  /** Emits side effects deferred by operands that have been laid out. */
  flush(...pieces: readonly Piece[]): void {
    for (const p of pieces) this.code.append(p.after);
  }

  /**
   * Leaves [first, second] on the stack, in whichever order the ORDER choice picks when both have
   * effects. Layout: `ORDER(second, end, swapped); first; second: OPSPLIT; second; end: OPEND; JMP done;
   * swapped: second; first; SWAP; done:` — ORDER knows where each operand starts and ends, so it can
   * name each one's first kernel operation in the `unsequenced` operation it issues, as kernel/api's
   * unsequenced does, and OPSPLIT/OPEND count what each issued (operand-order.ts).
   */
  pair(first: Instr[], second: Instr[]): void {
    if (!hasEffects(first) || !hasEffects(second)) {
      this.code.append(first);
      this.code.append(second);
      return;
    }
    const secondStart = this.code.label();
    const end = this.code.label();
    const swapped = this.code.label();
    const done = this.code.label();
    this.code.emit(ORDER, secondStart, end, swapped);
    this.code.append(first);
    this.code.bind(secondStart);
    this.code.emit(OPSPLIT);
    this.code.append(second);
    this.code.bind(end);
    this.code.emit(OPEND);
    this.code.emit(JMP, done);
    this.code.bind(swapped);
    this.code.append(this.code.relabel(second));
    this.code.append(this.code.relabel(first));
    this.code.emit(SWAP);
    this.code.bind(done);
  }

  /**
   * Pushes the values of `pieces` in order, then their deferred side effects. Of operands that may
   * touch shared memory, at most two are allowed (their two orders are explored); more would need
   * every permutation.
   */
  list(pieces: readonly Piece[], pos: SourcePos): void {
    const effects = pieces.flatMap((p, i) => (hasEffects(p.code) ? [i] : []));
    if (effects.length <= 1) {
      for (const p of pieces) this.code.append(p.code);
      this.flush(...pieces);
      return;
    }
    if (effects.length > 2) this.ec.unsupported(pos, `${effects.length} operands that touch shared memory in one call (at most two: their evaluation order is explored)`);
    const [i, j] = effects as [number, number];
    this.pair((pieces[i] as Piece).code, (pieces[j] as Piece).code);
    const ti = this.ec.locals.temp();
    const tj = this.ec.locals.temp();
    this.code.emit(SET, tj);
    this.code.emit(SET, ti);
    this.flush(...pieces.filter((_p, k) => k === i || k === j));
    pieces.forEach((p, k) => {
      if (k === i) this.code.emit(LOCAL, ti);
      else if (k === j) this.code.emit(LOCAL, tj);
      else this.code.append(p.code);
    });
    this.flush(...pieces.filter((_p, k) => k !== i && k !== j));
  }

  binary(e: Expr & { k: 'binary' }): CType {
    if (e.op === '&&' || e.op === '||') return this.logical(e);
    const l = this.piece(() => this.ec.rvalue(e.left));
    const r = this.piece(() => this.ec.rvalue(e.right));
    return this.operate(e.op, l, r, e.pos);
  }

  /** `l op r` for two compiled operands (conversions appended to each before they are paired). */
  private operate(op: string, l: Piece, r: Piece, pos: SourcePos): CType {
    this.ec.at(pos);
    const lt = l.type;
    const rt = r.type;
    if (CMPS.includes(op as (typeof CMPS)[number])) {
      if (isInt(lt) && isInt(rt)) {
        const common = commonInt(lt, rt);
        this.withNorm(l, common);
        this.withNorm(r, common);
      } else if (!(isPtrLike(lt) && isPtrLike(rt))) this.ec.invalid(pos, `comparison of ${typeName(lt)} and ${typeName(rt)}`);
      this.pair(l.code, r.code);
      this.flush(l, r);
      this.code.emit(CMP, CMPS.indexOf(op as (typeof CMPS)[number]));
      return T.int;
    }
    if (!ARITH.has(op)) return this.ec.invalid(pos, `operator ${op}`);
    if ((op === '+' || op === '-') && lt.k === 'ptr' && isInt(rt)) {
      this.pair(l.code, r.code);
      this.flush(l, r);
      this.code.emit(PADD, this.stride(lt, pos), op === '-' ? 2 : 0);
      return lt;
    }
    if (op === '+' && isInt(lt) && rt.k === 'ptr') {
      this.pair(l.code, r.code);
      this.flush(l, r);
      this.code.emit(PADD, this.stride(rt, pos), 1);
      return rt;
    }
    if (op === '-' && lt.k === 'ptr' && rt.k === 'ptr') {
      this.pair(l.code, r.code);
      this.flush(l, r);
      this.code.emit(PDIFF, this.stride(lt, pos));
      return T.long;
    }
    if (!isInt(lt) || !isInt(rt)) return this.ec.invalid(pos, `operator ${op} on ${typeName(lt)} and ${typeName(rt)}`);
    const result: IntType = op === '<<' || op === '>>' ? promote(lt) : commonInt(lt, rt);
    this.withNorm(l, result);
    if (op !== '<<' && op !== '>>') this.withNorm(r, result);
    this.pair(l.code, r.code);
    this.flush(l, r);
    this.code.emit(BIN, BINOPS.indexOf(op as (typeof BINOPS)[number]), normOf(result));
    return result;
  }

  /** Appends the conversion of a piece's value to `to` (the usual arithmetic conversions). */
  private withNorm(p: Piece, to: IntType): void {
    if (p.type.k === 'int' && normOf(p.type) === normOf(to)) return;
    p.code.push(...this.code.piece(() => this.code.emit(NORM, normOf(to))).code);
  }

  private stride(ptr: CType, pos: SourcePos): number {
    const to = ptr.k === 'ptr' ? ptr.to : ptr;
    const s = strideOf(to);
    if (s === null) this.ec.unsupported(pos, `pointer arithmetic on ${typeName(ptr)} (only whole-word elements: pointers, longs, structs)`);
    return s;
  }

  private logical(e: Expr & { k: 'binary' }): CType {
    const shortcut = this.code.label();
    const done = this.code.label();
    const and = e.op === '&&';
    this.sequenced(e.left);
    this.code.emit(and ? JF : JT, shortcut);
    this.sequenced(e.right);
    this.code.emit(UN, UNOPS.indexOf('!'), 0);
    this.code.emit(UN, UNOPS.indexOf('!'), 0);
    this.code.emit(JMP, done);
    this.code.bind(shortcut);
    this.code.emit(CONST, 0, 0, and ? 0 : 1);
    this.code.bind(done);
    return T.int;
  }

  /** An operand followed by a sequence point (`&&`, `||`, `?:`, `,`): its side effects complete first. */
  sequenced(e: Expr): CType {
    const p = this.piece(() => this.ec.rvalue(e));
    this.ec.scalar(p.type, e.pos);
    this.code.append(p.code);
    this.flush(p);
    return p.type;
  }

  conditional(e: Expr & { k: 'cond' }): CType {
    const otherwise = this.code.label();
    const done = this.code.label();
    this.sequenced(e.test);
    this.code.emit(JF, otherwise);
    const a = this.piece(() => this.ec.rvalue(e.then));
    const b = this.piece(() => this.ec.rvalue(e.else));
    const type = isInt(a.type) && isInt(b.type) ? commonInt(a.type, b.type) : a.type.k === 'ptr' ? a.type : b.type;
    if (isInt(type)) {
      this.withNorm(a, type);
      this.withNorm(b, type);
    }
    this.code.append(a.code);
    this.flush(a);
    this.code.emit(JMP, done);
    this.code.bind(otherwise);
    this.code.append(b.code);
    this.flush(b);
    this.code.bind(done);
    return type;
  }

  /** `a[i]`: leaves the element's address; returns the element type. Operands as written (array, index). */
  subscript(e: Expr & { k: 'index' }): CType {
    const first = this.piece(() => this.ec.rvalue(e.arg));
    const second = this.piece(() => this.ec.rvalue(e.index));
    this.ec.at(e.pos);
    const [ptr, idx] = first.type.k === 'ptr' ? [first, second] : [second, first];
    if (ptr.type.k !== 'ptr' || !isInt(idx.type)) return this.ec.invalid(e.pos, `subscript of ${typeName(first.type)} by ${typeName(second.type)}`);
    this.pair(first.code, second.code);
    this.flush(first, second);
    this.code.emit(PADD, this.stride(ptr.type, e.pos), ptr === first ? 0 : 1);
    return ptr.type.to;
  }

  assign(e: Expr & { k: 'assign' }): CType {
    if (e.op === '=') {
      const target = this.code.piece(() => this.ec.lvalue(e.left));
      const lv = target.value;
      const value = this.piece(() => {
        const t = this.ec.rvalue(e.right);
        this.ec.convert(t, lv.type, e.pos);
        return t;
      });
      this.store(lv, target.code, value.code, e.pos);
      this.flush(value);
      return lv.type;
    }
    const op = e.op.slice(0, -1);
    return this.modify(e.left, e.pos, (current) => this.operate(op, current, this.piece(() => this.ec.rvalue(e.right)), e.pos));
  }

  /** Stores `value` into the lvalue located by `where`; leaves the stored value. */
  store(lv: LValue, where: Instr[], value: Instr[], pos: SourcePos): void {
    this.ec.at(pos);
    if (lv.type.k !== 'int' && lv.type.k !== 'ptr') this.ec.unsupported(pos, `assignment to ${typeName(lv.type)}`);
    if (lv.k === 'local') {
      this.code.append(value);
      this.code.emit(DUP);
      this.code.emit(SET, lv.slot);
      return;
    }
    this.pair(where, value);
    this.code.emit(lv.k === 'mem' ? STORE : PSET, lv.k === 'mem' ? PLAIN_ORDER : lv.index, 1);
  }

  /**
   * Read-modify-write of an lvalue (`x op= y`, `++x`): the location is computed once (kept in a hidden
   * local), read, combined by `combine` (which pushes the new value), converted and stored. Returns
   * the lvalue's type; leaves the new value (`post`: the old one).
   */
  private modify(target: Expr, pos: SourcePos, combine: (current: Piece) => CType, post = false, deferrable = false): CType {
    const located = this.code.piece(() => this.ec.lvalue(target));
    const lv = located.value;
    if (lv.type.k !== 'int' && lv.type.k !== 'ptr') return this.ec.unsupported(pos, `${typeName(lv.type)} modified in place`);
    const where = this.ec.locals.temp();
    const old = this.ec.locals.temp();
    const current: Piece = {
      type: lv.type,
      after: [],
      code: this.code.piece(() => {
        this.code.append(located.code);
        if (lv.k !== 'local') {
          this.code.emit(SET, where);
          this.code.emit(LOCAL, where);
        }
        this.ec.read(lv, pos);
        if (post) {
          this.code.emit(DUP);
          this.code.emit(SET, old);
        }
        return lv.type;
      }).code,
    };
    const t = combine(current);
    this.ec.convert(t, lv.type, pos);
    const fresh = this.ec.locals.temp();
    this.code.emit(SET, fresh);
    const write = this.code.piece(() => {
      if (lv.k === 'local') {
        this.code.emit(LOCAL, fresh);
        this.code.emit(SET, lv.slot);
      } else {
        this.code.emit(LOCAL, where);
        this.code.emit(LOCAL, fresh);
        this.code.emit(lv.k === 'mem' ? STORE : PSET, lv.k === 'mem' ? PLAIN_ORDER : lv.index, 0);
      }
    }).code;
    // In an operand, the store of ++/-- on memory waits until the operands are read (see Piece).
    const collector = this.deferred[this.deferred.length - 1];
    if (deferrable && lv.k !== 'local' && collector !== undefined) collector.push(...write);
    else this.code.append(write);
    this.code.emit(LOCAL, post ? old : fresh);
    return lv.type;
  }

  update(e: Expr & { k: 'update' }): CType {
    const one: Piece = { type: T.int, after: [], code: this.code.piece(() => this.code.emit(CONST, 0, 0, 1)).code };
    return this.modify(e.arg, e.pos, (current) => this.operate(e.op === '++' ? '+' : '-', current, one, e.pos), !e.prefix, true);
  }

  /** A call of a defined function or through a function pointer (kernel calls are builtins.ts). */
  call(e: Expr & { k: 'call' }): CType {
    const callee = e.callee;
    const direct = callee.k === 'id' && this.ec.locals.lookup(callee.name) === undefined ? this.ec.g.functions.get(callee.name) : undefined;
    let fnType: CType & { k: 'fn' };
    let calleePiece: Piece | null = null;
    if (direct !== undefined) fnType = direct.type;
    else {
      const target = callee.k === 'unary' && callee.op === '*' ? callee.arg : callee;
      const p = this.piece(() => this.ec.rvalue(target));
      fnType = this.ec.functionType(p.type, e.pos);
      calleePiece = p;
    }
    if (e.args.length !== fnType.params.length) {
      this.ec.invalid(e.pos, `call with ${e.args.length} argument(s), the function takes ${fnType.params.length}`);
    }
    const args = e.args.map((a, i) =>
      this.piece(() => {
        this.ec.rvalueAs(a, fnType.params[i] as CType);
        return fnType.params[i] as CType;
      }),
    );
    this.list(calleePiece === null ? args : [calleePiece, ...args], e.pos);
    this.ec.at(e.pos);
    if (direct !== undefined && callee.k === 'id') this.code.emit(CALL, this.ec.functionIndex(callee.name, e.pos), e.args.length);
    else this.code.emit(CALLP, 0, e.args.length);
    return fnType.ret.k === 'void' ? T.void : fnType.ret;
  }

  /** Reads through a pointer with a marked access order (READ_ONCE, smp_load_acquire). */
  loadMarked(order: number): void {
    this.code.emit(LOAD, order);
  }
}

const isPtrLike = (t: CType): boolean => t.k === 'ptr' || t.k === 'int';
