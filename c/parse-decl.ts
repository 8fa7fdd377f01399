/**
 * Declarations from tree-sitter's C tree: type specifiers, declarators (pointers, functions, arrays),
 * struct definitions, typedefs, prototypes, and the top level of a translation unit.
 */
import type { Node } from 'web-tree-sitter';
import { isTypeof, type FieldDecl, type InitItem, type Initializer, type ParamDecl, type TopLevel, type TypeExpr } from './ast.ts';
import { BodyReader } from './parse-body.ts';
import { describe, type NodeReader } from './parse-node.ts';

/** What a declarator declares: a name (or none, for abstract declarators) and its full type. */
export interface Declared {
  readonly name: string | null;
  readonly type: TypeExpr;
  readonly node: Node;
}

const SIZED = /^(signed|unsigned|short|long|int|char|\s)+$/;

export class DeclReader {
  readonly body: BodyReader;
  /** Enum definitions met in specifiers since the last top-level item was read (its constants). */
  private readonly enums: (TopLevel & { k: 'enum' })[] = [];

  constructor(readonly r: NodeReader) {
    this.body = new BodyReader(r, this);
  }

  /** The type a specifier node names (the part before the declarator). */
  specifier(n: Node): TypeExpr {
    switch (n.type) {
      case 'primitive_type':
      case 'type_identifier':
        return { k: 'name', name: n.text, pos: this.r.pos(n) };
      case 'sized_type_specifier': {
        const text = n.text.replace(/\s+/g, ' ').trim();
        if (!SIZED.test(text)) this.r.unsupported(n, `type '${text}'`);
        return { k: 'name', name: canonicalInt(text), pos: this.r.pos(n) };
      }
      case 'struct_specifier':
        return this.struct(n);
      case 'union_specifier':
        return this.r.unsupported(n, 'union');
      case 'enum_specifier':
        return this.enumSpecifier(n);
      case 'macro_type_specifier': {
        const name = this.r.field(n, 'name').text;
        if (isTypeof(name)) return this.r.unsupported(n, `${name} (name the type)`);
        return this.r.unsupported(n, `type ${describe(n)}`);
      }
      default:
        return this.r.unsupported(n, `type ${describe(n)}`);
    }
  }

  /** An enum type is int (its constants fit in int here); a definition's constants are kept for the top level. */
  private enumSpecifier(n: Node): TypeExpr {
    const body = n.childForFieldName('body');
    if (body !== null) {
      const constants = this.r.named(body).map((e) => {
        if (e.type !== 'enumerator') return this.r.unsupported(e, `enum body ${describe(e)}`);
        const value = e.childForFieldName('value');
        return { name: this.r.field(e, 'name').text, value: value === null ? null : this.body.expr(value), pos: this.r.pos(e) };
      });
      this.enums.push({ k: 'enum', constants, pos: this.r.pos(n) });
    }
    return { k: 'name', name: 'int', pos: this.r.pos(n) };
  }

  /** Whether an enum was defined since the last top-level item (a local declaration may not define one). */
  get enumPending(): boolean {
    return this.enums.length > 0;
  }

  private struct(n: Node): TypeExpr & { k: 'struct' } {
    const nameNode = n.childForFieldName('name');
    const body = n.childForFieldName('body');
    const tag = nameNode?.text ?? `<anonymous struct at line ${n.startPosition.row + 1}>`;
    if (body === null) return { k: 'struct', tag, fields: null, pos: this.r.pos(n) };
    const fields: FieldDecl[] = [];
    for (const f of this.r.named(body)) {
      if (f.type !== 'field_declaration') this.r.unsupported(f, `struct member ${describe(f)}`);
      if (f.children.some((c) => c?.type === 'bitfield_clause')) this.r.unsupported(f, 'bit-field');
      const base = this.specifier(this.r.field(f, 'type'));
      const declarators = f.childrenForFieldName('declarator').filter((d): d is Node => d !== null);
      if (declarators.length === 0) this.r.unsupported(f, 'anonymous struct member');
      for (const d of declarators) {
        const decl = this.declarator(base, d);
        if (decl.name === null) this.r.unsupported(d, 'unnamed struct member');
        fields.push({ name: decl.name, type: decl.type, pos: this.r.pos(d) });
      }
    }
    return { k: 'struct', tag, fields, pos: this.r.pos(n) };
  }

