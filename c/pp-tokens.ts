/**
 * Preprocessing tokens: just enough lexing for macro expansion and `#if` (identifiers, numbers,
 * character and string literals kept whole, punctuators, whitespace). Tokens keep their text, so
 * joining them gives back the source.
 */

export type PpKind = 'id' | 'num' | 'str' | 'punct' | 'space';

export interface PpToken {
  readonly kind: PpKind;
  readonly text: string;
  /** Column (0-based) in the line it came from; -1 for tokens made by expansion. */
  readonly col: number;
}

const PUNCTS = ['<<=', '>>=', '...', '->', '++', '--', '<<', '>>', '<=', '>=', '==', '!=', '&&', '||', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '##'];

const isIdStart = (c: string): boolean => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
const isIdPart = (c: string): boolean => isIdStart(c) || (c >= '0' && c <= '9');
const isDigit = (c: string): boolean => c >= '0' && c <= '9';

export function tokenize(text: string): PpToken[] {
  const out: PpToken[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    const start = i;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v') {
      while (i < text.length && /\s/.test(text[i] as string)) i++;
      out.push({ kind: 'space', text: text.slice(start, i), col: start });
    } else if (isIdStart(c)) {
      while (i < text.length && isIdPart(text[i] as string)) i++;
      out.push({ kind: 'id', text: text.slice(start, i), col: start });
    } else if (isDigit(c) || (c === '.' && isDigit(text[i + 1] ?? ''))) {
      while (i < text.length && (isIdPart(text[i] as string) || text[i] === '.')) i++;
      out.push({ kind: 'num', text: text.slice(start, i), col: start });
    } else if (c === '"' || c === "'") {
      i++;
      while (i < text.length && text[i] !== c) i += text[i] === '\\' ? 2 : 1;
      i++;
      out.push({ kind: 'str', text: text.slice(start, Math.min(i, text.length)), col: start });
    } else {
      const p = PUNCTS.find((q) => text.startsWith(q, i)) ?? c;
      i += p.length;
      out.push({ kind: 'punct', text: p, col: start });
    }
  }
  return out;
}

export const joinTokens = (tokens: readonly PpToken[]): string => tokens.map((t) => t.text).join('');

/**
 * The text with every comment replaced by spaces (newlines kept), so that line and column positions
 * stay those of the file and nothing inside a comment is taken for a directive or a macro.
 */
export function blankComments(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? text.length : end + 2;
      out += text.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
    } else if (c === '/' && text[i + 1] === '/') {
      let stop = text.indexOf('\n', i);
      if (stop < 0) stop = text.length;
      out += ' '.repeat(stop - i);
      i = stop;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== c && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}
