/**
 * Two PoolImpl objects with the same name in one process (two versions of a pool in one test file, a
 * C file compiled again after an edit) are two implementations: each gets its own registry name and
 * its own programs, so neither is judged by the other's code. Before, the second was explored with the
 * programs cached for the first and inherited its verdict (a broken pool passed).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { explore } from '../../lib/explore.ts';
import { implNamed } from '../../impl/registry.ts';
import type { AnyPoolImpl } from '../../impl/pool-impl.ts';

const named = (impl: AnyPoolImpl, name: string): AnyPoolImpl => Object.assign(Object.create(Object.getPrototypeOf(impl) as object) as object, impl, { name }) as AnyPoolImpl;

describe('PoolImpl objects that share a name', () => {
  const good = named(implNamed('v4.1'), 'my-pool');
  const broken = named(implNamed('mutant:free-no-wake'), 'my-pool');

  it('each is explored with its own code, in either order, under a name of its own', async () => {
    const first = await explore(good, 'trio3', { shrink: false });
    const second = await explore(broken, 'trio3', { shrink: false });
    const again = await explore(good, 'trio3', { shrink: false });
    expect(first.verdict).toBe('pass');
    expect(second.verdict).toBe('fail');
    expect(second.failedProperties).toContain('NO-DEADLOCK');
    expect(again.verdict).toBe('pass');
    expect(first.implementation).toBe('object:my-pool');
    expect(second.implementation).toMatch(/^object:my-pool#\d+$/);
    // The same object keeps its name (its replay tokens stay valid).
    expect(again.implementation).toBe(first.implementation);
  });
});

describe('a C file edited between two runs in one process', () => {
  it('the second run checks the file as it is now', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'mpc-same-name-')), 'pool.c');
    const seed = readFileSync(new URL('../../docs/seed/mempool.c', import.meta.url), 'utf8');
    writeFileSync(file, seed);
    const before = await explore(`c:${file}`, 'trio3', { shrink: false });
    writeFileSync(file, seed.replace('\t\t\twake_up(&pool->wait);\n', '\n'));
    const after = await explore(`c:${file}`, 'trio3', { shrink: false });
    expect(before.verdict).toBe('pass');
    expect(after.verdict).toBe('fail');
    expect(after.failedProperties).toContain('NO-DEADLOCK');
  });
});
