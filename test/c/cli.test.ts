/**
 * `--impl c:path` on the command line: a patched copy of the seed's C is checked with no TypeScript
 * written (its finding names the C's lines, its token replays it), the C's own crash is IMPL-CRASH at
 * its C line, and C outside the subset is refused with one line — file, line, column, construct — and
 * exit 2, whether the front end meets it when loading the file or only when running it.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { C_MUTANTS } from '../../c/mutants/registry.ts';
import { applyPatches } from '../../impl/patched/load.ts';
import { capture } from '../cli/io.ts';
import { SEED } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'mempool-check-c-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes `text` as `name` in the scratch folder; returns its path. */
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const mutantFile = (name: string): string => file(`${name}.c`, applyPatches(SEED, C_MUTANTS.get(name)?.patches ?? [], `C mutant ${name}`));

describe('--impl c:path', () => {
  it('a patched seed (free-no-wake) fails NO-LOST-WAKEUP with the C lines in its trace, exit 1; its token replays it', async () => {
    const c = capture();
    expect(await main(['explore', 'pair2', '--impl', `c:${mutantFile('free-no-wake')}`], c.io)).toBe(1);
    const failed = c.out.find((l) => l.startsWith('FAILED '));
    expect(failed).toMatch(/^FAILED NO-LOST-WAKEUP /);
    // The trace names the seed's own lines: the lockless test of mempool_free and the sleep.
    expect(c.out.some((l) => l.includes('L317'))).toBe(true);
    expect(c.out.some((l) => l.includes('L262'))).toBe(true);
    const token = /replay: npm run mempool-check -- replay (\S+)$/.exec(c.out.find((l) => l.startsWith('replay: ')) ?? '')?.[1];
    expect(token).toBeDefined();
    const again = capture();
    expect(await main(['replay', token as string], again.io)).toBe(1);
    expect(again.out.find((l) => l.startsWith('FAILED '))).toBe(failed);
  });

  it("the C's own crash (free-fn-unset: a call through the NULL pool->free) is IMPL-CRASH at the C line that called it", async () => {
    const path = mutantFile('free-fn-unset');
    const c = capture();
    expect(await main(['explore', 'pair2', '--impl', `c:${path}`], c.io)).toBe(1);
    const failed = c.out.find((l) => l.startsWith('FAILED '));
    // L43 (mempool_destroy) or L327 (mempool_free past a full reserve) call pool->free.
    expect(failed).toMatch(new RegExp(`^FAILED IMPL-CRASH \\(step \\d+, [^)]+\\): call through a NULL or invalid function pointer \\(at ${path.replaceAll('.', '\\.')}:(43|327), in mempool_(destroy|free)\\)$`));
  });

  it('C outside the subset, met when loading: one line with file:line:col and the construct, exit 2', async () => {
    const path = file('union.c', 'int pick(int a)\n{\n\tunion u { int x; long y; } v;\n\treturn 0;\n}\n');
    const c = capture();
    expect(await main(['explore', 'pair2', '--impl', `c:${path}`], c.io)).toBe(2);
    expect(c.err).toEqual([`mempool-check explore: ${path}:3:2: unsupported C: union`]);
    expect(c.out).toEqual([]);
  });

  it('C outside the subset, met only when running (a set-once member of mempool_t written by mempool_free): one line, exit 2', async () => {
    // Same line count as the seed: the statement joins the line of the lock in mempool_free (L318).
    const lock = '\t\tspin_lock_irqsave(&pool->lock, flags);\n\t\tif (likely(pool->curr_nr < pool->min_nr)) {\n';
    expect(SEED.split(lock).length).toBe(2); // the text occurs once in the seed
    const path = file('set-once.c', SEED.replace(lock, `\t\tspin_lock_irqsave(&pool->lock, flags); pool->pool_data = NULL;\n\t\tif (likely(pool->curr_nr < pool->min_nr)) {\n`));
    const c = capture();
    expect(await main(['explore', 'pair2', '--impl', `c:${path}`], c.io)).toBe(2);
    expect(c.err).toEqual([expect.stringMatching(new RegExp(`^mempool-check explore: ${path.replaceAll('.', '\\.')}:318:\\d+: unsupported C: a set-once member of mempool_t \\(pool_data, alloc, free\\) written after mempool_create returned$`))]);
  });

  it("gate on the seed's C: the project file's entry for it (profile v4.1, the port's known findings) excuses what it excuses for the port", async () => {
    const c = capture();
    // zero-min under SC: the port's two known findings there (NO-LOST-WAKEUP, NO-DEADLOCK), found on the C.
    expect(await main(['gate', '--impl', 'c:docs/seed/mempool.c', '--scenarios', 'zero-min', '--memory', 'sc', '--no-sequential', '--race-executions', '0', '--jobs', '0', '--no-progress'], c.io)).toBe(0);
    const known = c.out.filter((l) => l.startsWith('zero-min (sc): known finding '));
    expect(known.map((l) => /known finding (\S+)/.exec(l)?.[1]).sort()).toEqual(['NO-DEADLOCK', 'NO-LOST-WAKEUP']);
    expect(c.out.at(-1)).toMatch(/^gate: PASS .*2 known findings/);
    // Without the entry's known findings (a patched copy of the same C has no entry) they are failures.
    const copy = capture();
    expect(await main(['gate', '--impl', `c:${file('seed-copy.c', SEED)}`, '--profile', 'v4.1', '--scenarios', 'zero-min', '--memory', 'sc', '--no-sequential', '--race-executions', '0', '--jobs', '0', '--no-progress'], copy.io)).toBe(1);
  });

  it("the project file's entry for the seed's C is the port's entry with the other implementation name (the same code, the same findings)", () => {
    const project = JSON.parse(readFileSync(new URL('../../mempool-check.config.json', import.meta.url), 'utf8')) as { implementations: { implementation: string }[] };
    const entry = (name: string): object | undefined => {
      const e = project.implementations.find((x) => x.implementation === name);
      return e === undefined ? undefined : { ...e, implementation: '(either)' };
    };
    expect(entry('c:docs/seed/mempool.c')).toBeDefined();
    expect(entry('c:docs/seed/mempool.c')).toEqual(entry('v4.1'));
  });

  it('a missing file: one line, exit 2', async () => {
    const c = capture();
    expect(await main(['explore', 'pair2', '--impl', `c:${join(dir, 'none.c')}`], c.io)).toBe(2);
    expect(c.err).toEqual([`mempool-check explore: ${join(dir, 'none.c')}: no such file`]);
  });
});
