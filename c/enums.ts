/**
 * Enum constants: each enumerator's value, an integer constant expression of literals and earlier
 * enumerators (C 6.7.2.2), or the previous value plus one. They must fit in int, as C requires.
 */
import type { Enumerator, Expr } from './ast.ts';
import { CInvalid } from './errors.ts';

const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;

/** Defines `constants` in `into` (name -> value), refusing a name defined before. */
export function defineEnumerators(constants: readonly Enumerator[], into: Map<string, number>, taken: (name: string) => boolean): void {
  let next = 0;
  for (const c of constants) {
    if (into.has(c.name) || taken(c.name)) throw new CInvalid(c.pos, `'${c.name}' redeclared as an enum constant`);
    const value = c.value === null ? next : constantOf(c.value, into);
    if (value < INT_MIN || value > INT_MAX) throw new CInvalid(c.pos, `enum constant '${c.name}' = ${value} does not fit in int`);
    into.set(c.name, value);
    next = value + 1;
  }
}

/** The value of an integer constant expression; refused when it is not one. */
export function constantOf(e: Expr, constants: ReadonlyMap<string, number>): number {
  const v = (x: Expr): number => constantOf(x, constants);
  switch (e.k) {
    case 'num':
      return e.value;
    case 'id': {
      const found = constants.get(e.name);
      if (found === undefined) throw new CInvalid(e.pos, `'${e.name}' in a constant expression is not an enum constant`);
      return found;
    }
    case 'unary':
      switch (e.op) {
        case '-':
          return -v(e.arg);
        case '+':
          return v(e.arg);
        case '~':
          return ~v(e.arg);
        case '!':
          return v(e.arg) === 0 ? 1 : 0;
        default:
          break;
      }
      break;
    case 'binary':
      return binary(e.op, v(e.left), v(e.right), e.pos);
    case 'cond':
      return v(e.test) !== 0 ? v(e.then) : v(e.else);
    default:
      break;
  }
  throw new CInvalid(e.pos, 'not an integer constant expression');
}

function binary(op: Expr & { k: 'binary' } extends { op: infer O } ? O : never, a: number, b: number, pos: Expr['pos']): number {
  switch (op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/':
    case '%':
      if (b === 0) throw new CInvalid(pos, 'division by zero in a constant expression');
      return op === '/' ? Math.trunc(a / b) : a % b;
    case '<<': return a * 2 ** b;
    case '>>': return Math.floor(a / 2 ** b);
    case '&': return a & b;
    case '|': return a | b;
    case '^': return a ^ b;
    case '<': return a < b ? 1 : 0;
    case '<=': return a <= b ? 1 : 0;
    case '>': return a > b ? 1 : 0;
    case '>=': return a >= b ? 1 : 0;
    case '==': return a === b ? 1 : 0;
    case '!=': return a !== b ? 1 : 0;
    case '&&': return a !== 0 && b !== 0 ? 1 : 0;
    case '||': return a !== 0 || b !== 0 ? 1 : 0;
  }
}
