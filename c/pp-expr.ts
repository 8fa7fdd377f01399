/**
 * The integer expression of `#if`/`#elif`, after `defined` and macros have been replaced: C's
 * operators on integers (precedence climbing), identifiers left over count as 0.
 */
import { MacroProblem } from './macros.ts';
import type { PpToken } from './pp-tokens.ts';

const BINARY: Readonly<Record<string, number>> = {
  '||': 1, '&&': 2, '|': 3, '^': 4, '&': 5, '==': 6, '!=': 6, '<': 7, '>': 7, '<=': 7, '>=': 7, '<<': 8, '>>': 8, '+': 9, '-': 9, '*': 10, '/': 10, '%': 10,
};

export function evalPpExpr(tokens: readonly PpToken[]): number {
  const ts = tokens.filter((t) => t.kind !== 'space');
  let i = 0;
  const peek = (): string | undefined => ts[i]?.text;
  const take = (): PpToken => {
    const t = ts[i++];
    if (t === undefined) throw new MacroProblem('#if expression ends early');
    return t;
  };

  const primary = (): number => {
    const t = take();
    if (t.text === '(') {
      const v = conditional();
      if (take().text !== ')') throw new MacroProblem("#if expression: ')' expected");
      return v;
    }
    if (t.text === '!') return primary() === 0 ? 1 : 0;
    if (t.text === '~') return ~primary();
    if (t.text === '-') return -primary();
    if (t.text === '+') return primary();
    if (t.kind === 'num') return parseIntLiteral(t.text);
    if (t.kind === 'str' && t.text.startsWith("'")) return charValue(t.text);
    if (t.kind === 'id') return 0;
    throw new MacroProblem(`#if expression: unexpected '${t.text}'`);
  };

  const binary = (minPrec: number): number => {
    let left = primary();
    for (;;) {
      const op = peek();
      const prec = op === undefined ? undefined : BINARY[op];
      if (prec === undefined || prec < minPrec) return left;
      take();
      const right = binary(prec + 1);
      left = apply(op as string, left, right);
    }
  };

  const conditional = (): number => {
    const test = binary(1);
    if (peek() !== '?') return test;
    take();
    const a = conditional();
    if (take().text !== ':') throw new MacroProblem("#if expression: ':' expected");
    const b = conditional();
    return test !== 0 ? a : b;
  };

  const v = conditional();
  if (i < ts.length) throw new MacroProblem(`#if expression: unexpected '${ts[i]?.text}'`);
  return v;
}

function apply(op: string, a: number, b: number): number {
  switch (op) {
    case '||': return a !== 0 || b !== 0 ? 1 : 0;
    case '&&': return a !== 0 && b !== 0 ? 1 : 0;
    case '|': return a | b;
    case '^': return a ^ b;
    case '&': return a & b;
    case '==': return a === b ? 1 : 0;
    case '!=': return a !== b ? 1 : 0;
    case '<': return a < b ? 1 : 0;
    case '>': return a > b ? 1 : 0;
    case '<=': return a <= b ? 1 : 0;
    case '>=': return a >= b ? 1 : 0;
    case '<<': return a * 2 ** b;
    case '>>': return Math.floor(a / 2 ** b);
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/':
    case '%':
      if (b === 0) throw new MacroProblem('#if expression divides by zero');
      return op === '/' ? Math.trunc(a / b) : a % b;
    default:
      throw new MacroProblem(`#if expression: operator ${op}`);
  }
}

/** An integer literal's value (decimal, octal, hex; U and L suffixes ignored here). */
export function parseIntLiteral(text: string): number {
  const digits = text.replace(/[uUlL]+$/, '');
  let v: number;
  if (/^0[xX][0-9a-fA-F]+$/.test(digits)) v = parseInt(digits.slice(2), 16);
  else if (/^0[0-7]*$/.test(digits)) v = digits.length > 1 ? parseInt(digits.slice(1), 8) : 0;
  else if (/^[1-9][0-9]*$/.test(digits)) v = parseInt(digits, 10);
  else throw new MacroProblem(`number '${text}'`);
  return v;
}

/** The value of a simple character literal ('a', '\n', '\0'). */
export function charValue(text: string): number {
  const body = text.slice(1, -1);
  if (body.length === 1) return body.charCodeAt(0);
  const escapes: Readonly<Record<string, number>> = { '\\n': 10, '\\t': 9, '\\r': 13, '\\0': 0, '\\\\': 92, "\\'": 39, '\\"': 34 };
  const v = escapes[body];
  if (v === undefined) throw new MacroProblem(`character literal ${text}`);
  return v;
}
