/**
 * The library's `explore` stops a search whose heap fills up and returns what it found (`stoppedBy`
 * 'memory'), as the command line does (test/cli/memory.test.ts), instead of V8 aborting the caller's
 * process: with a heap reading the test controls, and in a process whose heap is too small.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { explore } from '../../lib/explore.ts';
import type { HeapReading } from '../../run/heap.ts';

vi.setConfig({ testTimeout: 120_000 });

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MB = 1024 * 1024;
const SEED_C = 'c:docs/seed/mempool.c';

describe('lib explore stops when the heap is nearly full', () => {
  it('in-process: the third reading leaves less than a fifth of the limit free, the search stops there', async () => {
    let readings = 0;
    const heap = (): HeapReading => ({ liveBytes: (readings += 1) >= 3 ? 81 * MB : 79 * MB, limitBytes: 100 * MB });
    const r = await explore(SEED_C, 'quad4', { strategy: 'stateful', skip: ['LINEARIZABLE'], heap });
    expect(r.stoppedBy).toBe('memory');
    expect(readings).toBe(3);
    expect(r.complete).toBe(false);
    expect(r.coverage).toMatch(/^[\d,]+ states, [\d,]+ transitions so far$/);
    // What it found in those slices is the verdict: never a pass.
    expect(['fail', 'incomplete']).toContain(r.verdict);
  });

  it('without a reading past the limit the same search ends (stoppedBy done)', async () => {
    const r = await explore(SEED_C, 'resize3', { strategy: 'stateful', skip: ['LINEARIZABLE'], heap: () => ({ liveBytes: 79 * MB, limitBytes: 100 * MB }) });
    expect(r.stoppedBy).toBe('done');
    expect(r.complete).toBe(true);
  });

  it('as a process with a 30 MB heap: the caller gets a result where V8 would have aborted it', async () => {
    // quad4's stateful search does not fit in 30 MB (test/cli/memory.test.ts: the build before the
    // guard was aborted there).
    const script = `import { explore } from './lib/explore.ts';
const r = await explore('${SEED_C}', 'quad4', { strategy: 'stateful', skip: ['LINEARIZABLE'] });
console.log(JSON.stringify({ stoppedBy: r.stoppedBy, verdict: r.verdict, complete: r.complete }));`;
    const child = spawn(process.execPath, ['--max-old-space-size=30', '--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(err.slice(0, 2000)).toBe('');
    expect(code).toBe(0);
    const r = JSON.parse(out) as { stoppedBy: string; verdict: string; complete: boolean };
    expect(r.stoppedBy).toBe('memory');
    expect(r.complete).toBe(false);
    expect(['fail', 'incomplete']).toContain(r.verdict);
  });
});
