/**
 * `switch`, enums and the kernel's printing calls, which kernel C uses everywhere: each checked by its
 * value and by the kernel operations it issues, and each misuse refused with its line.
 */
import { describe, expect, it } from 'vitest';
import { CInvalid, CUnsupported } from '../../c/errors.ts';
import type { Op } from '../../kernel/rt/ops.ts';
import { program, runAlone } from './helpers.ts';

const C = `
#include <linux/slab.h>

enum colour { RED, GREEN = 5, BLUE, LAST = BLUE * 2 + (GREEN > RED) };
typedef enum { SMALL = -1, LARGE = 1 << 20 } size_class_t;
struct cell { long v; enum colour c; };

int fall(int x)
{
	int r = 0;
	switch (x) {
	case 1:
		r += 1;
	case 2:
		r += 10;
		break;
	default:
		r += 100;
	case 3:
		r += 1000;
	}
	return r;
}

int by_colour(enum colour c)
{
	switch (c) {
	case RED: return 1;
	case GREEN: return 2;
	case BLUE: return 3;
	}
	return 0;
}

int unsigned_case(unsigned int u) { switch (u) { case -1: return 7; default: return 8; } }

int odd_sum(int n)
{
	int i, s = 0;
	for (i = 0; i < n; i++) {
		switch (i & 1) {
		case 0:
			continue;
		}
		s += i;
	}
	return s;
}

long switch_on_memory(struct cell *p) { switch (p->v) { case 4: return 40; case 5: return 50; } return -1; }

int constants(void) { size_class_t s = LARGE; return LAST * 1000 + (s == LARGE) + SMALL; }

int logged(struct cell *p) { pr_err("mempool: %ld at %p\\n", p->v, p); printk("plain\\n"); dump_stack(); return pr_debug("x" "y"); }
`;

const prog = program(C);
const value = (fn: string, ...args: number[]): unknown => runAlone(prog, fn, args).result;
const loads = (ops: readonly Op[]): number => ops.filter((o) => o.kind === 'load').length;

describe('switch', () => {
  it('jumps to the matching case, else to default wherever it stands, and falls through to break', () => {
    expect([0, 1, 2, 3, 4].map((x) => value('fall', x))).toEqual([1100, 11, 10, 1000, 1100]);
  });

  it('cases on enum constants; no match and no default runs nothing', () => {
    expect([0, 5, 6, 7].map((c) => value('by_colour', c))).toEqual([1, 2, 3, 0]);
  });

  it('case values take the controlling expression type (case -1 on an unsigned int is UINT_MAX)', () => {
    expect([value('unsigned_case', 0xffffffff), value('unsigned_case', 5)]).toEqual([7, 8]);
  });

  it('continue inside a switch continues the loop around it', () => {
    expect(value('odd_sum', 6)).toBe(1 + 3 + 5);
  });

  it('the controlling expression is evaluated once: one load, however many cases', () => {
    const r = runAlone(prog, 'switch_on_memory', [0x1000]);
    expect([r.result, loads(r.ops)]).toEqual([-1, 1]); // a fresh kernel's memory reads 0: no case matches
  });

  it.each([
    ['a case label that is not a constant', 'int f(int x, int y) { switch (x) { case y: return 1; } return 0; }', CInvalid, /1:\d+: case label that is not an integer constant/],
    ['two defaults', 'int f(int x) { switch (x) { default: return 1; default: return 2; } }', CInvalid, /two default labels/],
    ['continue in a switch outside any loop', 'int f(int x) { switch (x) { case 1: continue; } return 0; }', CInvalid, /continue outside a loop/],
    ['a case label inside a nested block', 'int f(int x) { switch (x) { case 1: { case 2: return 2; } } return 0; }', CUnsupported, /case label outside the top level/],
    ['a statement before the first case', 'int f(int x) { switch (x) { x++; case 1: return 1; } return 0; }', CUnsupported, /statement before the first case label/],
  ])('refuses %s', (_what, text, kind, message) => {
    expect(() => program(text)).toThrow(kind);
    expect(() => program(text)).toThrow(message);
  });
});

