/** The herd7 C subset: what the parser accepts as the kernel writes it, and how it refuses the rest. */
import { describe, expect, it } from 'vitest';
import { LitmusError } from '../../litmus/ast.ts';
import { parseLitmus } from '../../litmus/parser.ts';
import { runLitmus } from '../../litmus/run.ts';

/** A file in the style of tools/memory-model/litmus-tests: declarations in the init block, C and herd comments. */
const KERNEL_STYLE = `C MP+pooncerelease+poacquireonce-style

(*
 * Result: Never
 *
 * Release/acquire message passing, written the way the kernel's tests are.
 *)

{
	int buf;
	int flag;
}

P0(int *buf, int *flag) // Producer
{
	WRITE_ONCE(*buf, 1);
	smp_store_release(flag, 1);
}

P1(int *buf, int *flag) /* Consumer */
{
	int r0;
	int r1;

	r0 = smp_load_acquire(flag);
	r1 = READ_ONCE(*buf);
}

exists (1:r0=1 /\\ 1:r1=0) (* Bad outcome. *)
`;

const parseError = (source: string): LitmusError => {
  try {
    parseLitmus(source);
  } catch (e) {
    if (e instanceof LitmusError) return e;
    throw e;
  }
  throw new Error('expected a LitmusError');
};

const wrap = (body: string, params = 'int *x, int *y', exists = 'exists (x=1)'): string => `C t\n{}\nP0(${params})\n{\n${body}\n}\n${exists}\n`;

describe('litmus parser', () => {
  it('reads a kernel-style file: header verdict, declarations, comments, the exists clause', () => {
    const t = parseLitmus(KERNEL_STYLE);
    expect(t.name).toBe('MP+pooncerelease+poacquireonce-style');
    expect(t.lkmm).toBe('forbidden');
    expect(t.deviation).toBeNull();
    expect([...t.locations.keys()].sort()).toEqual(['buf', 'flag']);
    expect(t.threads.map((p) => p.registers)).toEqual([[], ['r0', 'r1']]);
    expect(runLitmus(t)).toMatchObject({ verdict: 'forbidden', witnesses: 0, complete: true });
  });

  it('takes initial values, register initialisers, if/else, expressions, \\/ and ~ in conditions', () => {
    const t = parseLitmus(`C init+if
{ x=2; int y = 1; 0:r1=5; }
P0(int *x, int *y)
{
	int r0 = READ_ONCE(*x);
	int r1;
	if (r0 == 2 && !(r1 != 5)) { WRITE_ONCE(*y, r0 + 1); } else WRITE_ONCE(*y, 9);
	*x = r1 - 5;
}
exists (y=3 /\\ ~(x=1) \\/ 0:r0=7)
`);
    expect(t.locations.get('x')).toEqual({ type: 'int', initial: 2 });
    expect(t.registerInit.get('0:r1')).toBe(5);
    const r = runLitmus(t);
    // One thread, and its only load reads the one message of x: one execution.
    expect(r).toMatchObject({ verdict: 'allowed', executions: 1, witnesses: 1 });
  });

  it('runs locks from spinlock_t parameters and reads final memory values', () => {
    const t = parseLitmus(`C locks
{}
P0(int *x, spinlock_t *s)
{
	spin_lock(s);
	WRITE_ONCE(*x, READ_ONCE(*x) + 1);
	spin_unlock(s);
}
P1(int *x, spinlock_t *s)
{
	spin_lock(s);
	WRITE_ONCE(*x, READ_ONCE(*x) + 1);
	spin_unlock(s);
}
exists (x=1)
`);
    // The lock makes the increments atomic under the weak model too: x ends at 2. Two executions: the
    // two orders of the critical sections (each one step; a load under the lock reads the latest value).
    expect(runLitmus(t)).toMatchObject({ verdict: 'forbidden', executions: 2, complete: true });
  });

  it.each([
    ['an unsupported primitive', wrap('\tint r0;\n\tr0 = xchg(x, 1);'), 6, "unsupported construct 'xchg'"],
    ['an unsupported statement', wrap('\tatomic_inc(x);'), 5, "unsupported construct 'atomic_inc'"],
    ['a loop', wrap('\tint r0;\n\twhile (r0) r0 = READ_ONCE(*x);'), 6, "unsupported construct 'while'"],
    ['an unsupported type', wrap('\tatomic_inc(v);', 'atomic_t *v'), 3, "unsupported type 'atomic_t'"],
    ['a pointer register', wrap('\tint *r0;'), 5, 'pointer register'],
    ['an address in the init block', 'C t\n{ int *p = &x; }\nP0(int *x)\n{\n}\nexists (x=0)\n', 2, 'pointer-valued location'],
    ['a filter clause', wrap('\tWRITE_ONCE(*x, 1);', 'int *x', 'filter (x=1)\nexists (x=1)'), 7, "unsupported construct 'filter'"],
    ['forall', wrap('\tWRITE_ONCE(*x, 1);', 'int *x', 'forall (x=1)'), 7, "unsupported construct 'forall'"],
    ['another architecture', 'AArch64 t\n{}\n', 1, "unsupported architecture 'AArch64'"],
    ['an undeclared register', wrap('\tr0 = READ_ONCE(*x);'), 5, "'r0'"],
    ['a register the exists clause invents', wrap('\tint r0;', 'int *x', 'exists (0:r9=1)'), 7, '0:r9'],
    ['a location that is not a parameter', wrap('\tWRITE_ONCE(*z, 1);', 'int *x'), 5, "'z' is not a parameter of P0"],
  ])('refuses %s, naming it and its line', (_what, source, line, text) => {
    const e = parseError(source);
    expect(e.line).toBe(line);
    expect(e.message).toContain(`line ${line}:`);
    expect(e.message).toContain(text);
  });
});
