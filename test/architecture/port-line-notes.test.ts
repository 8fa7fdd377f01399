/**
 * impl/v4.1 reads side by side with the seed: every statement carries a `// L123` note, and the note
 * points at a seed line that exists (docs/seed/mempool.c).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const PORT_FILES = ['mempool_t.ts', 'create.ts', 'resize.ts', 'alloc.ts', 'free.ts', 'allocators.ts'];
/** The seed's line count (381), read from the copy in docs/. */
const SEED_LINES = readFileSync(new URL('../../docs/seed/mempool.c', import.meta.url), 'utf8').trimEnd().split('\n').length;

/** Lines that are statements inside a function body (not declarations, comments, braces or labels). */
function statementLines(source: string): Array<{ n: number; text: string }> {
  const out: Array<{ n: number; text: string }> = [];
  let depth = 0;
  source.split('\n').forEach((raw, i) => {
    const text = raw.trim();
    const code = text.replace(/\/\/.*$/, '').replace(/\/\*.*?\*\//g, '').trim();
    const opens = (code.match(/{/g) ?? []).length;
    const closes = (code.match(/}/g) ?? []).length;
    const insideFunction = depth > 0;
    const isStatement = code !== '' && !/^[{}]+$/.test(code) && !/^[*/]/.test(text) && !/^}\s*(else\s*{)?$/.test(code);
    if (insideFunction && isStatement && !/^(readonly|static|constructor|this\.|pool_data|alloc:|free:)/.test(code)) out.push({ n: i + 1, text });
    if (/^export (function|class)|^function/.test(code) || depth > 0) depth += opens - closes;
  });
  return out;
}

describe('impl/v4.1 line notes', () => {
  for (const file of PORT_FILES) {
    it(`${file}: every statement has a // L note within the seed`, () => {
      const source = readFileSync(new URL(`../../impl/v4.1/${file}`, import.meta.url), 'utf8');
      const lines = statementLines(source);
      // Not an empty check: every port file has statements for the finder to see.
      expect(lines.length).toBeGreaterThan(2);
      const missing = lines.filter((l) => !/\/\/ L\d+/.test(l.text)).map((l) => `${file}:${l.n}: ${l.text}`);
      expect(missing).toEqual([]);
      for (const l of lines) {
        const note = /\/\/ L(\d+)/.exec(l.text);
        expect(Number(note?.[1])).toBeGreaterThan(0);
        expect(Number(note?.[1])).toBeLessThanOrEqual(SEED_LINES);
      }
    });
  }
});
