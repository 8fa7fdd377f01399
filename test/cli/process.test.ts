/**
 * The command line as a process: the bin, the printed replay command run through npm as a user would
 * from a clone, and Ctrl-C (SIGINT) stopping an exploration with its partial result.
 */
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function cli(args: string[]) {
  const r = spawnSync('node', ['bin/mempool-check.js', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, out: r.stdout.split('\n'), err: r.stderr };
}

const fromCounterexample = (lines: readonly string[]): string[] => lines.slice(lines.findIndex((l) => l.startsWith('counterexample:')));

describe('mempool-check as a process', () => {
  it('prints a replay command that works through npm and gives the same report', () => {
    const found = cli(['explore', 'pair2', '--impl', 'mutant:free-no-wake']);
    expect(found.code).toBe(1);
    // Under tsx too, stack positions are source-mapped: the seed lines are there.
    expect(found.out.some((l) => l.includes('| L222 spin_lock_irqsave(pool->lock)'))).toBe(true);
    const command = found.out.find((l) => l.startsWith('replay: '))?.slice('replay: '.length) ?? '';
    expect(command).toMatch(/^npm run mempool-check -- replay mc1\./);
    const [npm, ...args] = command.split(' ');
    const replayed = spawnSync(npm as string, args, { cwd: ROOT, encoding: 'utf8' });
    expect(replayed.status).toBe(1);
    expect(fromCounterexample(replayed.stdout.split('\n'))).toEqual(fromCounterexample(found.out));
  });

  it('exits 2 with one line for bad input', () => {
    const r = cli(['explore', 'pair2', '--strategy', 'bogus']);
    expect(r.code).toBe(2);
    const lines = r.err.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^mempool-check explore: unknown strategy 'bogus' \(known: dfs, .*\)$/);
  });

  it('stops on SIGINT at an execution boundary and prints the partial result: exit 3', async () => {
    const child = spawn('node', ['bin/mempool-check.js', 'explore', 'trio3', '--strategy', 'dfs', '--progress'], { cwd: ROOT });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => {
      child.stderr.on('data', (d: Buffer) => {
        const first = err === '';
        err += d.toString();
        // The first progress line comes after the first slice of executions: the handler is set.
        if (first) child.kill('SIGINT');
      });
      child.on('close', (c) => resolve(c));
    });
    expect(code).toBe(3);
    expect(err).toContain('interrupted: stopping at the next boundary and printing what was done');
    expect(out).toMatch(/INCOMPLETE: no property failed in [\d,]+ executions; interrupted/);
  });
});
