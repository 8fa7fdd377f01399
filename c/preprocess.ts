/**
 * A small C preprocessor that keeps every line where it was: directives, inactive branches and
 * comments become blank (or space-filled) lines, macro expansions stay on the line of their name, and
 * an invocation whose arguments span lines is joined onto its first line with blank lines after. So
 * line N of the output is line N of the file, and reports can name the file's own lines.
 *
 * `#include <...>` of a kernel header is answered by the tool's own declarations (headers.ts);
 * `#if`/`#ifdef`/`#ifndef`/`#elif`/`#else`/`#endif` with the chosen CONFIG_ symbols; `#define`/`#undef`.
 */
import { CInvalid, CUnsupported, type SourcePos } from './errors.ts';
import { MacroProblem, MacroTable, parseDefine, type Macro } from './macros.ts';
import { evalPpExpr } from './pp-expr.ts';
import { blankComments, tokenize, type PpToken } from './pp-tokens.ts';

export interface PreprocessOptions {
  /** Macros defined before the file (the kernel's constants, CONFIG_ symbols). */
  readonly predefined: readonly Macro[];
  /** Headers `#include <...>` may name (e.g. `linux/mempool.h`). */
  readonly knownHeaders: ReadonlySet<string>;
  /** Headers `#include "..."` may name (mm's "slab.h"). */
  readonly knownLocalHeaders: ReadonlySet<string>;
}

export interface Preprocessed {
  /** Same number of lines as the input. */
  readonly text: string;
  /** Headers included, in order. */
  readonly includes: readonly string[];
}

interface Cond {
  /** Whether lines in the current branch are kept. */
  active: boolean;
  /** Whether some branch of this #if has been taken already. */
  taken: boolean;
  /** Whether the enclosing region is active. */
  readonly outer: boolean;
  elseSeen: boolean;
  readonly pos: SourcePos;
}

