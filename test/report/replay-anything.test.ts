/** `replay` accepts anything the tool wrote: every command's JSON output and every replay file. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { capture } from '../cli/io.ts';

async function run(args: string[]) {
  const c = capture();
  const code = await main(args, c.io);
  return { code, out: c.out, err: c.err };
}

/** Runs a command with --json, saves what it printed, and replays the file. */
async function replayOutputOf(args: string[]) {
  const produced = await run([...args, '--json']);
  const file = join(mkdtempSync(join(tmpdir(), 'mc-replay-')), 'out.json');
  writeFileSync(file, produced.out.join('\n'));
  return { produced, replayed: await run(['replay', file]) };
}

describe('replay from anything the tool wrote', () => {
  it('check --json of a failing implementation: the sequential failure is checked again', async () => {
    const { produced, replayed } = await replayOutputOf(['check', '--impl', 'mutant:grow-no-copy']);
    expect(produced.code).toBe(1);
    expect(JSON.parse(produced.out.join('\n'))).toMatchObject({ implementation: 'mutant:grow-no-copy', verdict: 'fail' });
    expect(replayed.code).toBe(1);
    expect(replayed.out[0]).toMatch(/^sequential model-based check of mutant:grow-no-copy \(seed 20150622, 1000 runs\)/);
    expect(replayed.out.some((l) => l.startsWith('verdict: FAIL'))).toBe(true);
  });

  it('races --json: the execution that showed each race', async () => {
    const { produced, replayed } = await replayOutputOf(['races', 'atomic2']);
    const races = JSON.parse(produced.out.join('\n')).races as { token: string }[];
    expect(races.length).toBeGreaterThan(0);
    expect(replayed.code).toBe(0);
    // One replayed execution per race (each passes every property: the race is known and harmless).
    expect(replayed.out.filter((l) => l.startsWith('execution: atomic2 on v4.1'))).toHaveLength(races.length);
  });

  it('gate --json: every counterexample it holds, each under its own header', async () => {
    const { produced, replayed } = await replayOutputOf(['gate', '--scenarios', 'zero-min', '--memory', 'sc', '--no-sequential', '--race-executions', '0']);
    expect(produced.code).toBe(0);
    expect(replayed.code).toBe(1);
    // zero-min fails NO-DEADLOCK and NO-LOST-WAKEUP: two counterexamples.
    expect(replayed.out.filter((l) => l.startsWith('== mc1.'))).toHaveLength(2);
    expect(replayed.out.filter((l) => /^FAILED NO-(DEADLOCK|LOST-WAKEUP) /.test(l))).toHaveLength(2);
  });

  it('fuzz --json: its shrunk counterexample', async () => {
    const { produced, replayed } = await replayOutputOf(['fuzz', '--impl', 'mutant:free-no-wake', '--runs', '30', '--seed', '1']);
    expect(produced.code).toBe(1);
    expect(replayed.code).toBe(1);
  });

  it('a JSON that records no failure says so: one line, exit 2', async () => {
    const { replayed } = await replayOutputOf(['check', '--runs', '5']);
    expect(replayed.code).toBe(2);
    expect(replayed.err).toEqual([expect.stringMatching(/nothing to replay in this JSON/)]);
  });
});
