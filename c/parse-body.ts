/**
 * Function bodies from tree-sitter's C tree: statements and expressions of the subset. Anything else
 * (switch, string literals, floating point, statement expressions...) is refused at its position.
 */
import type { Node } from 'web-tree-sitter';
import type { AssignOp, BinaryOp, Expr, FunctionDef, Stmt, SwitchCase, TypeExpr, VarDecl } from './ast.ts';
import type { DeclReader } from './parse-decl.ts';
import { describe, type NodeReader } from './parse-node.ts';
import { charValue, parseIntLiteral } from './pp-expr.ts';
import { MacroProblem } from './macros.ts';
import { TAKES_STRINGS } from './prints.ts';

const BINARY = new Set(['+', '-', '*', '/', '%', '<<', '>>', '&', '|', '^', '<', '<=', '>', '>=', '==', '!=', '&&', '||']);
const ASSIGN = new Set(['=', '+=', '-=', '*=', '/=', '%=', '<<=', '>>=', '&=', '|=', '^=']);

export class BodyReader {
  constructor(
    readonly r: NodeReader,
    readonly decls: DeclReader,
  ) {}

  functionDef(n: Node): FunctionDef {
    const storage = this.decls.storage(n);
    const base = this.decls.specifier(this.r.field(n, 'type'));
    const d = this.decls.declarator(base, this.r.field(n, 'declarator'));
    if (d.name === null || d.type.k !== 'fn') return this.r.invalid(n, 'function definition without a function declarator');
    const body = this.stmt(this.r.field(n, 'body'));
    if (body.k !== 'block') return this.r.invalid(n, 'function body is not a block');
    for (const p of d.type.params) if (p.name === null) this.r.unsupported(n, `unnamed parameter of '${d.name}'`);
    return { name: d.name, ret: d.type.ret, params: d.type.params, body, isStatic: storage.has('static'), pos: this.r.pos(n), endLine: n.endPosition.row + 1 };
  }

  /** A switch body: its case labels, each with the statements that follow it (tree-sitter groups them so). */
  private switchCases(body: Node): SwitchCase[] {
    if (body.type !== 'compound_statement') return this.r.unsupported(body, 'switch whose body is not a block');
    return this.r.named(body).map((c) => {
      if (c.type !== 'case_statement') return this.r.unsupported(c, 'statement before the first case label of a switch');
      const value = c.childForFieldName('value');
      const stmts = this.r.named(c).filter((s) => value === null || s.id !== value.id);
      return { value: value === null ? null : this.expr(value), body: stmts.map((s) => this.stmt(s)), pos: this.r.pos(c) };
    });
  }

  stmt(n: Node): Stmt {
    const pos = this.r.pos(n);
    switch (n.type) {
      case 'compound_statement':
        return { k: 'block', body: this.r.named(n).map((c) => this.stmt(c)), pos };
      case 'declaration':
        return { k: 'decl', vars: this.localDecl(n), pos };
      case 'expression_statement': {
        const e = this.r.named(n)[0];
        return e === undefined ? { k: 'empty', pos } : { k: 'expr', e: this.expr(e), pos };
      }
      case 'if_statement': {
        const alt = n.childForFieldName('alternative');
        const elseStmt = alt === null ? null : this.stmt(alt.type === 'else_clause' ? (this.r.named(alt)[0] ?? alt) : alt);
        return { k: 'if', test: this.expr(this.r.field(n, 'condition')), then: this.stmt(this.r.field(n, 'consequence')), else: elseStmt, pos };
      }
      case 'while_statement':
        return { k: 'while', test: this.expr(this.r.field(n, 'condition')), body: this.stmt(this.r.field(n, 'body')), pos };
      case 'do_statement':
        return { k: 'do', body: this.stmt(this.r.field(n, 'body')), test: this.expr(this.r.field(n, 'condition')), pos };
      case 'for_statement': {
        const init = n.childForFieldName('initializer');
        const test = n.childForFieldName('condition');
        const update = n.childForFieldName('update');
        const initStmt: Stmt | null =
          init === null ? null : init.type === 'declaration' ? { k: 'decl', vars: this.localDecl(init), pos: this.r.pos(init) } : { k: 'expr', e: this.expr(init), pos: this.r.pos(init) };
        return { k: 'for', init: initStmt, test: test === null ? null : this.expr(test), update: update === null ? null : this.expr(update), body: this.stmt(this.r.field(n, 'body')), pos };
      }
      case 'return_statement': {
        const e = this.r.named(n)[0];
        return { k: 'return', e: e === undefined ? null : this.expr(e), pos };
      }
      case 'break_statement':
        return { k: 'break', pos };
      case 'continue_statement':
        return { k: 'continue', pos };
      case 'goto_statement':
        return { k: 'goto', label: this.r.field(n, 'label').text, pos };
      case 'labeled_statement': {
        const label = this.r.field(n, 'label');
        const inner = this.r.named(n).filter((c) => c.id !== label.id)[0];
        return { k: 'label', label: label.text, body: inner === undefined ? { k: 'empty', pos } : this.stmt(inner), pos };
      }
      case 'switch_statement':
        return { k: 'switch', test: this.expr(this.r.field(n, 'condition')), cases: this.switchCases(this.r.field(n, 'body')), pos };
      case 'case_statement':
        return this.r.unsupported(n, 'case label outside the top level of a switch body');
      default:
        return this.r.unsupported(n, `statement ${describe(n)}`);
    }
  }

