import { describe, expect, it } from 'vitest';
import { checkCommand } from '../../cli/commands/check.ts';
import { UsageError, type CommandIo } from '../../cli/commands/command.ts';

async function run(args: readonly string[]): Promise<{ code: number; out: string[] }> {
  const out: string[] = [];
  const io: CommandIo = { out: (l) => out.push(l), err: (l) => out.push(l) };
  const code = await checkCommand.run(args, io);
  return { code, out };
}

describe('mempool-check check', async () => {
  it('passes the port: exit 0, prints what was exercised and how many sequences ran', async () => {
    const { code, out } = await run(['--runs', '60', '--seed', '3']);
    expect(code).toBe(0);
    const text = out.join('\n');
    expect(text).toMatch(/^sequential model-based check of v4\.1 \(seed 3, 60 runs\)/);
    expect(text).toMatch(/command sequences run: 60 \(\d+ commands executed\)/);
    expect(text).toMatch(/GFP classes: .*GFP_KERNEL/);
    expect(text).toMatch(/backends \(pools created\): kmalloc \d+, pages \d+, slab \d+/);
    expect(text).toMatch(/verdict: PASS/);
  });

  it('fails a mutant: exit 1, the shrunk commands, the disagreement, a replay line that reproduces it', async () => {
    const { code, out } = await run(['--impl', 'mutant:grow-no-copy', '--seed', '5']);
    expect(code).toBe(1);
    const text = out.join('\n');
    expect(text).toMatch(/verdict: FAIL \(counterexample shrunk to \d command\(s\)\)/);
    expect(text).toMatch(/first disagreement, at command \d resize\(\d\) \(pool state\):\n {2}expected: .*\n {2}actual: {3}.*NULL/);
    const replay = out.find((l) => l.startsWith('replay: '));
    const args = /--seed (\S+) --path '([^']*)' --replay-path '([^']*)'/.exec(replay ?? '');
    expect(args).not.toBeNull();
    const again = await run(['--impl', 'mutant:grow-no-copy', '--seed', args?.[1] ?? '', '--path', args?.[2] ?? '', '--replay-path', args?.[3] ?? '']);
    expect(again.code).toBe(1);
    const disagreement = (lines: string[]): string[] => lines.slice(lines.findIndex((l) => l === 'commands:'));
    expect(disagreement(again.out)).toEqual(disagreement(out));
  });

  it('prints JSON with --json', async () => {
    const { code, out } = await run(['--runs', '20', '--json']);
    expect(code).toBe(0);
    const report = JSON.parse(out.join('\n')) as { verdict: string; sequences: number; exercised: { operations: Record<string, number> } };
    expect(report.verdict).toBe('pass');
    // The 20 runs asked for; a floor on the 20 outcome kinds (port.test.ts lists them) 20 runs reach.
    expect(report.sequences).toBe(20);
    expect(Object.keys(report.exercised.operations).length).toBeGreaterThan(5);
  });

  it('refuses bad input with a UsageError (exit 2)', async () => {
    await expect(run(['--runs', '0'])).rejects.toThrow(UsageError);
    await expect(run(['--seed', 'abc'])).rejects.toThrow(UsageError);
    await expect(run(['--impl', 'no-such-pool'])).rejects.toThrow(/unknown implementation/);
    await expect(run(['--frobnicate'])).rejects.toThrow(/unknown option/);
    await expect(run(['--replay-path', 'x'])).rejects.toThrow(/needs --path/);
  });
});
