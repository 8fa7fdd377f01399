/**
 * The committed document of proven invariants is what the checker proves today: CI regenerates it from a
 * real run (the same command a developer runs, in a child process, written to a temporary file) and fails
 * when it differs from docs/invariants.md. The document holds counts, never timings, so the comparison is
 * exact. When this fails after an intended change, regenerate: `npm run mempool-check -- docs --jobs 2`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';

// Its slowest test took 189 s in a fresh-clone run on the 2-core machine (2026-12-05): a limit of
// about four times that catches a hang without failing a slower machine (vitest.config.ts: 60 s otherwise).
vi.setConfig({ testTimeout: 800_000 });

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/**
 * The generation explores every gate row to its end and runs every mutant: about two minutes of CPU (see
 * bench/RESULTS.md). The generous limit only turns a hang into a failure; it asserts no speed.
 */
const HANG_MS = 40 * 60_000;

/** The first line where two texts differ, to point at the stale part instead of dumping both. */
function firstDifference(committed: string, fresh: string): string {
  const a = committed.split('\n');
  const b = fresh.split('\n');
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) return `line ${i + 1}:\n  committed: ${a[i] ?? '(end of file)'}\n  fresh:     ${b[i] ?? '(end of file)'}`;
  }
  return 'identical';
}

describe('docs/invariants.md', () => {
  it('equals a fresh generation from a real run', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'invariants-')), 'invariants.md');
    const r = spawnSync(process.execPath, ['bin/mempool-check.js', 'docs', '--out', out, '--jobs', '2'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, CI: '1' },
      timeout: HANG_MS,
    });
    // Exit 0: written, every row as expected and every mutant killed or listed as equivalent.
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
    const committed = readFileSync(join(ROOT, 'docs/invariants.md'), 'utf8');
    const fresh = readFileSync(out, 'utf8');
    expect(firstDifference(committed, fresh), 'regenerate with: npm run mempool-check -- docs --jobs 2').toBe('identical');
  }, HANG_MS);
});
