/**
 * The litmus runner under stress: many threads on every strategy, an execution cap, several files with
 * a bad one, herd7's prelude and comments, deep nesting, an unclosed body, tests where nothing finishes.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { LitmusError } from '../../litmus/ast.ts';
import { parseLitmus } from '../../litmus/parser.ts';
import { runLitmus } from '../../litmus/run.ts';
import { capture } from '../cli/io.ts';

const TESTS = new URL('../../litmus/tests/', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'litmus-stress-'));
let files = 0;
function file(text: string): string {
  const path = join(dir, `t${++files}.litmus`);
  writeFileSync(path, text);
  return path;
}

async function litmus(args: string[]) {
  const c = capture();
  const code = await main(['litmus', ...args], c.io);
  return { code, out: c.out, err: c.err };
}

/**
 * n threads: P0 writes x, the last one reads it, every other writes a location of its own (independent
 * of everything). The reader sees 0 or 1 and nothing else.
 */
function wide(n: number, exists: string): string {
  const lines = [`C wide${n}`, '{}'];
  lines.push('P0(int *x)\n{\n\tWRITE_ONCE(*x, 1);\n}');
  for (let i = 1; i < n - 1; i++) lines.push(`P${i}(int *y${i})\n{\n\tWRITE_ONCE(*y${i}, 1);\n}`);
  lines.push(`P${n - 1}(int *x)\n{\n\tint r0;\n\n\tr0 = READ_ONCE(*x);\n}`);
  lines.push(`exists (${n - 1}:${exists})`);
  return `${lines.join('\n')}\n`;
}

describe('many threads', () => {
  for (const n of [33, 64]) {
    it(`${n} threads: dpor and bounded-dpor give the verdicts, bounded stops at its cap without crashing`, async () => {
      const seen1 = file(wide(n, 'r0=1'));
      const seen2 = file(wide(n, 'r0=2'));
      for (const strategy of ['dpor', 'bounded-dpor']) {
        const r = await litmus([seen1, seen2, '--strategy', strategy, '--json']);
        expect(r.code, r.err.join('\n')).toBe(0);
        const results = JSON.parse(r.out.join('\n')) as { verdict: string; complete: boolean; executions: number }[];
        expect(results.map((x) => [x.verdict, x.complete])).toEqual([
          ['allowed', true],
          ['forbidden', true],
        ]);
        // Only P0's store and the last thread's load conflict: 2 orders, and under weak memory the load
        // that comes second may still read the initial 0 (a read-from choice): dpor needs 3 executions.
        // bounded-dpor has no sleep sets and re-offers every reversal where its run of steps began: on
        // this shape 2n-1 executions, as the 32-bit code gave for n = 3..7 (5, 7, 9, 11, 13).
        expect(results[1]?.executions).toBe(strategy === 'dpor' ? 3 : 2 * n - 1);
      }
      // Plain bounded search has no reduction: n! orders of independent steps. It must run and stop at its cap.
      const r = await litmus([seen2, '--strategy', 'bounded', '--max-executions', '50']);
      expect(r.code).toBe(3);
      expect(r.out.join('\n')).toMatch(new RegExp(`wide${n}\\s+incomplete\\s+50 executions`));
    });
  }
});

describe('an execution cap', () => {
  it('a run stopped by --max-executions with no witness is incomplete, exit 3; one with a witness is allowed', async () => {
    // MP+wmb+rmb has 12 executions (cli.test.ts) and no witness: 5 cannot decide.
    const capped = await litmus([`${TESTS}MP+wmb+rmb.litmus`, '--max-executions', '5']);
    expect(capped.code).toBe(3);
    expect(capped.out.join('\n')).toMatch(/MP\+wmb\+rmb\s+incomplete\s+5 executions, 0 witnessing \(stopped by the execution budget/);
    const json = await litmus([`${TESTS}MP+wmb+rmb.litmus`, '--max-executions', '5', '--json']);
    // 5: the cap asked for.
    expect(JSON.parse(json.out.join('\n'))[0]).toMatchObject({ verdict: 'incomplete', complete: false, executions: 5 });
    // A witness decides "allowed" whatever is left unexplored.
    // SB+poonceonces has 20 executions under weak memory, the first witness among the first 10.
    const allowed = await litmus([`${TESTS}SB+poonceonces.litmus`, '--max-executions', '10']);
    expect(allowed.code).toBe(0);
    expect(allowed.out.join('\n')).toMatch(/SB\+poonceonces\s+allowed\s+10 executions, [1-9]\d* witnessing \(a witness decides it; stopped by the execution budget/);
  });
});

describe('several files', () => {
  it('reports every file, a bad one as an error row, and exits with the worst code', async () => {
    const bad = file('C bad\n{}\nP0(int *x)\n{\n\tint r0;\n\tr0 = cmpxchg(x, 0, 1);\n}\nexists (0:r0=0)\n');
    const r = await litmus([`${TESTS}MP+wmb+rmb.litmus`, bad, join(dir, 'missing.litmus'), `${TESTS}SB+poonceonces.litmus`]);
    expect(r.code).toBe(2);
    const text = r.out.join('\n');
    expect(text).toMatch(/MP\+wmb\+rmb\s+forbidden/);
    expect(text).toMatch(/SB\+poonceonces\s+allowed/);
    expect(text).toContain(`${bad}: error: line 6: unsupported construct 'cmpxchg'`);
    expect(text).toContain(`${join(dir, 'missing.litmus')}: error: cannot read the file`);
    const json = await litmus([`${TESTS}MP+wmb+rmb.litmus`, bad, '--json']);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.out.join('\n'))).toMatchObject([{ verdict: 'forbidden' }, { file: bad, verdict: 'error', error: "line 6: unsupported construct 'cmpxchg'" }]);
    // A differing verdict (1) is worse than an incomplete one (3); bad input (2) worse than both.
    // Under SC store buffering is forbidden (6 executions, complete): it differs; IRIW+mbs needs more than 10.
    const differs = await litmus([`${TESTS}SB+poonceonces.litmus`, `${TESTS}IRIW+mbs.litmus`, '--memory', 'sc', '--max-executions', '10']);
    expect(differs.out.join('\n')).toMatch(/IRIW\+mbs\s+incomplete/);
    expect(differs.code).toBe(1);
  });
});

