/** Parser of a process body: statements and expressions of the C subset. */
import { LitmusError, type BinaryOp, type Expr, type LoadOrder, type Param, type Stmt, type StoreOrder } from './ast.ts';
import type { Cursor } from './cursor.ts';

const FENCES: Readonly<Record<string, 'rmb' | 'wmb' | 'mb'>> = { smp_rmb: 'rmb', smp_wmb: 'wmb', smp_mb: 'mb' };
const STORES: Readonly<Record<string, StoreOrder>> = { WRITE_ONCE: 'once', smp_store_release: 'release' };
const LOADS: Readonly<Record<string, LoadOrder>> = { READ_ONCE: 'once', smp_load_acquire: 'acquire' };
const KEYWORDS = new Set(['while', 'for', 'do', 'goto', 'return', 'switch', 'break', 'continue']);

/** Deepest nesting of parentheses, unary operators and blocks: deeper input is refused, not a stack overflow. */
export const MAX_NESTING = 200;

export const tooDeep = (line: number): LitmusError => new LitmusError(`nested more than ${MAX_NESTING} levels deep`, line);

/** What ends a test after its processes: met inside a body, the body was never closed. */
const AFTER_PROCESSES = new Set(['exists', 'forall', 'filter', 'locations']);

/** Binary operators by precedence, loosest first. */
const LEVELS: readonly (readonly BinaryOp[])[] = [['||'], ['&&'], ['|'], ['^'], ['&'], ['==', '!='], ['<', '<=', '>', '>='], ['+', '-'], ['*']];

