/**
 * The precompiled command line (scripts/bundle.mjs, used by bin/mempool-check.js while fresh): the same
 * output as the TypeScript sources, seed lines and patched ports included; used only while no source it
 * was built from is newer.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleIsFresh } from '../../bin/bundle-fresh.js';

const ROOT = new URL('../../', import.meta.url);
// Inside the repository (dist/ is ignored by git), so that the bundle finds node_modules as dist/cli does.
mkdirSync(new URL('dist/', ROOT), { recursive: true });
const scratch = mkdtempSync(join(new URL('dist/', ROOT).pathname, 'test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs the command line from a bundle in `dir` (as the bin does) or, with dir null, from the sources. */
function runFrom(dir: string | null, args: readonly string[]): string {
  const env = { ...process.env, MEMPOOL_CHECK_FROM: 'sources' };
  const script =
    dir === null
      ? null
      : `globalThis.mempoolCheckRoot = ${JSON.stringify(ROOT.href)}; process.setSourceMapsEnabled(true);` +
        `const { main } = await import(${JSON.stringify(pathToFileURL(join(dir, 'main.js')).href)});` +
        `process.exitCode = await main(${JSON.stringify(args)});`;
  const argv = script === null ? [new URL('bin/mempool-check.js', ROOT).pathname, ...args] : ['--input-type=module', '-e', script];
  try {
    return execFileSync(process.execPath, argv, { encoding: 'utf8', env, cwd: ROOT.pathname });
  } catch (e) {
    return String((e as { stdout?: unknown }).stdout); // a failing verdict exits 1
  }
}

const cMutantFile = join(scratch, 'free-no-wake.c');
writeFileSync(cMutantFile, readFileSync(new URL('docs/seed/mempool.c', ROOT), 'utf8').replace('\t\t\twake_up(&pool->wait);\n', '\t\t\t/* wake_up removed */\n'));

describe('the precompiled command line', () => {
  const out = join(scratch, 'cli');
  execFileSync(process.execPath, [new URL('scripts/bundle.mjs', ROOT).pathname, scratch]);

  it.each([
    [['explore', 'pair2', '--impl', 'mutant:free-no-wake']],
    [['explore', 'handoff3', '--memory', 'weak', '--impl', 'mutant:no-barriers']],
    [['races', 'atomic2']],
    // Worker threads of the bundle (dist/cli/worker.js) fuzzing: the same result as the sources' workers.
    [['fuzz', '--impl', 'mutant:free-no-wake', '--seed', '1', '--runs', '12', '--executions', '300', '--jobs', '2', '--no-progress']],
    // The C front end, loaded on first use, is in the bundle too (the seed's C without its wake_up, L322).
    [['explore', 'pair2', '--impl', `c:${cMutantFile}`]],
  ])('%j: the same report as from the sources, seed lines included', (args) => {
    const fromBundle = runFrom(out, args);
    expect(fromBundle).toMatch(/\bL[1-3]\d\d\b/); // seed lines (mempool.c L1xx-L3xx)
    expect(fromBundle).toBe(runFrom(null, args));
  });

  it('is fresh only while no input is newer than it, and never when a file is missing', () => {
    const dir = join(scratch, 'fresh');
    mkdirSync(join(dir, 'src'), { recursive: true });
    const input = join(dir, 'src', 'a.ts');
    writeFileSync(input, 'x');
    writeFileSync(join(dir, 'main.js'), '');
    writeFileSync(join(dir, 'inputs.json'), JSON.stringify({ inputs: ['src/a.ts'] }));
    const at = (file: string, seconds: number): void => utimesSync(file, seconds, seconds);
    const dirUrl = pathToFileURL(`${dir}/`);
    at(input, 1000);
    at(join(dir, 'main.js'), 2000);
    expect(bundleIsFresh(dirUrl, dirUrl)).toBe(true);
    at(input, 3000);
    expect(bundleIsFresh(dirUrl, dirUrl)).toBe(false);
    rmSync(input);
    expect(bundleIsFresh(dirUrl, dirUrl)).toBe(false);
    expect(bundleIsFresh(pathToFileURL(`${scratch}/nothing/`), dirUrl)).toBe(false);
  });
});
