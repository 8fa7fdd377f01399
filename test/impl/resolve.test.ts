/**
 * `--impl ./path`: a module exporting a PoolImpl is type-checked, loaded (TypeScript through tsx) and
 * registered under `file:<path>#<export>`; anything else is one clear ImplLoadError. Replay tokens
 * carry the file's content hash and refuse a changed file.
 */
import { relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { implNamed, implSource } from '../../impl/registry.ts';
import { ImplLoadError, resolveImpl } from '../../impl/resolve.ts';
import { decodeToken, encodeToken, resolveToken, TokenError } from '../../run/token.ts';
import { defaultConfig } from '../../run/run-config.ts';
import { scenarioNamed } from '../../scenarios/registry.ts';
import { EXAMPLE, exampleText, ROOT, scratchDir, writeFile, patchedExample } from './fixtures.ts';

const scratch = scratchDir('test-resolve');
afterAll(scratch.remove);

describe('loading an implementation by path', () => {
  it('finds the one PoolImpl export of the example, from any working directory', async () => {
    const name = await resolveImpl(relative(ROOT, EXAMPLE), { cwd: ROOT });
    expect(name).toBe('file:./examples/locked-stack/pool.ts#lockedStack');
    expect(implNamed(name).name).toBe('locked-stack');
    expect(implSource(name)?.hash).toMatch(/^[0-9a-f]{16}$/);
    const fromElsewhere = await resolveImpl(EXAMPLE, { cwd: '/' });
    expect(fromElsewhere).toBe(`file:${EXAMPLE.slice(1)}#lockedStack`.replace(/^file:/, 'file:./'));
  });

  it('refuses a missing file, a module without a PoolImpl, an unknown export and several candidates', async () => {
    await expect(resolveImpl('./no/such/pool.ts')).rejects.toThrow(/no such file/);
    const none = writeFile(scratch.dir, 'none.ts', 'export const answer = 42;\n');
    await expect(resolveImpl(none)).rejects.toThrow(/exports no PoolImpl .*exports: answer/);
    await expect(resolveImpl(`${EXAMPLE}#nope`)).rejects.toThrow(/has no export 'nope'/);
    const two = writeFile(scratch.dir, 'two.ts', `export { lockedStack as a, lockedStack as b } from ${JSON.stringify(EXAMPLE)};\n`);
    await expect(resolveImpl(two)).rejects.toThrow(/several PoolImpls \(a, b\)/);
    expect(await resolveImpl(`${two}#b`)).toMatch(/#b$/);
  });

  it('refuses a file that does not type-check, naming file, line and column', async () => {
    const broken = writeFile(scratch.dir, 'broken.ts', patchedExample('const mask = gfp | __GFP_NOMEMALLOC', 'const mask: string = gfp | __GFP_NOMEMALLOC'));
    const error = await resolveImpl(broken).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImplLoadError);
    expect((error as Error).message).toMatch(/does not type-check:\n.*broken\.ts:\d+:\d+: Type 'number' is not assignable to type 'string'/);
  });

  it('refuses an export of the right shape but the wrong type', async () => {
    // Not annotated as a PoolImpl, so the file itself type-checks; only the export check can catch it.
    const wrong = writeFile(scratch.dir, 'wrong.ts', `import { lockedStack } from ${JSON.stringify(EXAMPLE)};\nexport const pool = { ...lockedStack, lockOf: (_pool: unknown): string => 'the lock' };\n`);
    await expect(resolveImpl(wrong)).rejects.toThrow(/export 'pool' is not a PoolImpl: .*string.* not assignable to type 'number'/);
  });

  it('a replay token names the file and its hash, and refuses the file once it changed', async () => {
    const file = writeFile(scratch.dir, 'mine.ts', exampleText());
    const name = await resolveImpl(file);
    const token = encodeToken({ config: defaultConfig(scenarioNamed('pair2'), name), choices: { kinds: [], values: [] }, outcome: { property: null, steps: 0 } });
    const decoded = decodeToken(token);
    expect(decoded.impl).toBe(name);
    expect(decoded.implHash).toBe(implSource(name)?.hash);
    expect(() => resolveToken(decoded)).not.toThrow();
    writeFile(scratch.dir, 'mine.ts', `${exampleText()}\n// changed\n`);
    await resolveImpl(file);
    expect(() => resolveToken(decoded)).toThrow(TokenError);
    expect(() => resolveToken(decoded)).toThrow(/mine\.ts has changed since this token was recorded/);
  });
});