  private localDecl(n: Node): VarDecl[] {
    const storage = this.decls.storage(n);
    const isStatic = storage.has('static');
    if (storage.has('extern')) this.r.unsupported(n, 'extern declaration inside a function');
    const base = this.decls.specifier(this.r.field(n, 'type'));
    if (this.decls.enumPending) this.r.unsupported(n, 'enum defined inside a function (define it at file scope)');
    const out: VarDecl[] = [];
    for (const d of n.childrenForFieldName('declarator')) {
      if (d === null) continue;
      const init = d.type === 'init_declarator' ? this.r.field(d, 'value') : null;
      const decl = this.decls.declarator(base, d.type === 'init_declarator' ? this.r.field(d, 'declarator') : d);
      if (decl.name === null) this.r.invalid(d, 'declaration without a name');
      out.push({ name: decl.name, type: decl.type, init: init === null ? null : this.decls.initializer(init), pos: this.r.pos(d), ...(isStatic ? { isStatic } : {}) });
    }
    return out;
  }

  expr(n: Node): Expr {
    const pos = this.r.pos(n);
    switch (n.type) {
      case 'parenthesized_expression': {
        const inner = this.r.named(n);
        if (inner.length !== 1 || inner[0] === undefined) return this.r.unsupported(n, `expression ${describe(n)}`);
        return this.expr(inner[0]);
      }
      case 'identifier':
        return { k: 'id', name: n.text, pos };
      case 'number_literal':
        return this.number(n);
      case 'char_literal':
        try {
          return { k: 'num', value: charValue(n.text), unsigned: false, long: false, pos };
        } catch (e) {
          if (e instanceof MacroProblem) return this.r.unsupported(n, e.message);
          throw e;
        }
      case 'true':
      case 'false':
        return { k: 'num', value: n.type === 'true' ? 1 : 0, unsigned: false, long: false, pos };
      case 'null':
        return { k: 'cast', type: { k: 'ptr', to: { k: 'name', name: 'void', pos } }, arg: { k: 'num', value: 0, unsigned: false, long: false, pos }, pos };
      case 'unary_expression': {
        const op = this.r.operator(n);
        if (op !== '-' && op !== '+' && op !== '!' && op !== '~') return this.r.unsupported(n, `operator ${op}`);
        return { k: 'unary', op, arg: this.expr(this.r.field(n, 'argument')), pos };
      }
      case 'pointer_expression': {
        const op = this.r.operator(n);
        if (op !== '*' && op !== '&') return this.r.unsupported(n, `operator ${op}`);
        return { k: 'unary', op, arg: this.expr(this.r.field(n, 'argument')), pos };
      }
      case 'update_expression': {
        const op = this.r.operator(n);
        if (op !== '++' && op !== '--') return this.r.unsupported(n, `operator ${op}`);
        const arg = this.r.field(n, 'argument');
        return { k: 'update', op, prefix: (n.child(0)?.type ?? '') === op, arg: this.expr(arg), pos };
      }
      case 'binary_expression': {
        const op = this.r.operator(n);
        if (!BINARY.has(op)) return this.r.unsupported(n, `operator ${op}`);
        return { k: 'binary', op: op as BinaryOp, left: this.expr(this.r.field(n, 'left')), right: this.expr(this.r.field(n, 'right')), pos };
      }
      case 'assignment_expression': {
        const op = this.r.operator(n);
        if (!ASSIGN.has(op)) return this.r.unsupported(n, `operator ${op}`);
        return { k: 'assign', op: op as AssignOp, left: this.expr(this.r.field(n, 'left')), right: this.expr(this.r.field(n, 'right')), pos };
      }
      case 'conditional_expression':
        return {
          k: 'cond',
          test: this.expr(this.r.field(n, 'condition')),
          then: this.expr(this.r.field(n, 'consequence')),
          else: this.expr(this.r.field(n, 'alternative')),
          pos,
        };
      case 'call_expression': {
        const callee = this.expr(this.r.field(n, 'function'));
        // A format string is accepted where nothing reads it: the arguments of printk and pr_*.
        const prints = callee.k === 'id' && TAKES_STRINGS.has(callee.name);
        const arg = (a: Node): Expr => (prints && (a.type === 'string_literal' || a.type === 'concatenated_string') ? { k: 'str', pos: this.r.pos(a) } : this.expr(a));
        return { k: 'call', callee, args: this.r.named(this.r.field(n, 'arguments')).map(arg), pos };
      }
      case 'field_expression':
        return { k: 'field', arg: this.expr(this.r.field(n, 'argument')), field: this.r.field(n, 'field').text, arrow: this.r.operator(n) === '->', pos };
      case 'subscript_expression':
        return { k: 'index', arg: this.expr(this.r.field(n, 'argument')), index: this.expr(this.r.field(n, 'index')), pos };
      case 'cast_expression':
        return { k: 'cast', type: this.typeDescriptor(this.r.field(n, 'type')), arg: this.expr(this.r.field(n, 'value')), pos };
      case 'sizeof_expression': {
        const t = n.childForFieldName('type');
        if (t !== null) return { k: 'sizeof', type: this.typeDescriptor(t), arg: null, pos };
        return { k: 'sizeof', type: null, arg: this.expr(this.r.field(n, 'value')), pos };
      }
      case 'offsetof_expression':
        return { k: 'offsetof', type: this.typeDescriptor(this.r.field(n, 'type')), member: this.r.field(n, 'member').text, pos };
      case 'comma_expression':
        return { k: 'comma', left: this.expr(this.r.field(n, 'left')), right: this.expr(this.r.field(n, 'right')), pos };
      case 'string_literal':
      case 'concatenated_string':
        return this.r.unsupported(n, 'string literal');
      default:
        return this.r.unsupported(n, `expression ${describe(n)}`);
    }
  }

  typeDescriptor(n: Node): TypeExpr {
    if (n.type !== 'type_descriptor') return this.r.unsupported(n, `type ${describe(n)}`);
    const base = this.decls.specifier(this.r.field(n, 'type'));
    return this.decls.declarator(base, n.childForFieldName('declarator')).type;
  }

  private number(n: Node): Expr {
    const pos = this.r.pos(n);
    // tree-sitter's number literal may carry the sign (`-1`): C's is a unary minus on the literal.
    const negative = n.text.startsWith('-');
    const text = n.text.replace(/^[-+]\s*/, '');
    const suffix = /[uUlL]*$/.exec(text)?.[0] ?? '';
    if (/[.eEpP]/.test(text) && !/^0[xX]/.test(text)) return this.r.unsupported(n, `floating-point literal ${text}`);
    let value: number;
    try {
      value = parseIntLiteral(text);
    } catch {
      return this.r.unsupported(n, `number literal ${text}`);
    }
    const literal: Expr = { k: 'num', value, unsigned: /u/i.test(suffix), long: /l/i.test(suffix), pos };
    return negative ? { k: 'unary', op: '-', arg: literal, pos } : literal;
  }
}
