/**
 * Small helpers over tree-sitter nodes shared by the parse files: positions, required fields, and
 * the refusal of a construct outside the subset.
 */
import type { Node } from 'web-tree-sitter';
import { CInvalid, CUnsupported, type SourcePos } from './errors.ts';

export class NodeReader {
  constructor(readonly file: string) {}

  pos(n: Node): SourcePos {
    return { file: this.file, line: n.startPosition.row + 1, col: n.startPosition.column + 1 };
  }

  unsupported(n: Node, construct: string): never {
    throw new CUnsupported(this.pos(n), construct);
  }

  invalid(n: Node, problem: string): never {
    throw new CInvalid(this.pos(n), problem);
  }

  field(n: Node, name: string): Node {
    const c = n.childForFieldName(name);
    if (c === null) this.invalid(n, `${describe(n)} without its ${name}`);
    return c;
  }

  /** Named children that carry code (comments dropped). */
  named(n: Node): Node[] {
    return n.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
  }

  /** The operator token of an expression node (`-`, `->`, `+=`). */
  operator(n: Node): string {
    const op = n.childForFieldName('operator');
    if (op === null) this.invalid(n, `${describe(n)} without an operator`);
    return op.type;
  }
}

/** A node as a refusal message names it: its kind and the start of its text. */
export function describe(n: Node): string {
  const text = n.text.replace(/\s+/g, ' ').trim();
  const short = text.length > 40 ? `${text.slice(0, 37)}...` : text;
  return `${n.type.replace(/_/g, ' ')} '${short}'`;
}

/** The first syntax error in a tree (an ERROR node or a token the parser had to invent), or null. */
export function firstSyntaxError(root: Node): Node | null {
  if (!root.hasError) return null;
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const n = stack.shift() as Node;
    if (n.isError || n.isMissing) return n;
    for (const c of n.children) if (c !== null && (c.hasError || c.isMissing)) stack.push(c);
  }
  return root;
}