  /** Applies a declarator to a base type: `*p`, `f(int)`, `a[4]`, `(*fp)(void)`. */
  declarator(base: TypeExpr, d: Node | null): Declared {
    let type = base;
    let node = d;
    for (;;) {
      if (node === null) return { name: null, type, node: d as Node };
      switch (node.type) {
        case 'identifier':
        case 'field_identifier':
        case 'type_identifier':
          return { name: node.text, type, node };
        case 'pointer_declarator':
        case 'abstract_pointer_declarator':
          type = { k: 'ptr', to: type };
          node = node.childForFieldName('declarator');
          break;
        case 'function_declarator':
        case 'abstract_function_declarator':
          type = { k: 'fn', ret: type, params: this.params(this.r.field(node, 'parameters')), pos: this.r.pos(node) };
          node = node.childForFieldName('declarator');
          break;
        case 'array_declarator':
        case 'abstract_array_declarator': {
          const size = node.childForFieldName('size');
          type = { k: 'array', of: type, size: size === null ? null : this.body.expr(size), pos: this.r.pos(node) };
          node = node.childForFieldName('declarator');
          break;
        }
        case 'parenthesized_declarator':
        case 'abstract_parenthesized_declarator':
          node = this.r.named(node)[0] ?? null;
          break;
        default:
          return this.r.unsupported(node, `declarator ${describe(node)}`);
      }
    }
  }

  params(list: Node): ParamDecl[] {
    const out: ParamDecl[] = [];
    for (const p of this.r.named(list)) {
      if (p.type === 'variadic_parameter') this.r.unsupported(p, 'variadic function');
      if (p.type !== 'parameter_declaration') this.r.unsupported(p, `parameter ${describe(p)}`);
      const base = this.specifier(this.r.field(p, 'type'));
      const d = this.declarator(base, p.childForFieldName('declarator'));
      out.push({ name: d.name, type: d.type, pos: this.r.pos(p) });
    }
    // `f(void)`: no parameters.
    if (out.length === 1 && out[0]?.name === null && out[0].type.k === 'name' && out[0].type.name === 'void') return [];
    return out;
  }

  /** Storage classes and the type specifier of a declaration-like node. */
  storage(n: Node): Set<string> {
    const out = new Set<string>();
    for (const c of n.children) if (c?.type === 'storage_class_specifier') out.add(c.text);
    return out;
  }

  /** A top-level item, preceded by the enum constants its specifiers defined. */
  topLevel(n: Node): TopLevel[] {
    const items = this.topLevelItems(n);
    return [...this.enums.splice(0), ...items];
  }

  private topLevelItems(n: Node): TopLevel[] {
    switch (n.type) {
      case 'function_definition':
        return [{ k: 'function', def: this.body.functionDef(n) }];
      case 'declaration':
        return this.declaration(n);
      case 'type_definition': {
        const base = this.specifier(this.r.field(n, 'type'));
        const out: TopLevel[] = base.k === 'struct' && base.fields !== null ? [{ k: 'struct', type: base, pos: this.r.pos(n) }] : [];
        for (const d of n.childrenForFieldName('declarator')) {
          if (d === null) continue;
          const decl = this.declarator(base, d);
          if (decl.name === null) this.r.invalid(d, 'typedef without a name');
          out.push({ k: 'typedef', name: decl.name, type: decl.type, pos: this.r.pos(d) });
        }
        return out;
      }
      case 'union_specifier':
        return this.r.unsupported(n, 'union');
      case 'enum_specifier':
        this.specifier(n);
        return [];
      case 'struct_specifier': {
        const t = this.specifier(n);
        return t.k === 'struct' && t.fields !== null ? [{ k: 'struct', type: t, pos: this.r.pos(n) }] : [];
      }
      case 'expression_statement':
        // A lone `;`: what a macro expanding to nothing leaves (late_initcall without its initcall).
        if (this.r.named(n).length === 0) return [];
        return [this.exportSymbol(n)];
      case ';':
        return [];
      default:
        return this.r.unsupported(n, `top-level ${describe(n)}`);
    }
  }