describe("what herd7 accepts in the subset's files", () => {
  it('an #include prelude block and (* *) comments in the init block', () => {
    const t = parseLitmus(`C prelude
{
#include "kernel.h"
#include <linux/compiler.h>
}
{
	int x = 1; (* the flag *)
	(* a comment
	   on two lines *)
	int y;
}
P0(int *x, int *y)
{
	int r0;

	r0 = READ_ONCE(*x);
	WRITE_ONCE(*y, (r0));
}
exists (0:r0=1 /\\ y=1)
`);
    expect(t.locations.get('x')?.initial).toBe(1);
    expect(runLitmus(t)).toMatchObject({ verdict: 'allowed', complete: true });
  });

  it('deep nesting is a clear error with its line, not a stack overflow', async () => {
    const deep = 100_000;
    const cond = file(`C deep\n{}\nP0(int *x)\n{\n\tWRITE_ONCE(*x, 1);\n}\nexists ${'('.repeat(deep)}x=1${')'.repeat(deep)}\n`);
    const expr = file(`C deep\n{}\nP0(int *x)\n{\n\tint r0;\n\n\tr0 = ${'('.repeat(deep)}1${')'.repeat(deep)};\n}\nexists (0:r0=1)\n`);
    const blocks = file(`C deep\n{}\nP0(int *x)\n{\n${'{'.repeat(deep)}\n${'}'.repeat(deep)}\n}\nexists (x=0)\n`);
    const unary = file(`C deep\n{}\nP0(int *x)\n{\n\tint r0;\n\n\tr0 = ${'!'.repeat(deep)}1;\n}\nexists (0:r0=1)\n`);
    for (const [path, line] of [[cond, 7], [expr, 7], [blocks, 5], [unary, 7]] as const) {
      const r = await litmus([path]);
      expect(r.code).toBe(2);
      expect(r.out.join('\n')).toContain(`${path}: error: line ${line}: nested more than 200 levels deep`);
      expect(r.out.join('\n')).not.toMatch(/call stack/);
    }
  });

  it('an unclosed process body is named as such', () => {
    const e = (source: string): string => {
      try {
        parseLitmus(source);
      } catch (x) {
        if (x instanceof LitmusError) return x.message;
        throw x;
      }
      return 'no error';
    };
    expect(e('C open\n{}\nP0(int *x)\n{\n\tWRITE_ONCE(*x, 1);\n\nP1(int *x)\n{\n\tWRITE_ONCE(*x, 2);\n}\nexists (x=1)\n')).toBe("line 7: the body of P0 (opened at line 4) is not closed before 'P1'");
    expect(e('C open\n{}\nP0(int *x)\n{\n\tWRITE_ONCE(*x, 1);\n\nexists (x=1)\n')).toBe("line 7: the body of P0 (opened at line 4) is not closed before 'exists'");
    expect(e('C open\n{}\nP0(int *x)\n{\n\tWRITE_ONCE(*x, 1);\n')).toBe('line 6: the body of P0 (opened at line 4) is not closed before the end of the file');
  });
});

describe('tests where nothing finishes', () => {
  it('say so in the text output when every execution blocks', async () => {
    // Each thread takes the lock and returns holding it: whichever goes second waits for ever.
    const stuck = file('C stuck\n{}\nP0(spinlock_t *s, int *x)\n{\n\tspin_lock(s);\n\tWRITE_ONCE(*x, 1);\n}\nP1(spinlock_t *s, int *x)\n{\n\tspin_lock(s);\n\tWRITE_ONCE(*x, 2);\n}\nexists (x=1)\n');
    const r = await litmus([stuck]);
    expect(r.out.join('\n')).toMatch(/stuck\s+forbidden\s+\d+ executions, 0 witnessing; no execution finished: every one blocked/);
  });
});
