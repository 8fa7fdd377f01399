/**
 * The documented path for a user outside this repository (docs/your-allocator.md), proven: the package
 * is packed (`npm pack`, which builds dist/), installed into a fresh project in the system's temporary
 * folder from the tarball (its dependencies from the npm cache that `npm ci` filled, else the
 * registry), and the worked example — examples/locked-stack/pool.ts, copied there — is checked with
 * the installed command line and with the project's own vitest suite through `mempool-check/vitest`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const project = mkdtempSync(join(tmpdir(), 'mempool-check-user-'));
afterAll(() => rmSync(project, { recursive: true, force: true }));

const npm = (args: readonly string[], cwd: string): string => execFileSync('npm', args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false' } });

/** Runs a command in the user's project; returns its exit code and output (a failing check exits 1). */
function run(command: string, args: readonly string[]): { code: number; out: string } {
  const env = { ...process.env };
  delete env['MEMPOOL_CHECK_FROM']; // as a user has it: the installed bin picks its precompiled code
  // Plain text to match against: this suite's runner forces colours on for its children.
  delete env['FORCE_COLOR'];
  env['NO_COLOR'] = '1';
  const r = spawnSync(command, args, { cwd: project, encoding: 'utf8', env });
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

const USER_TEST = `import { describePool, sequentialProperty } from 'mempool-check/vitest';

const pool = new URL('./pool.ts', import.meta.url);
describePool(pool, { scenarios: ['pair2', 'trio3'], memory: ['sc'] });
sequentialProperty(pool, { numRuns: 50 });
`;

beforeAll(() => {
  npm(['pack', '--pack-destination', project], ROOT);
  const tarball = readdirSync(project).find((f) => f.endsWith('.tgz'));
  if (tarball === undefined) throw new Error('npm pack left no tarball');
  const versions = JSON.parse(npm(['pkg', 'get', 'devDependencies.vitest', 'dependencies.typescript', '--json'], ROOT)) as Record<string, string>;
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'my-pool', private: true, type: 'module', devDependencies: { 'mempool-check': `file:./${tarball}`, vitest: versions['devDependencies.vitest'], typescript: versions['dependencies.typescript'] } }, null, 2),
  );
  copyFileSync(join(ROOT, 'examples/locked-stack/pool.ts'), join(project, 'pool.ts'));
  writeFileSync(join(project, 'pool.test.ts'), USER_TEST);
  npm(['install', '--prefer-offline', '--no-audit', '--no-fund'], project);
});

describe('the packed package, installed outside the repository', () => {
  it('checks the user pool with the command line: explore, and the sequential check', () => {
    const explore = run('npx', ['mempool-check', 'explore', 'trio3', '--impl', './pool.ts']);
    expect(explore.out).toContain('PASS');
    expect(explore.code).toBe(0);
    const check = run('npx', ['mempool-check', 'check', '--impl', './pool.ts', '--runs', '100']);
    expect(check.out).toContain('verdict: PASS');
    expect(check.code).toBe(0);
  });

  it('a pool that does not type-check is refused with exit 2', () => {
    writeFileSync(join(project, 'broken.ts'), "import type { PoolImpl } from 'mempool-check/kernel';\nexport const broken: PoolImpl = { name: 'broken' };\n");
    const r = run('npx', ['mempool-check', 'explore', 'pair2', '--impl', './broken.ts']);
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/broken\.ts (does not type-check|exports no PoolImpl)/);
  });

  it("runs the user's own vitest suite through mempool-check/vitest", () => {
    const r = run('npx', ['vitest', 'run']);
    expect(r.out).toMatch(/pair2 \(sc\)/);
    expect(r.out).toMatch(/Tests\s+3 passed/);
    expect(r.code).toBe(0);
  });
});
