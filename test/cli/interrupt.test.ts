/**
 * Ctrl-C (SIGINT) and SIGTERM on every long command, as a real process: each is started with stderr
 * piped (so progress comes as plain lines), the signal is sent once its first progress line shows it
 * is running, and it must stop at the next boundary, print what it did and exit 3.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface Stopped {
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
}

/** Each test starts one process: if it hangs past its timeout, it does not outlive the test. */
const running = new Set<ReturnType<typeof spawn>>();
afterEach(() => {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
});

/** A hang shows as a timeout: a process starts in ~2 s, its first progress line comes after 1 s. */
const TIMEOUT_MS = 120_000;

/** Runs the command line, sends `signal` after its first line on stderr (a progress line), and waits for it to end. */
function interrupt(args: string[], signal: 'SIGINT' | 'SIGTERM' = 'SIGINT'): Promise<Stopped> {
  const child = spawn(process.execPath, ['bin/mempool-check.js', ...args], { cwd: ROOT, env: { ...process.env, CI: '' } });
  running.add(child);
  let out = '';
  let err = '';
  let sent = false;
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => {
    err += d.toString();
    if (!sent && err.includes('\n')) {
      sent = true;
      child.kill(signal);
    }
  });
  return new Promise((resolve) =>
    child.on('close', (code) => {
      running.delete(child);
      resolve({ code, out, err });
    }),
  );
}

/** The first progress line came before the signal, then the line that acknowledges it. */
function acknowledged(r: Stopped, label: RegExp, signal: 'SIGINT' | 'SIGTERM' = 'SIGINT'): void {
  const lines = r.err.trim().split('\n');
  expect(lines[0]).toMatch(label);
  expect(lines).toContain(
    signal === 'SIGINT'
      ? 'interrupted: stopping at the next boundary and printing what was done (Ctrl-C again quits at once)'
      : 'terminated (SIGTERM): stopping at the next boundary and printing what was done (a second SIGTERM quits at once)',
  );
}

describe('interrupting a command stops it at the next boundary with its partial result: exit 3', () => {
  it('check: the sequences run so far, incomplete', async () => {
    const r = await interrupt(['check', '--runs', '10000000']);
    acknowledged(r, /^check v4\.1: [\d,]+\/10,000,000 sequences, [\d,]+ commands, [\d,]+ commands\/s, \d+ s elapsed, about .* left$/);
    expect(r.out).toMatch(/verdict: INCOMPLETE \(interrupted after \d+ of 10000000 command sequences; the implementation agreed with the model in every one\)/);
    expect(r.code).toBe(3);
  }, TIMEOUT_MS);

  it('fuzz: scenarios and executions so far, failures skipped as shared with the port (SIGTERM)', async () => {
    const r = await interrupt(['fuzz', '--impl', 'v4.1+resize-wakes', '--new-only', '--runs', '100000'], 'SIGTERM');
    acknowledged(r, /^fuzz v4\.1\+resize-wakes: [\d,]+\/100,000 scenarios, [\d,]+ executions, \d+ failures skipped as shared with the port, /, 'SIGTERM');
    expect(r.out).toMatch(/INCOMPLETE: no property failed in \d+ random scenarios? \([\d,]+ executions(; \d+ failures? skipped as shared with the port)?\) \(interrupted\)/);
    expect(r.code).toBe(3);
  }, TIMEOUT_MS);

  it('races: the races seen so far, incomplete', async () => {
    // quad4's livelock makes its executions unbounded: dpor never ends on its own.
    const r = await interrupt(['races', 'quad4', '--max-executions', '100000000', '--max-steps', '200']);
    acknowledged(r, /^races quad4: [\d,]+\/100,000,000 executions, /);
    expect(r.out).toMatch(/^races quad4 .*: [\d,]+ executions, interrupted$/m);
    expect(r.out).toMatch(/^INCOMPLETE: 0 unknown races, \d+ known$/m);
    expect(r.code).toBe(3);
  }, TIMEOUT_MS);

  it('litmus: the files done, the current one incomplete, the rest not run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'interrupt-'));
    // Ten threads of one independent store each: 10! schedules for dfs, far more than a second's worth.
    const lines = ['C ten', '{}'];
    for (let i = 0; i < 10; i++) lines.push(`P${i}(int *x${i})\n{\n\tWRITE_ONCE(*x${i}, 1);\n}`);
    lines.push('exists (x0=2)');
    const ten = join(dir, 'ten.litmus');
    writeFileSync(ten, `${lines.join('\n')}\n`);
    const first = fileURLToPath(new URL('../../litmus/tests/MP+wmb+rmb.litmus', import.meta.url));
    const r = await interrupt(['litmus', first, ten, ten]);
    acknowledged(r, /^litmus ten: 1\/3 files, [\d,]+ executions, /);
    // 12: MP+wmb+rmb's count, derived by hand in test/litmus/agreement.test.ts.
    expect(r.out).toMatch(/^MP\+wmb\+rmb\s+forbidden\s+12 executions/m);
    expect(r.out).toMatch(/^ten\s+incomplete\s+[\d]+ executions, 0 witnessing \(interrupted before any witness/m);
    expect(r.out).toContain(`${ten}: error: not run (interrupted)`);
    expect(r.code).toBe(3);
  }, TIMEOUT_MS);

  it('gate: the rows finished, the interrupted one, no race pass; the closing line says interrupted', async () => {
    // In this thread (--jobs 0), where the progress line shows the exploration's executions; the gate on
    // worker threads stops the same way (test/report/gate-process.test.ts).
    const r = await interrupt(['gate', '--scenarios', 'pair2,quad4,trio3', '--memory', 'sc', '--no-sequential', '--jobs', '0']);
    acknowledged(r, /^gate quad4 sc \(bounded-dpor ≤\d\): 1\/6 parts, [\d,]+ executions, /);
    expect(r.out).toMatch(/^pair2 +sc +dpor +\d+ +pass +- +ok$/m);
    // When the interrupt lands depends on the machine's speed: before quad4's known resize lost wake-up is
    // reached the row has no failure yet, after it the row lists the known findings; either way it is INCOMPLETE.
    expect(r.out).toMatch(/^quad4 +sc +bounded-dpor≤\d +[\d,]+ +(incomplete +-|fail +NO-DEADLOCK, NO-LOST-WAKEUP) +INCOMPLETE$/m);
    expect(r.out).not.toMatch(/^trio3 /m);
    expect(r.out).not.toMatch(/plain-access races/);
    expect(r.out).toMatch(/^gate: INCOMPLETE \(2 rows \(2 scenarios under sc memory\), [02] known findings, 1 incomplete, 4 of 6 units not run, interrupted\)$/m);
    expect(r.code).toBe(3);
  }, TIMEOUT_MS);
});