  private declaration(n: Node): TopLevel[] {
    const base = this.specifier(this.r.field(n, 'type'));
    const out: TopLevel[] = base.k === 'struct' && base.fields !== null ? [{ k: 'struct', type: base, pos: this.r.pos(n) }] : [];
    const extern = this.storage(n).has('extern');
    for (const d of n.childrenForFieldName('declarator')) {
      if (d === null) continue;
      const init = d.type === 'init_declarator' ? this.r.field(d, 'value') : null;
      const decl = this.declarator(base, d.type === 'init_declarator' ? this.r.field(d, 'declarator') : d);
      if (decl.name === null) continue;
      if (decl.type.k === 'fn') {
        if (init !== null) this.r.invalid(d, `function '${decl.name}' initialised like a variable`);
        out.push({ k: 'prototype', name: decl.name, type: decl.type, pos: this.r.pos(d) });
        continue;
      }
      if (extern) this.r.unsupported(d, `extern variable '${decl.name}' (a global must be defined in the file)`);
      out.push({ k: 'global', name: decl.name, type: decl.type, init: init === null ? null : this.initializer(init), pos: this.r.pos(d) });
    }
    return out;
  }

  /** An initializer: an expression, or a braced list whose items may be designated (one designator each). */
  initializer(n: Node): Initializer {
    if (n.type !== 'initializer_list') return this.body.expr(n);
    const items = this.r.named(n).map((c): InitItem => {
      if (c.type !== 'initializer_pair') return { field: null, index: null, value: this.initializer(c), pos: this.r.pos(c) };
      const designators = c.childrenForFieldName('designator').filter((x) => x !== null);
      const only = designators[0];
      if (designators.length !== 1 || only === undefined) return this.r.unsupported(c, 'an initializer with more than one designator');
      const target = this.r.named(only)[0];
      if (target === undefined) return this.r.unsupported(only, 'designator');
      const value = this.initializer(this.r.field(c, 'value'));
      if (only.type === 'field_designator') return { field: target.text, index: null, value, pos: this.r.pos(c) };
      if (only.type === 'subscript_designator') return { field: null, index: this.body.expr(target), value, pos: this.r.pos(c) };
      return this.r.unsupported(only, `designator ${describe(only)}`);
    });
    return { k: 'list', items, pos: this.r.pos(n) };
  }

  /** `EXPORT_SYMBOL(name);` at the top level: accepted for a defined function, otherwise refused. */
  private exportSymbol(n: Node): TopLevel {
    const call = this.r.named(n)[0];
    const fn = call?.type === 'call_expression' ? call.childForFieldName('function') : null;
    const args = call?.childForFieldName('arguments');
    const only = args ? this.r.named(args) : [];
    if (call === undefined || fn === null || !/^EXPORT_SYMBOL(_GPL)?$/.test(fn.text) || only.length !== 1 || only[0]?.type !== 'identifier') {
      return this.r.unsupported(n, `top-level statement ${describe(n)}`);
    }
    return { k: 'export', name: (only[0] as Node).text, pos: this.r.pos(n) };
  }
}

/** `unsigned long int` -> `unsigned long`, `signed` -> `int`, `long long` -> `long`. */
export function canonicalInt(text: string): string {
  const words = text.split(' ').filter((w) => w !== 'int' && w !== 'signed');
  const unsigned = words.includes('unsigned');
  const rest = words.filter((w) => w !== 'unsigned');
  const base = rest.includes('char') ? 'char' : rest.includes('short') ? 'short' : rest.includes('long') ? 'long' : 'int';
  if (text.split(' ').includes('signed') && base === 'char') return 'signed char';
  return unsigned ? `unsigned ${base}` : base;
}
