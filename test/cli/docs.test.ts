/** `mempool-check docs` interrupted: the document is not overwritten, and what finished is kept beside it, marked. */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { partialPath } from '../../cli/commands/docs.ts';
import { capture } from './io.ts';

describe('docs command', () => {
  it('interrupted: exit 3, the document not written, the rows that finished in <name>.partial.md, marked interrupted', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'docs-')), 'invariants.md');
    const c = capture({ tick: 1, interruptAt: 50 });
    const code = await main(['docs', '--out', out, '--jobs', '0'], c.io);
    expect(code).toBe(3);
    expect(existsSync(out)).toBe(false);
    const partial = partialPath(out);
    expect(partial).toBe(out.replace(/invariants\.md$/, 'invariants.partial.md'));
    expect(c.err.at(-1)).toBe(`interrupted: ${out} not written; what finished is in ${partial}, marked interrupted`);
    const text = readFileSync(partial, 'utf8');
    expect(text).toMatch(/^Run verdict: \*\*incomplete\*\*/m);
    expect(text).toMatch(/^\*\*Interrupted\*\*: the run was stopped before it ended, .* Not run: .*quad4\/weak/m);
  });
});