export function preprocess(source: string, file: string, options: PreprocessOptions): Preprocessed {
  const lines = blankComments(source).split('\n');
  const out: string[] = [];
  const includes: string[] = [];
  const macros = new MacroTable();
  for (const m of options.predefined) macros.define(m);
  const conds: Cond[] = [];
  const active = (): boolean => conds.length === 0 || (conds[conds.length - 1] as Cond).active;
  let i = 0;
  const pos = (line: number, col = 1): SourcePos => ({ file, line: line + 1, col });

  while (i < lines.length) {
    const lineNo = i;
    // Backslash-newline joins physical lines; the joined ones are emitted blank.
    let text = lines[i] as string;
    let joined = 0;
    while (/\\\r?$/.test(text) && i + joined + 1 < lines.length) {
      text = text.replace(/\\\r?$/, ' ') + (lines[i + joined + 1] as string);
      joined++;
    }
    i += joined + 1;
    const directive = /^\s*#\s*(\w*)(.*)$/s.exec(text);
    if (directive !== null) {
      const col = text.indexOf('#') + 1;
      try {
        handleDirective(directive[1] as string, (directive[2] as string).trim(), pos(lineNo, col));
      } catch (e) {
        if (e instanceof MacroProblem) throw new CUnsupported(pos(lineNo, col), e.message);
        throw e;
      }
      out.push('');
      for (let k = 0; k < joined; k++) out.push('');
      continue;
    }
    if (!active()) {
      for (let k = 0; k <= joined; k++) out.push('');
      continue;
    }
    let pulled = 0;
    const pull = (): PpToken[] | null => {
      const next = lines[i];
      if (next === undefined || /^\s*#/.test(next)) return null;
      i++;
      pulled++;
      return tokenize(next);
    };
    let expanded: PpToken[];
    try {
      expanded = macros.expand(tokenize(text), pull);
    } catch (e) {
      if (e instanceof MacroProblem) throw new CUnsupported(pos(lineNo), e.message);
      throw e;
    }
    out.push(expanded.map((t) => t.text).join('').replace(/\r?\n/g, ' '));
    for (let k = 0; k < joined + pulled; k++) out.push('');
  }
  const open = conds[conds.length - 1];
  if (open !== undefined) throw new CInvalid(open.pos, 'unterminated #if');
  return { text: out.join('\n'), includes };

  function handleDirective(name: string, rest: string, at: SourcePos): void {
    switch (name) {
      case 'if':
      case 'ifdef':
      case 'ifndef': {
        const outer = active();
        const value = outer ? condition(name, rest) : false;
        conds.push({ active: outer && value, taken: value, outer, elseSeen: false, pos: at });
        return;
      }
      case 'elif':
      case 'else': {
        const c = conds[conds.length - 1];
        if (c === undefined) throw new CInvalid(at, `#${name} without #if`);
        if (c.elseSeen) throw new CInvalid(at, `#${name} after #else`);
        const value = name === 'else' ? true : c.outer && !c.taken ? condition('if', rest) : false;
        c.elseSeen = name === 'else';
        c.active = c.outer && !c.taken && value;
        c.taken ||= value;
        return;
      }
      case 'endif':
        if (conds.pop() === undefined) throw new CInvalid(at, '#endif without #if');
        return;
      default:
        break;
    }
    if (!active()) return;
    switch (name) {
      case '':
        return;
      case 'include': {
        const local = /^"([^"]+)"$/.exec(rest);
        if (local !== null && options.knownLocalHeaders.has(local[1] as string)) {
          includes.push(local[1] as string);
          return;
        }
        const m = /^<([^>]+)>$/.exec(rest);
        if (m === null) throw new CUnsupported(at, `#include ${rest} (only kernel headers <...> and ${[...options.knownLocalHeaders].map((h) => `"${h}"`).join(', ')}, which the tool answers itself)`);
        const header = m[1] as string;
        if (!options.knownHeaders.has(header)) throw new CUnsupported(at, `#include <${header}> (headers the tool answers: ${[...options.knownHeaders].sort().join(', ')})`);
        includes.push(header);
        return;
      }
      case 'define':
        macros.define(parseDefine(rest));
        return;
      case 'undef':
        macros.undef(rest.trim());
        return;
      case 'error':
        throw new CInvalid(at, `#error ${rest}`);
      default:
        throw new CUnsupported(at, `#${name} directive`);
    }
  }

  function condition(kind: string, rest: string): boolean {
    if (kind === 'ifdef' || kind === 'ifndef') {
      const name = rest.trim();
      if (!/^[A-Za-z_]\w*$/.test(name)) throw new MacroProblem(`#${kind} ${rest}`);
      return macros.isDefined(name) === (kind === 'ifdef');
    }
    return evalPpExpr(macros.expand(replaceDefined(tokenize(rest)))) !== 0;
  }

  /** `defined X` and `defined(X)` become 1 or 0 before macro expansion (so X is not expanded). */
  function replaceDefined(ts: readonly PpToken[]): PpToken[] {
    const result: PpToken[] = [];
    for (let k = 0; k < ts.length; k++) {
      const t = ts[k] as PpToken;
      if (t.kind !== 'id' || t.text !== 'defined') {
        result.push(t);
        continue;
      }
      const rest = ts.slice(k + 1);
      const sig = rest.findIndex((r) => r.kind !== 'space');
      const first = rest[sig];
      let name: PpToken | undefined;
      let used = sig + 1;
      if (first?.text === '(') {
        const inner = rest.slice(sig + 1).filter((r) => r.kind !== 'space');
        name = inner[0];
        if (inner[1]?.text !== ')') throw new MacroProblem('defined( without )');
        used = rest.findIndex((r, idx) => idx > sig && r.text === ')') + 1;
      } else name = first;
      if (name?.kind !== 'id') throw new MacroProblem('defined without a name');
      result.push({ kind: 'num', text: macros.isDefined(name.text) ? '1' : '0', col: t.col });
      k += used;
    }
    return result;
  }
}
