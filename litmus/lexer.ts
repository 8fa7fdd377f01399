/**
 * Tokens of a herd7 C litmus file. Comments are C's (`//`, `/* *\/`) everywhere and herd's OCaml-style
 * `(* *)` outside process bodies and parentheses only (inside a body `(*x)` is C: a dereference), so
 * also in the init block. `#include "…"` lines (herd7's prelude block) are skipped outside bodies: they
 * name headers for a C compiler and mean nothing to the test.
 */
import { LitmusError } from './ast.ts';

export interface Token {
  readonly kind: 'id' | 'num' | 'punct' | 'str' | 'eof';
  readonly text: string;
  readonly line: number;
}

export interface Lexed {
  readonly tokens: readonly Token[];
  /** Text of every `(* *)` and C comment outside process bodies (where herd files keep `Result:`). */
  readonly headerComments: readonly string[];
}

const PUNCT = ['/\\', '\\/', '==', '!=', '<=', '>=', '&&', '||', '->', '{', '}', '(', ')', '[', ']', ';', ',', '*', '=', '&', '|', '^', '!', '~', '+', '-', '<', '>', ':', '.', '%', '/'];

/** Tokens of `source`, whose first line is line `firstLine` of the file. */
export function lex(source: string, firstLine = 1): Lexed {
  const tokens: Token[] = [];
  const headerComments: string[] = [];
  let line = firstLine;
  let i = 0;
  let braces = 0;
  let parens = 0;
  /** Braces of process bodies: a `{` right after `)` (a process's parameter list) opens one. */
  let bodyBraces = 0;
  const n = source.length;
  const skipTo = (end: string, what: string): string => {
    const start = i;
    const stop = source.indexOf(end, i);
    if (stop < 0) throw new LitmusError(`unterminated ${what}`, line);
    const text = source.slice(start, stop);
    for (const ch of text) if (ch === '\n') line += 1;
    i = stop + end.length;
    return text;
  };
  while (i < n) {
    const c = source[i] as string;
    if (c === '\n') {
      line += 1;
      i += 1;
    } else if (c === ' ' || c === '\t' || c === '\r') {
      i += 1;
    } else if (source.startsWith('(*', i) && bodyBraces === 0 && parens === 0) {
      i += 2;
      headerComments.push(skipTo('*)', 'comment (*'));
    } else if (source.startsWith('/*', i)) {
      i += 2;
      const text = skipTo('*/', 'comment /*');
      if (braces === 0) headerComments.push(text);
    } else if (source.startsWith('//', i)) {
      const stop = source.indexOf('\n', i);
      i = stop < 0 ? n : stop;
    } else if (c === '#' && bodyBraces === 0 && /^#\s*include\b/.test(source.slice(i, i + 20))) {
      const m = /^#\s*include\s*("[^"\n]*"|<[^>\n]*>)[ \t]*(?=\n|$)/.exec(source.slice(i, i + 1000));
      if (m === null) throw new LitmusError('malformed #include (expected #include "file" or #include <file>)', line);
      i += m[0].length;
    } else if (c === '"') {
      i += 1;
      const at = line;
      tokens.push({ kind: 'str', text: skipTo('"', 'string'), line: at });
    } else if (/[A-Za-z_]/.test(c)) {
      const text = (/^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i, i + 200)) as RegExpExecArray)[0];
      tokens.push({ kind: 'id', text, line });
      i += text.length;
    } else if (/[0-9]/.test(c)) {
      const m = /^(0x[0-9a-fA-F]+|[0-9]+)/.exec(source.slice(i, i + 40)) as RegExpExecArray;
      tokens.push({ kind: 'num', text: m[0], line });
      i += m[0].length;
    } else {
      const p = PUNCT.find((q) => source.startsWith(q, i));
      if (p === undefined) throw new LitmusError(`unexpected character '${c}'`, line);
      if (p === '{') {
        if (bodyBraces > 0 || tokens[tokens.length - 1]?.text === ')') bodyBraces += 1;
        braces += 1;
      }
      if (p === '}') {
        if (bodyBraces > 0) bodyBraces -= 1;
        braces -= 1;
      }
      if (p === '(') parens += 1;
      if (p === ')') parens -= 1;
      tokens.push({ kind: 'punct', text: p, line });
      i += p.length;
    }
  }
  tokens.push({ kind: 'eof', text: '<end of file>', line });
  return { tokens, headerComments };
}
