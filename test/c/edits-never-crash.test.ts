/**
 * The checker never dies on C it is given: random edits of the seed (lines dropped, repeated, tokens
 * inserted, removed or replaced) either compile, or are refused with one line that names the file,
 * line and column (CUnsupported: exit 2); and a file that compiles is explored to a verdict, whatever
 * its code does at run time (a call through NULL, a lock never released, a loop), never an exception
 * out of the checker. Fixed seed, so CI sees the same files every run.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileCImpl } from '../../c/load.ts';
import { CUnsupported } from '../../c/errors.ts';
import { explore } from '../../lib/explore.ts';
import { parser, SEED } from './helpers.ts';

const TOKENS = ['{', '}', '(', ')', ';', '*', '&', '->', ',', '[', ']', '0', '1', '-1', 'int', 'void', 'struct', 'return', 'if', 'else', 'while', 'goto', 'x', 'pool', 'element', '++', '--', '=', '==', '<', '?', ':', '"s"', '#define X', '#if 0', '#endif', 'static', 'sizeof', 'NULL', 'switch', 'break', 'unsigned', 'long', '(void *)', '/*', 'enum', 'union', 'const', '0x7fffffff', '1.5', '<<', '%', '/', '!', '&&', '||', 'do', 'for'] as const;

interface Edit {
  readonly line: number;
  readonly kind: 'drop' | 'repeat' | 'insert' | 'remove' | 'replace';
  readonly at: number;
  readonly token: number;
}

const editArb: fc.Arbitrary<Edit> = fc.record({
  line: fc.nat(),
  kind: fc.constantFrom('drop', 'repeat', 'insert', 'remove', 'replace'),
  at: fc.nat(),
  token: fc.nat(TOKENS.length - 1),
});

function edited(edits: readonly Edit[]): string {
  const lines = SEED.split('\n');
  for (const e of edits) {
    const l = e.line % lines.length;
    const words = (lines[l] as string).split(/(\s+)/);
    const token = ` ${TOKENS[e.token] as string} `;
    const w = e.at % (words.length + 1);
    switch (e.kind) {
      case 'drop':
        lines[l] = '';
        break;
      case 'repeat':
        lines.splice(l, 0, lines[e.at % lines.length] as string);
        break;
      case 'insert':
        words.splice(w, 0, token);
        lines[l] = words.join('');
        break;
      case 'remove':
        words.splice(w, 1);
        lines[l] = words.join('');
        break;
      case 'replace':
        if ((words[w] ?? '').trim() !== '') words[w] = token;
        lines[l] = words.join('');
        break;
    }
  }
  return lines.join('\n');
}

describe('edited seeds: refused in one line, or explored to a verdict', () => {
  it('150 random edits of the seed', async () => {
    const outcomes = { refused: 0, explored: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(editArb, { minLength: 1, maxLength: 3 }), async (edits) => {
        const text = edited(edits);
        let impl;
        try {
          impl = compileCImpl(parser, text, 'edited.c');
        } catch (e) {
          expect(e).toBeInstanceOf(CUnsupported);
          expect((e as Error).message).toMatch(/^edited\.c:\d+:\d+: [^\n]+$/);
          outcomes.refused += 1;
          return;
        }
        const r = await explore(impl, 'pair2', { maxExecutions: 20, maxSteps: 400, shrink: false });
        expect(['pass', 'fail', 'incomplete']).toContain(r.verdict);
        outcomes.explored += 1;
      }),
      { seed: 20261206, numRuns: 150 },
    );
    // Both kinds of outcome occur, so both halves of the property were exercised.
    expect(outcomes.refused).toBeGreaterThan(20);
    expect(outcomes.explored).toBeGreaterThan(20);
  });
});