describe('enums', () => {
  it('values count up from 0 or from the last given value; a value may use earlier constants', () => {
    expect(value('constants')).toBe(13 * 1000 + 1 - 1); // LAST = BLUE (6) * 2 + 1
  });

  it.each([
    ['an enum defined inside a function', 'int f(void) { enum { A } x = A; return x; }', /enum defined inside a function/],
    ['a constant named twice', 'enum a { X }; enum b { X };', /'X' redeclared as an enum constant/],
    ['a value that is not constant', 'int g(void); enum a { X = g() };', /not an integer constant expression/],
    ['a value beyond int', 'enum a { X = 0x80000000 };', /does not fit in int/],
    ['a union still', 'union u { int a; long b; };', /union/],
  ])('refuses %s', (_what, text, message) => {
    expect(() => program(text)).toThrow(CUnsupported);
    expect(() => program(text)).toThrow(message);
  });
});

describe('printk and pr_*', () => {
  it('evaluate their arguments (a member read is a load), print nothing, return 0', () => {
    const r = runAlone(prog, 'logged', [0x1000]);
    expect(r.result).toBe(0);
    expect(r.ops.map((o) => o.kind)).toEqual(['load']);
  });

  it('a string literal anywhere else is refused with its position', () => {
    expect(() => program('int f(void) { const char *s = "x"; return 0; }')).toThrow(/test\.c:1:\d+: unsupported C: string literal/);
    expect(() => program('void g(void *p); void f(void) { g("x"); }')).toThrow(/string literal/);
  });
});

describe('atomic_t', () => {
  const A = `
#include <linux/slab.h>
#include <linux/atomic.h>
struct s { long pad; atomic_t n; };
int steps(void)
{
	struct s *p = kmalloc_node(sizeof(*p), GFP_KERNEL, NUMA_NO_NODE);
	int a, b, c, d, x, e;
	atomic_set(&p->n, 5);
	atomic_inc(&p->n);
	atomic_add(4, &p->n);
	atomic_sub(3, &p->n);
	a = atomic_inc_return(&p->n);
	b = atomic_fetch_sub(2, &p->n);
	c = atomic_sub_and_test(6, &p->n);
	d = atomic_dec_and_test(&p->n);
	x = atomic_xchg(&p->n, 2147483647);
	e = atomic_add_return(1, &p->n);
	a += 10 * (atomic_cmpxchg(&p->n, 5, 6) == -2147483647 - 1) + 100 * (atomic_cmpxchg(&p->n, -2147483647 - 1, 3) == -2147483647 - 1) + 1000 * (atomic_read(&p->n) == 3);
	return a * 1000000 + b * 10000 + c * 1000 + d * 100 + (x == -1) * 10 + (e == -2147483647 - 1) + 0 * atomic_read(&p->n);
}
`;

  it('values as the kernel computes them (the counter wraps at 32 bits), and LKMM ordering per call', () => {
    const prog = program(A);
    const r = runAlone(prog, 'steps');
    expect(r.ops.slice(0, 2).map((o) => (o.kind === 'store' ? `store ${o.order}` : o.kind))).toEqual(['alloc', 'store once']);
    // 5 +1 +4 -3 = 7; inc_return 8; fetch_sub 2 returns 8 (6 left); sub_and_test 6 hits 0; dec_and_test -1;
    // xchg returns -1; INT_MAX + 1 wraps to INT_MIN.
    // Then a cmpxchg that fails (INT_MIN is not 5) and one that succeeds: a += 10 + 100 + 1000.
    expect(r.result).toBe(8_081_011 + 1110 * 1_000_000);
    const rmws = r.ops.flatMap((o) => (o.kind === 'rmw' ? [`${typeof o.ordering === 'object' ? `if ${o.ordering.ifOld}` : (o.ordering ?? 'mb')} ${o.key ?? ''}`] : []));
    expect(rmws).toEqual([
      'relaxed add 1',
      'relaxed add 4',
      'relaxed add -3',
      'mb add 1',
      'mb add -2',
      'mb add -6',
      'mb add -1',
      'mb xchg 2147483647',
      'mb add 1',
      'if 5 cmpxchg 5 6',
      'if -2147483648 cmpxchg -2147483648 3',
    ]);
    expect(r.ops.filter((o) => o.kind === 'load').map((o) => (o.kind === 'load' ? o.order : ''))).toEqual(['once', 'once']);
  });

  it('refuses an atomic call on something that is not an atomic_t', () => {
    expect(() => program('#include <linux/atomic.h>\nint bad(long *p) { atomic_inc(p); return 0; }\n')).toThrow(/atomic_inc expects the address of an atomic_t, given long \*/);
    expect(() => program('#include <linux/atomic.h>\nint bad(int *p) { return atomic_cmpxchg(p, 0, 1); }\n')).toThrow(/atomic_cmpxchg expects the address of an atomic_t/);
  });
});
