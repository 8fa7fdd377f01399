/**
 * Locations for any code: a pool written without `// Lnnn` notes gets `file:line` of the yielding
 * statement in its counterexample, and a BUG names the BUG_ON that fired. The pool is the worked
 * example with a check-then-act bug injected into its free.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { explore } from '../../lib/explore.ts';
import { CHECK_THEN_ACT, patchedExample, scratchDir, writeFile } from './fixtures.ts';

const scratch = scratchDir('test-sites');
afterAll(scratch.remove);

describe('a pool without seed notes', () => {
  it('a check-then-act bug in free is found, and the counterexample shows the file and its lines', async () => {
    const file = writeFile(scratch.dir, 'racy.ts', patchedExample(CHECK_THEN_ACT.find, CHECK_THEN_ACT.replace));
    const lines = patchedExample(CHECK_THEN_ACT.find, CHECK_THEN_ACT.replace).split('\n');
    const lineOf = (text: string): number => lines.findIndex((l) => l.includes(text)) + 1;
    const r = await explore(file, 'trio3');
    expect(r.verdict).toBe('fail');
    const cx = r.counterexample;
    expect(cx).not.toBeNull();
    const text = cx?.text ?? '';
    // The racy test and the push it guards, by the file's own line numbers.
    expect(text).toContain(`racy.ts:${lineOf('const room = (yield* load(pool.curr_nr))')}`);
    expect(r.failedProperties).toContain('BUG-FREE');
    // The BUG says which BUG_ON fired: push's, on a full reserve.
    expect(text).toMatch(new RegExp(`kernel BUG: BUG_ON\\(n >= \\(load\\(pool\\.min_nr\\)\\)\\) fired at \\S*racy\\.ts:${lineOf('yield* BUG_ON(n >= (yield* load(pool.min_nr)));')}`));
    expect(cx?.replay).toMatch(/ replay mc1\./);
  });
});
