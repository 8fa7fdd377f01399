/**
 * The documented path for a user outside this repository (docs/your-allocator.md), proven: the package
 * is packed (`npm pack`, which builds dist/), installed into a fresh project in the system's temporary
 * folder from the tarball (its dependencies from the npm cache that `npm ci` filled, else the
 * registry), the worked example — examples/locked-stack/pool.ts — copied there, and the page's own code
 * blocks written and run as the page shows them: every `npx` command (the installed command line, the
 * gate from the page's project file, the project's own vitest suite through `mempool-check/vitest`).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

/**
 * The worked example as docs/your-allocator.md writes it: the code blocks of its section "Your pool, in
 * your own project" — the shell commands, the project file (json) and the test file (ts) — taken from
 * the page itself, so that what the page says is what runs.
 */
function documentedExample(): { commands: string[][]; config: string; test: string } {
  const page = readFileSync(join(ROOT, 'docs/your-allocator.md'), 'utf8');
  const section = page.split(/^## /m).find((s) => s.startsWith('Your pool, in your own project'));
  if (section === undefined) throw new Error('docs/your-allocator.md has no section "Your pool, in your own project"');
  const blocks = [...section.matchAll(/^```(\w+)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1], text: m[2] ?? '' }));
  const block = (lang: string): string => {
    const found = blocks.filter((b) => b.lang === lang);
    if (found.length !== 1) throw new Error(`docs/your-allocator.md: expected one ${lang} block in the section, found ${found.length}`);
    return (found[0] as { text: string }).text;
  };
  const commands = block('sh')
    .split('\n')
    .map((l) => l.replace(/\s+#.*$/, '').trim())
    .filter((l) => l.startsWith('npx '))
    .map((l) => l.split(/\s+/));
  return { commands, config: block('json'), test: block('ts') };
}

const EXAMPLE = documentedExample();

/** What each documented command exits with on the example pool (the page says so too). */
const EXPECTED_EXIT: Readonly<Record<string, number>> = { explore: 0, check: 0, races: 0, gate: 0, fuzz: 3, vitest: 0 };

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
  writeFileSync(join(project, 'pool.test.ts'), EXAMPLE.test);
  writeFileSync(join(project, 'mempool-check.config.json'), EXAMPLE.config);
  npm(['install', '--prefer-offline', '--no-audit', '--no-fund'], project);
});

/** What a documented command's output must show beyond its exit code. */
const EXPECTED_OUTPUT: Readonly<Record<string, RegExp>> = {
  explore: /PASS: [\d,]+ executions, complete/,
  check: /verdict: PASS/,
  fuzz: /INCOMPLETE: no property failed in 10 random scenarios/,
  races: /PASS: 0 unknown races/,
  // The accepted findings show, by their cause, and nothing else fails.
  gate: /known finding NO-LOST-WAKEUP[\s\S]*gate: PASS/,
  vitest: /Tests\s+3 passed/,
};

describe('the packed package, installed outside the repository', () => {
  it('the documented section has every kind of command this test checks', () => {
    expect(EXAMPLE.commands.map((c) => (c[1] === 'mempool-check' ? c[2] : c[1]))).toEqual(['explore', 'check', 'fuzz', 'races', 'gate', 'vitest']);
  });

  it.each(EXAMPLE.commands.map((c) => [c.join(' '), c] as const))('runs the documented `%s`', (_text, command) => {
    const what = (command[1] === 'mempool-check' ? command[2] : command[1]) as string;
    const r = run(command[0] as string, command.slice(1));
    expect(r.out).toMatch(EXPECTED_OUTPUT[what] as RegExp);
    expect(r.code, r.out).toBe(EXPECTED_EXIT[what]);
  });

  it('a pool that does not type-check is refused with exit 2', () => {
    writeFileSync(join(project, 'broken.ts'), "import type { PoolImpl } from 'mempool-check/kernel';\nexport const broken: PoolImpl = { name: 'broken' };\n");
    const r = run('npx', ['mempool-check', 'explore', 'pair2', '--impl', './broken.ts']);
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/broken\.ts (does not type-check|exports no PoolImpl)/);
  });

  it('a bad project file is one line naming the field, exit 2', () => {
    writeFileSync(join(project, 'bad.config.json'), JSON.stringify({ implementations: [{ implementation: './pool.ts', memory: ['tso'] }] }));
    const r = run('npx', ['mempool-check', 'gate', '--config', './bad.config.json']);
    expect(r.code).toBe(2);
    expect(r.out.trim()).toMatch(/^mempool-check gate: bad\.config\.json: implementations\[0\]\.memory\[0\]: /);
  });
});