export function parseBody(c: Cursor, thread: number, params: readonly Param[]): { body: Stmt[]; registers: string[] } {
  const registers: string[] = [];
  const opened = c.peek().line;
  let depth = 0;
  const nested = <T>(parse: () => T): T => {
    if (++depth > MAX_NESTING) throw tooDeep(c.peek().line);
    const r = parse();
    depth -= 1;
    return r;
  };
  const unclosed = (t: { readonly text: string; readonly line: number; readonly kind: string }): LitmusError =>
    new LitmusError(`the body of P${thread} (opened at line ${opened}) is not closed before ${t.kind === 'eof' ? 'the end of the file' : `'${t.text}'`}`, t.line);
  const kindOf = (name: string): Param['type'] | 'reg' | null => {
    if (registers.includes(name)) return 'reg';
    return params.find((p) => p.name === name)?.type ?? null;
  };

  /** The location argument of an access macro: `*x` or `x`, x an `int *` parameter. */
  const location = (want: Param['type']): string => {
    if (c.isPunct('*')) c.next();
    const t = c.peek();
    const name = c.ident();
    const kind = kindOf(name);
    if (kind !== want) {
      if (kind === null) throw new LitmusError(`'${name}' is not a parameter of P${thread}`, t.line);
      throw new LitmusError(`'${name}' is not a shared location of type ${want}`, t.line);
    }
    return name;
  };

  const expr = (level = 0): Expr => {
    if (level >= LEVELS.length) return unary();
    let left = expr(level + 1);
    const ops = LEVELS[level] as readonly BinaryOp[];
    while (c.peek().kind === 'punct' && ops.includes(c.peek().text as BinaryOp)) {
      const op = c.next().text as BinaryOp;
      left = { kind: 'binary', op, left, right: expr(level + 1) };
    }
    return left;
  };

  const unary = (): Expr => {
    const t = c.peek();
    if (t.kind === 'punct' && (t.text === '!' || t.text === '-' || t.text === '~')) {
      c.next();
      return { kind: 'unary', op: t.text, arg: nested(unary) };
    }
    if (t.kind === 'punct' && t.text === '*') {
      c.next();
      return { kind: 'load', order: 'plain', loc: location('int'), line: t.line };
    }
    if (t.kind === 'punct' && t.text === '(') {
      c.next();
      const inner = nested(() => expr());
      c.expect(')');
      return inner;
    }
    if (t.kind === 'num') return { kind: 'num', value: c.number() };
    if (t.kind === 'id') {
      const order = LOADS[t.text];
      if (order !== undefined) {
        c.next();
        c.expect('(');
        const loc = location('int');
        c.expect(')');
        return { kind: 'load', order, loc, line: t.line };
      }
      if (c.peekAt(1).text === '(') throw new LitmusError(`unsupported construct '${t.text}'`, t.line);
      c.next();
      if (kindOf(t.text) !== 'reg') throw new LitmusError(`'${t.text}' is not a register of P${thread} (declare it: int ${t.text};)`, t.line);
      return { kind: 'reg', name: t.text, line: t.line };
    }
    throw new LitmusError(`unexpected '${t.text}' in an expression`, t.line);
  };

  const block = (): Stmt[] => {
    const out: Stmt[] = [];
    if (c.isPunct('{')) {
      c.next();
      while (!c.isPunct('}')) {
        if (c.peek().kind === 'eof') throw unclosed(c.peek());
        out.push(...statement());
      }
      c.expect('}');
    } else {
      out.push(...statement());
    }
    return out;
  };

  const statement = (): Stmt[] => {
    const t = c.peek();
    if (t.kind === 'punct' && t.text === ';') {
      c.next();
      return [];
    }
    if (t.kind === 'punct' && t.text === '{') return nested(block);
    // The next process or the condition where a statement should be: this body was left open.
    if (t.kind === 'id' && ((/^P\d+$/.test(t.text) && c.peekAt(1).text === '(') || AFTER_PROCESSES.has(t.text))) throw unclosed(t);
    if (t.kind === 'punct' && t.text === '~' && c.peekAt(1).text === 'exists') throw unclosed(t);
    if (t.kind === 'punct' && t.text === '*') {
      c.next();
      const loc = location('int');
      c.expect('=');
      const value = expr();
      c.expect(';');
      return [{ kind: 'store', order: 'plain', loc, value, line: t.line }];
    }
    if (t.kind !== 'id') throw new LitmusError(`unexpected '${t.text}' in the body of P${thread}`, t.line);
    if (KEYWORDS.has(t.text)) throw new LitmusError(`unsupported construct '${t.text}'`, t.line);
    if (t.text === 'int') return declaration();
    if (t.text === 'if') {
      c.next();
      c.expect('(');
      const cond = expr();
      c.expect(')');
      const then = nested(block);
      let other: Stmt[] = [];
      if (c.isId('else')) {
        c.next();
        other = nested(block);
      }
      return [{ kind: 'if', cond, then, else: other, line: t.line }];
    }
    const fence = FENCES[t.text];
    const store = STORES[t.text];
    if (fence !== undefined || store !== undefined || t.text === 'spin_lock' || t.text === 'spin_unlock') {
      c.next();
      c.expect('(');
      let s: Stmt;
      if (fence !== undefined) s = { kind: 'fence', fence, line: t.line };
      else if (store !== undefined) {
        const loc = location('int');
        c.expect(',');
        s = { kind: 'store', order: store, loc, value: expr(), line: t.line };
      } else s = { kind: t.text === 'spin_lock' ? 'lock' : 'unlock', lock: location('spinlock_t'), line: t.line };
      c.expect(')');
      c.expect(';');
      return [s];
    }
    if (c.peekAt(1).text === '(') throw new LitmusError(`unsupported construct '${t.text}'`, t.line);
    if (c.peekAt(1).text === '=' && kindOf(t.text) === 'reg') {
      c.next();
      c.next();
      const value = expr();
      c.expect(';');
      return [{ kind: 'assign', reg: t.text, value, line: t.line }];
    }
    if (TYPE_LIKE.test(t.text) && c.peekAt(1).kind === 'id') throw new LitmusError(`unsupported type '${t.text}' (registers are int)`, t.line);
    throw new LitmusError(`unexpected '${t.text}' (not a register of P${thread}, nor a supported statement)`, t.line);
  };

  const declaration = (): Stmt[] => {
    c.next(); // int
    const out: Stmt[] = [];
    for (;;) {
      const at = c.peek();
      if (c.isPunct('*')) throw new LitmusError('unsupported construct: pointer register', at.line);
      const reg = c.ident();
      if (kindOf(reg) !== null) throw new LitmusError(`'${reg}' is declared twice in P${thread}`, at.line);
      registers.push(reg);
      if (c.isPunct('=')) {
        c.next();
        out.push({ kind: 'assign', reg, value: expr(), line: at.line });
      }
      if (c.isPunct(',')) {
        c.next();
        continue;
      }
      c.expect(';');
      return out;
    }
  };

  const body = block();
  return { body, registers };
}

const TYPE_LIKE = /^(unsigned|long|short|char|u8|u16|u32|u64|s32|s64|atomic_t|atomic_long_t|intptr_t|uintptr_t|bool)$/;
