/**
 * Parser for the herd7 C litmus subset (ast.ts). Anything outside it is a LitmusError naming the
 * construct and its line, never a silent approximation.
 */
import { LitmusError, type Cond, type LitmusTest, type LitmusThread, type Param, type Verdict } from './ast.ts';
import { lex, type Token } from './lexer.ts';
import { Cursor } from './cursor.ts';
import { MAX_NESTING, parseBody, tooDeep } from './body.ts';

export function parseLitmus(source: string): LitmusTest {
  const lines = source.split('\n');
  const first = lines.findIndex((l) => l.trim() !== '');
  if (first < 0) throw new LitmusError('empty file', 1);
  const head = /^\s*(\S+)\s+(\S+)\s*$/.exec(lines[first] as string);
  if (head === null) throw new LitmusError("the first line must be 'C <name>'", first + 1);
  if (head[1] !== 'C') throw new LitmusError(`unsupported architecture '${head[1]}' (only C litmus tests)`, first + 1);
  const name = head[2] as string;
  const { tokens, headerComments } = lex(lines.slice(first + 1).join('\n'), first + 2);
  const c = new Cursor(tokens);
  if (c.peek().kind === 'str') c.next();

  const locations = new Map<string, { type: 'int' | 'spinlock_t'; initial: number }>();
  const registerInit = new Map<string, number>();
  // herd7 allows more than one block before the processes (a prelude of #include lines, then the init).
  while (c.isPunct('{')) parseInit(c, locations, registerInit);

  const threads: LitmusThread[] = [];
  while (c.peek().kind === 'id' && /^P\d+$/.test(c.peek().text)) {
    const t = parseThread(c, locations);
    if (t.index !== threads.length) throw new LitmusError(`expected P${threads.length}, found P${t.index}`, c.peek().line);
    threads.push(t);
  }
  if (threads.length === 0) throw new LitmusError(`expected a process 'P0(...)', found '${c.peek().text}'`, c.peek().line);

  if (c.isId('locations')) {
    c.next();
    c.expect('[');
    while (!c.isPunct(']')) c.next();
    c.expect(']');
  }
  let negated = false;
  if (c.isPunct('~')) {
    c.next();
    negated = true;
  }
  const q = c.next();
  if (q.kind !== 'id' || q.text !== 'exists') {
    if (q.kind === 'id' && (q.text === 'forall' || q.text === 'filter')) throw new LitmusError(`unsupported construct '${q.text}' (only 'exists' and '~exists')`, q.line);
    throw new LitmusError(`expected 'exists', found '${q.text}'`, q.line);
  }
  const exists = parseCond(c, threads, locations);
  if (c.peek().kind !== 'eof') throw new LitmusError(`unexpected '${c.peek().text}' after the exists clause`, c.peek().line);

  const header = headerComments.join('\n');
  return { name, locations, registerInit, threads, exists, negated, lkmm: lkmmVerdict(header), deviation: deviationOf(header) };
}

function lkmmVerdict(header: string): Verdict | null {
  const m = /Result:\s*(Never|Sometimes|Always)/.exec(header);
  if (m === null) return null;
  return m[1] === 'Never' ? 'forbidden' : 'allowed';
}

function deviationOf(header: string): { verdict: Verdict; why: string } | null {
  const m = /mempool-check:\s*(allowed|forbidden)\s*\(([^)]*)\)/.exec(header);
  return m === null ? null : { verdict: m[1] as Verdict, why: (m[2] as string).replace(/\s*\n\s*\*?\s*/g, ' ').trim() };
}

const TYPES = new Set(['int', 'spinlock_t']);

function parseType(c: Cursor): 'int' | 'spinlock_t' {
  const t = c.next();
  if (t.kind !== 'id') throw new LitmusError(`expected a type, found '${t.text}'`, t.line);
  if (!TYPES.has(t.text)) throw new LitmusError(`unsupported type '${t.text}' (supported: int, spinlock_t)`, t.line);
  return t.text as 'int' | 'spinlock_t';
}

