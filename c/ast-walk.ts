/** Names a function body refers to (calls and function designators), for linking header functions. */
import type { Expr, Initializer, Stmt } from './ast.ts';

export function namesIn(s: Stmt, out = new Set<string>()): Set<string> {
  const expr = (e: Expr | null): void => {
    if (e === null) return;
    switch (e.k) {
      case 'id':
        out.add(e.name);
        return;
      case 'num':
      case 'str':
        return;
      case 'unary':
      case 'update':
        expr(e.arg);
        return;
      case 'binary':
      case 'assign':
      case 'comma':
        expr(e.left);
        expr(e.right);
        return;
      case 'cond':
        expr(e.test);
        expr(e.then);
        expr(e.else);
        return;
      case 'call':
        expr(e.callee);
        e.args.forEach(expr);
        return;
      case 'field':
        expr(e.arg);
        return;
      case 'index':
        expr(e.arg);
        expr(e.index);
        return;
      case 'cast':
        expr(e.arg);
        return;
      case 'sizeof':
        expr(e.arg);
        return;
      case 'offsetof':
        return;
      default: {
        const never: never = e;
        throw new Error(`unknown expression ${JSON.stringify(never)}`);
      }
    }
  };
  const init = (i: Initializer | null): void => {
    if (i === null) return;
    if (i.k !== 'list') return expr(i);
    for (const item of i.items) {
      expr(item.index);
      init(item.value);
    }
  };
  const stmt = (t: Stmt | null): void => {
    if (t === null) return;
    switch (t.k) {
      case 'expr':
        expr(t.e);
        return;
      case 'decl':
        for (const v of t.vars) init(v.init);
        return;
      case 'if':
        expr(t.test);
        stmt(t.then);
        stmt(t.else);
        return;
      case 'while':
      case 'do':
        expr(t.test);
        stmt(t.body);
        return;
      case 'for':
        stmt(t.init);
        expr(t.test);
        expr(t.update);
        stmt(t.body);
        return;
      case 'block':
        t.body.forEach(stmt);
        return;
      case 'return':
        expr(t.e);
        return;
      case 'label':
        stmt(t.body);
        return;
      case 'switch':
        expr(t.test);
        for (const c of t.cases) {
          expr(c.value);
          c.body.forEach(stmt);
        }
        return;
      case 'break':
      case 'continue':
      case 'goto':
      case 'empty':
        return;
      default: {
        const never: never = t;
        throw new Error(`unknown statement ${JSON.stringify(never)}`);
      }
    }
  };
  stmt(s);
  return out;
}
