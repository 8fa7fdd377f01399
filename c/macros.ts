/**
 * `#define`d macros and their expansion: object-like constants and simple function-like macros
 * (parameters substituted, arguments expanded first, the result rescanned with the macro disabled).
 * Stringizing (`#`), token pasting (`##`) and variadic macros are outside the subset.
 */
import { tokenize, type PpToken } from './pp-tokens.ts';

export interface Macro {
  readonly name: string;
  /** Parameter names; null for an object-like macro. */
  readonly params: readonly string[] | null;
  readonly body: readonly PpToken[];
}

/** Why a definition or an invocation is refused (the caller adds the position). */
export class MacroProblem extends Error {}

/** Parses what follows `#define`: `NAME body` or `NAME(a, b) body`. */
export function parseDefine(text: string): Macro {
  const m = /^\s*([A-Za-z_]\w*)(\()?/.exec(text);
  if (m === null) throw new MacroProblem('#define without a macro name');
  const name = m[1] as string;
  let rest = text.slice(m[0].length);
  let params: string[] | null = null;
  if (m[2] !== undefined) {
    const close = rest.indexOf(')');
    if (close < 0) throw new MacroProblem(`#define ${name}( without ')'`);
    const list = rest.slice(0, close).trim();
    if (list.includes('...')) throw new MacroProblem(`variadic macro ${name}`);
    params = list === '' ? [] : list.split(',').map((p) => p.trim());
    for (const p of params) if (!/^[A-Za-z_]\w*$/.test(p)) throw new MacroProblem(`macro ${name}: parameter '${p}'`);
    rest = rest.slice(close + 1);
  }
  const body = tokenize(rest.trim());
  for (const t of body) {
    if (t.text === '##') throw new MacroProblem(`token pasting (##) in macro ${name}`);
    if (t.text === '#' && params !== null) throw new MacroProblem(`stringizing (#) in macro ${name}`);
  }
  return { name, params, body: body.map((t) => ({ ...t, col: -1 })) };
}

/** Reads more tokens when a macro's arguments run past the end of the line (null at the end of input). */
export type PullLine = () => PpToken[] | null;

export class MacroTable {
  private readonly macros = new Map<string, Macro>();

  define(macro: Macro): void {
    this.macros.set(macro.name, macro);
  }

  undef(name: string): void {
    this.macros.delete(name);
  }

  get(name: string): Macro | undefined {
    return this.macros.get(name);
  }

  isDefined(name: string): boolean {
    return this.macros.has(name);
  }

  /** Every macro in `tokens` expanded; `pull` supplies following lines for arguments left open. */
  expand(tokens: readonly PpToken[], pull: PullLine | null = null, disabled: ReadonlySet<string> = new Set()): PpToken[] {
    const src = tokens.slice();
    const out: PpToken[] = [];
    let i = 0;
    while (i < src.length) {
      const t = src[i] as PpToken;
      const macro = t.kind === 'id' && !disabled.has(t.text) ? this.macros.get(t.text) : undefined;
      if (t.kind === 'id' && t.text === 'IS_ENABLED') {
        const call = collectArgs(src, i + 1, pull);
        if (call !== null) {
          const option = call.args[0]?.filter((a) => a.kind !== 'space')[0]?.text ?? '';
          const body = this.macros.get(option)?.body.filter((b) => b.kind !== 'space') ?? [];
          out.push({ kind: 'num', text: body.length === 1 && body[0]?.text === '1' ? '1' : '0', col: t.col });
          i = call.end;
          continue;
        }
      }
      if (macro === undefined) {
        out.push(t);
        i++;
        continue;
      }
      const inner = new Set(disabled).add(macro.name);
      if (macro.params === null) {
        out.push(...this.expand(macro.body, null, inner));
        i++;
        continue;
      }
      const call = collectArgs(src, i + 1, pull);
      if (call === null) {
        out.push(t); // a function-like macro's name without arguments is just a name
        i++;
        continue;
      }
      if (call.args.length !== macro.params.length && !(macro.params.length === 0 && call.args.length === 1 && isBlank(call.args[0] ?? []))) {
        throw new MacroProblem(`macro ${macro.name} takes ${macro.params.length} argument(s), given ${call.args.length}`);
      }
      const expandedArgs = call.args.map((a) => this.expand(a, null, disabled));
      const body: PpToken[] = [];
      for (const b of macro.body) {
        const p = b.kind === 'id' ? macro.params.indexOf(b.text) : -1;
        if (p >= 0) body.push(...(expandedArgs[p] ?? []));
        else body.push(b);
      }
      out.push(...this.expand(body, null, inner));
      i = call.end;
    }
    return out;
  }
}

const isBlank = (ts: readonly PpToken[]): boolean => ts.every((t) => t.kind === 'space');

/**
 * The arguments of an invocation whose name ends just before `from`: null when no `(` follows.
 * Mutates `src` by appending pulled lines when the arguments continue on the next line.
 */
function collectArgs(src: PpToken[], from: number, pull: PullLine | null): { args: PpToken[][]; end: number } | null {
  let j = from;
  for (;;) {
    while (j < src.length && src[j]?.kind === 'space') j++;
    if (j < src.length) break;
    const more = pull?.() ?? null;
    if (more === null) return null;
    src.push({ kind: 'space', text: ' ', col: -1 }, ...more);
  }
  if (src[j]?.text !== '(') return null;
  const args: PpToken[][] = [[]];
  let depth = 0;
  j++;
  for (;;) {
    if (j >= src.length) {
      const more = pull?.() ?? null;
      if (more === null) throw new MacroProblem('unterminated macro invocation');
      src.push({ kind: 'space', text: ' ', col: -1 }, ...more);
      continue;
    }
    const t = src[j] as PpToken;
    j++;
    if (t.text === '(') depth++;
    if (t.text === ')') {
      if (depth === 0) break;
      depth--;
    }
    if (t.text === ',' && depth === 0) args.push([]);
    else (args[args.length - 1] as PpToken[]).push(t);
  }
  return { args, end: j };
}
