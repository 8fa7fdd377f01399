/**
 * The gate as a process, its units on worker threads (the default): Ctrl-C reaches the running worker,
 * which stops at its next execution boundary; the gate starts no more units, writes complete report
 * files that say incomplete and what ran, and exits 3.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseReport } from '../../report/schema.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('gate as a process', () => {
  it('Ctrl-C: the worker stops at an execution boundary, the files say incomplete, exit 3', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mc-gate-int-'));
    // quad4 first: its first unit runs for seconds, and the first progress line comes after one, so
    // the signal lands inside it. (With trio3 first, whose unit now ends in under a second on a quiet
    // machine, the signal landed in the next unit or between units.)
    const child = spawn('node', ['bin/mempool-check.js', 'gate', '--scenarios', 'quad4,trio3', '--no-sequential', '--progress', '--report-dir', dir], { cwd: ROOT });
    let out = '';
    let err = '';
    let sent = false;
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => {
      child.stderr.on('data', (d: Buffer) => {
        err += d.toString();
        // The first progress line: the gate runs its first unit on a worker.
        if (!sent) {
          sent = true;
          child.kill('SIGINT');
        }
      });
      child.on('close', (c) => resolve(c));
    });
    expect(code).toBe(3);
    expect(err).toContain('interrupted: stopping at the next boundary');
    const doc = parseReport(JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')), dir);
    expect(doc).toMatchObject({ verdict: 'incomplete', interrupted: true, running: false });
    expect(doc.plan.ran).toEqual(['quad4/sc']);
    expect(doc.scenarios[0]).toMatchObject({ stoppedBy: 'interrupted', status: 'incomplete' });
    expect(doc.plan.notRun).toHaveLength(doc.plan.all.length - 1);
    expect(out.trim().split('\n').at(-1)).toMatch(/^gate: INCOMPLETE \(/);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