function parseInit(c: Cursor, locations: Map<string, { type: 'int' | 'spinlock_t'; initial: number }>, registers: Map<string, number>): void {
  c.expect('{');
  while (!c.isPunct('}')) {
    if (c.isPunct(';')) {
      c.next();
      continue;
    }
    let type: 'int' | 'spinlock_t' = 'int';
    if (c.peek().kind === 'id' && (c.peekAt(1).kind === 'id' || c.peekAt(1).text === '*')) type = parseType(c);
    if (c.isPunct('*')) throw new LitmusError('unsupported construct: pointer-valued location', c.peek().line);
    if (c.peek().kind === 'num' && c.peekAt(1).text === ':') {
      const thread = Number(c.next().text);
      c.expect(':');
      const reg = c.ident();
      c.expect('=');
      registers.set(`${thread}:${reg}`, c.number());
    } else {
      const name = c.ident();
      let initial = 0;
      if (c.isPunct('=')) {
        c.next();
        if (c.isPunct('&') || c.peek().kind === 'id') throw new LitmusError(`unsupported construct: location '${name}' initialised with an address`, c.peek().line);
        initial = c.number();
      }
      locations.set(name, { type, initial });
    }
    if (!c.isPunct('}')) c.expect(';');
  }
  c.expect('}');
}

function parseThread(c: Cursor, locations: Map<string, { type: 'int' | 'spinlock_t'; initial: number }>): LitmusThread {
  const head = c.next();
  const index = Number(head.text.slice(1));
  c.expect('(');
  const params: Param[] = [];
  while (!c.isPunct(')')) {
    if (c.isId('volatile')) throw new LitmusError("unsupported construct 'volatile'", c.peek().line);
    const type = parseType(c);
    const star = c.next();
    if (star.text !== '*') throw new LitmusError(`expected '*' in parameter of P${index} (parameters are pointers to shared locations)`, star.line);
    if (c.isPunct('*')) throw new LitmusError('unsupported construct: pointer to pointer', c.peek().line);
    const name = c.ident();
    params.push({ name, type });
    const known = locations.get(name);
    if (known === undefined) locations.set(name, { type, initial: 0 });
    else if (known.type !== type) locations.set(name, { type, initial: known.initial });
    if (!c.isPunct(')')) c.expect(',');
  }
  c.expect(')');
  const { body, registers } = parseBody(c, index, params);
  return { index, params, registers, body };
}

function parseCond(c: Cursor, threads: readonly LitmusThread[], locations: ReadonlyMap<string, unknown>): Cond {
  const or = (): Cond => {
    let left = and();
    while (c.isPunct('\\/')) {
      c.next();
      left = { kind: 'or', left, right: and() };
    }
    return left;
  };
  const and = (): Cond => {
    let left = unary();
    while (c.isPunct('/\\')) {
      c.next();
      left = { kind: 'and', left, right: unary() };
    }
    return left;
  };
  let depth = 0;
  const nested = <T>(parse: () => T): T => {
    if (++depth > MAX_NESTING) throw tooDeep(c.peek().line);
    const r = parse();
    depth -= 1;
    return r;
  };
  const unary = (): Cond => {
    if (c.isPunct('~') || c.isPunct('!')) {
      c.next();
      return { kind: 'not', arg: nested(unary) };
    }
    if (c.isPunct('(')) {
      c.next();
      const inner = nested(or);
      c.expect(')');
      return inner;
    }
    if (c.isId('true') || c.isId('false')) return { kind: 'const', value: c.next().text === 'true' };
    return atom();
  };
  const atom = (): Cond => {
    const t = c.peek();
    let cond: Cond;
    if (t.kind === 'num' && c.peekAt(1).text === ':') {
      const thread = Number(c.next().text);
      c.expect(':');
      const reg = c.ident();
      const th = threads[thread];
      if (th === undefined) throw new LitmusError(`exists names thread ${thread}, which does not exist`, t.line);
      if (!th.registers.includes(reg)) throw new LitmusError(`exists names ${thread}:${reg}, not a register of P${thread}`, t.line);
      const neg = eqOp(c);
      cond = { kind: 'reg', thread, reg, value: c.number() };
      return neg ? { kind: 'not', arg: cond } : cond;
    }
    if (c.isPunct('*') || c.isPunct('[')) {
      const open = c.next().text;
      const loc = c.ident();
      if (open === '[') c.expect(']');
      return locAtom(loc, t);
    }
    return locAtom(c.ident(), t);
  };
  const locAtom = (loc: string, t: Token): Cond => {
    if (!locations.has(loc)) throw new LitmusError(`exists names '${loc}', which is not a shared location`, t.line);
    const neg = eqOp(c);
    const cond: Cond = { kind: 'loc', loc, value: c.number() };
    return neg ? { kind: 'not', arg: cond } : cond;
  };
  return or();
}

/** `=` or `==` (false), `!=` (true: negated). */
function eqOp(c: Cursor): boolean {
  const t = c.next();
  if (t.text === '=' || t.text === '==') return false;
  if (t.text === '!=') return true;
  throw new LitmusError(`expected '=' in the exists clause, found '${t.text}'`, t.line);
}
