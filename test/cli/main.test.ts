/**
 * The command line's own behaviour: --version, no command, internal errors (exit 4, one line with the
 * scenario, implementation and replay token), and the progress a long command shows.
 */
import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { EXIT, worstExit } from '../../cli/commands/command.ts';
import { main } from '../../cli/main.ts';
import { explore } from '../../explorer/explore.ts';
import type { Program } from '../../explorer/program.ts';
import { DfsScheduler } from '../../explorer/strategies/dfs.ts';
import { ReplayScheduler } from '../../explorer/strategies/replay.ts';
import { store, load } from '../../kernel/api/memory.ts';
import type { Gen, Loc } from '../../kernel/api/index.ts';
import { DEFAULT_KERNEL_CONFIG } from '../../kernel/rt/kernel.ts';
import { ExecutionCrash } from '../../run/internal-error.ts';
import type { CommandIo } from '../../run/io.ts';
import { FIRST_LINE_MS, LINE_INTERVAL_MS, Progress } from '../../run/progress.ts';
import { ExploreSession, runSession } from '../../run/session.ts';
import { capture } from './io.ts';

describe('mempool-check itself', () => {
  it('--version prints the package version: exit 0', async () => {
    const c = capture();
    expect(await main(['--version'], c.io)).toBe(0);
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(c.out).toEqual([`mempool-check ${version}`]);
  });

  it('no command prints the usage on stderr: exit 2', async () => {
    const c = capture();
    expect(await main([], c.io)).toBe(2);
    expect(c.out).toEqual([]);
    expect(c.err[0]).toMatch(/^usage: mempool-check <command> \[options\]/);
    expect(c.err.join('\n')).toMatch(/4 internal error/);
  });

  it('the worst of several exit codes: internal error, bad input, a failure, incomplete, pass', () => {
    expect(worstExit([])).toBe(EXIT.pass);
    expect(worstExit([EXIT.pass, EXIT.incomplete])).toBe(EXIT.incomplete);
    expect(worstExit([EXIT.incomplete, EXIT.fail])).toBe(EXIT.fail);
    expect(worstExit([EXIT.fail, EXIT.usage, EXIT.incomplete])).toBe(EXIT.usage);
    expect(worstExit([EXIT.usage, EXIT.internal])).toBe(EXIT.internal);
  });
});

/** T2 throws (a broken runtime, as far as the explorer can tell) when it reads 1, i.e. only after T1 stored. */
function crashing(): Program<{ x: Loc }> {
  return {
    kernelConfig: DEFAULT_KERNEL_CONFIG,
    *setup(kernel): Gen<{ x: Loc }> {
      return { x: kernel.harnessCell(0) };
    },
    threads: ({ x }) => [
      { name: 'T1', body: store(x, 1) },
      {
        name: 'T2',
        body: (function* (): Gen<void> {
          if ((yield* load(x)) === 1) throw new Error('the runtime broke');
        })(),
      },
    ],
  };
}

describe('an internal error', () => {
  it('inside an execution carries the choices that reproduce it', () => {
    const session = new ExploreSession(crashing(), new DfsScheduler(), [], { maxExecutions: 100, maxSteps: 50, all: true, searchAfterFailure: 0 });
    let crash: unknown = null;
    try {
      runSession(session);
    } catch (e) {
      crash = e;
    }
    expect(crash).toBeInstanceOf(ExecutionCrash);
    const c = crash as ExecutionCrash;
    expect(c.message).toBe('the runtime broke');
    // The choices lead straight back to it: T1 first, then T2 reads 1.
    expect(() => explore(crashing(), new ReplayScheduler(c.choices), [], { maxExecutions: 1, stopOnFailure: false, keepFailures: 0 })).toThrow('the runtime broke');
  });

  it('is exit 4 with one line naming the scenario, the implementation and the replay token', async () => {
    // A clock that breaks in the middle of an exploration: an exception inside the explorer's loop.
    const c = capture();
    let readings = 0;
    const io: CommandIo = {
      ...c.io,
      now: () => {
        readings += 1;
        if (readings === 50) throw new Error('clock failure');
        return readings;
      },
    };
    expect(await main(['explore', 'trio3'], io)).toBe(EXIT.internal);
    expect(c.out).toEqual([]);
    expect(c.err).toHaveLength(1);
    expect(c.err[0]).toMatch(/^mempool-check explore: internal error \(explore, strategy dpor, scenario trio3, implementation v4\.1\): clock failure; replay: npm run mempool-check -- replay mc1\.\S+$/);
  });
});

describe('progress', () => {
  const fields = { done: 3, total: 12, unit: 'scenarios', work: 4500, workUnit: 'executions', counts: [['failing', 0]] as [string, number][] };

  it('plain lines: none for a run shorter than a second, then one every 10 s, with counts, rate and time left', () => {
    const err: string[] = [];
    let t = 0;
    const p = new Progress({ out: () => {}, err: (l) => err.push(l) }, 'fuzz v4.1', 'lines', () => t);
    p.update(fields);
    expect(err).toEqual([]);
    t = FIRST_LINE_MS;
    p.update(fields);
    // 3 of 12 in 1 s: 9 more take about 3 s more; 4,500 executions in 1 s.
    expect(err).toEqual(['fuzz v4.1: 3/12 scenarios, 4,500 executions, 0 failing, 4,500 executions/s, 1 s elapsed, about 3 s left']);
    t += LINE_INTERVAL_MS - 1;
    p.update(fields);
    expect(err).toHaveLength(1);
    t += 1;
    p.update({ ...fields, deadline: t + 2000 });
    // The estimate (3 of 12 in 11 s: 33 s more) is cut by the deadline 2 s away.
    expect(err[1]).toBe('fuzz v4.1: 3/12 scenarios, 4,500 executions, 0 failing, 409 executions/s, 11 s elapsed, about 2 s left');
  });

  it('a bar on a terminal (cli-progress), taken off before a line goes to stdout', () => {
    let written = '';
    const terminal = Object.assign(
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          written += chunk.toString();
          done();
        },
      }),
      { isTTY: true, columns: 160 },
    );
    let t = 0;
    const p = new Progress({ out: () => {}, err: () => {}, terminal }, 'gate', 'bar', () => t);
    t = 2000;
    p.update({ ...fields, task: 'trio3 sc (dpor)' });
    expect(written).toMatch(/gate [█░]{20} trio3 sc \(dpor\): 3\/12 scenarios, 4,500 executions, 0 failing \| 2,250 executions\/s, 2 s elapsed, about 6 s left/);
    written = '';
    p.clearLine();
    expect(written).toBe('\r\x1b[K');
    p.stop();
  });
});
