/**
 * Parsing C with tree-sitter's C grammar (web-tree-sitter + tree-sitter-c, WebAssembly: no native
 * build). Loading the grammar is asynchronous, once per process; parsing a file is synchronous.
 */
import { createRequire } from 'node:module';
import { Language, Parser } from 'web-tree-sitter';
import type { TopLevel, TranslationUnit } from './ast.ts';
import { CInvalid } from './errors.ts';
import { DeclReader } from './parse-decl.ts';
import { describe, firstSyntaxError, NodeReader } from './parse-node.ts';

let loading: Promise<Parser> | null = null;

/** The C parser, loaded on first use (about 30 ms). */
export function cParser(): Promise<Parser> {
  loading ??= (async () => {
    const require = createRequire(import.meta.url);
    // Located explicitly: in the precompiled command line the module is bundled away from its .wasm.
    const runtime = require.resolve('web-tree-sitter/tree-sitter.wasm');
    await Parser.init({ locateFile: () => runtime });
    const language = await Language.load(require.resolve('tree-sitter-c/tree-sitter-c.wasm'));
    const parser = new Parser();
    parser.setLanguage(language);
    return parser;
  })();
  return loading;
}

/** Parses preprocessed text (same lines as `file`) into the subset's syntax tree, or refuses. */
export function parseUnit(parser: Parser, text: string, file: string): TranslationUnit {
  const tree = parser.parse(text);
  if (tree === null) throw new CInvalid({ file, line: 1, col: 1 }, 'the C parser gave no tree');
  try {
    const r = new NodeReader(file);
    const bad = firstSyntaxError(tree.rootNode);
    if (bad !== null) {
      const what = bad.isMissing ? `missing '${bad.type}'` : `syntax error at ${describe(bad)}`;
      throw new CInvalid(r.pos(bad), what);
    }
    const decls = new DeclReader(r);
    const items: TopLevel[] = [];
    for (const n of r.named(tree.rootNode)) items.push(...decls.topLevel(n));
    return { file, items };
  } finally {
    tree.delete();
  }
}
