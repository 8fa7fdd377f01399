/**
 * The C subset's semantics, function by function: integer arithmetic as C does it (32-bit wrap, the
 * usual arithmetic conversions, truncating division), memory by words (struct members, arrays,
 * pointer arithmetic), control flow, function pointers, and the kernel calls — each checked by its
 * value and by the exact kernel operations it issues.
 */
import { describe, expect, it } from 'vitest';
import type { Op } from '../../kernel/rt/ops.ts';
import { GFP_KERNEL } from '../../kernel/rt/gfp.ts';
import { isImplementationFault } from '../../kernel/rt/ops.ts';
import { runC } from '../../c/impl.ts';
import { driveAlone, program, runAlone } from './helpers.ts';

const C = `
#include <linux/slab.h>
#include <linux/spinlock.h>

struct node {
	long a;
	void *b;
	long c[3];
	long d;
	spinlock_t lock;
};

int add_wrap(void) { int x = 2147483647; return x + 1; }
unsigned int sub_wrap(void) { unsigned int u = 0; return u - 1; }
int mixed_compare(void) { int m = -1; unsigned int z = 0; return m < z; }
int mixed_long(void) { int m = -1; long z = 0; return m < z; }
long quotient(long a, long b) { return a / b; }
long remainder(long a, long b) { return a % b; }
int shifts(void) { return (1 << 4) | (256 >> 2); }
unsigned char narrow(void) { unsigned char c = 300; return c; }
unsigned int mask(unsigned int gfp) { return gfp & ~(__GFP_WAIT|__GFP_IO); }
int logic(int a, int b) { return (a && b) * 10 + (a || b) * 100 + !a; }
int conditional(int a) { return a > 2 ? a * 2 : -1, a ? 7 : 8; }

int flow(int n)
{
	int i, sum = 0;
	for (i = 0; i < n; i++) {
		if (i == 1)
			continue;
		if (i == 5)
			break;
		sum += i;
	}
	do {
		sum++;
	} while (sum < 3);
	while (1) {
		if (sum > 100)
			goto out;
		sum *= 3;
	}
out:
	return sum;
}

static int twice(int x) { return 2 * x; }
int apply(int v) { int (*f)(int) = twice; return f(v) + (*f)(1); }
int call_null(void) { int (*f)(int) = NULL; return f(1); }
int divide_by_zero(int a) { return 10 / a; }

long members(void)
{
	struct node *n = kmalloc_node(sizeof(*n), GFP_KERNEL, NUMA_NO_NODE);
	n->a = 1;
	n->c[2] = 5;
	n->d = n->a + n->c[2];
	return sizeof(struct node) * 100 + n->d;
}

long words(void)
{
	void **p = kmalloc_node(4 * sizeof(void *), GFP_KERNEL, NUMA_NO_NODE);
	void **q = p + 3;
	*q = (void *)7;
	p[1] = (void *)2;
	return (long)p[3] * 10 + (long)*(p + 1) + (q - p) * 100;
}

long updates(void)
{
	struct node *n = kmalloc_node(sizeof(*n), GFP_KERNEL, NUMA_NO_NODE);
	long old;
	n->a = 5;
	old = n->a++;
	n->a += 10;
	return old * 100 + n->a;
}

int unsequenced_pair(struct node *n) { return n->a < n->d; }

struct stack { long *items; long count; };
void push(struct stack *s, long v) { s->items[s->count++] = v; }
long pushed(void)
{
	struct stack *s = kmalloc_node(sizeof(*s), GFP_KERNEL, NUMA_NO_NODE);
	s->items = kmalloc_node(2 * sizeof(long), GFP_KERNEL, NUMA_NO_NODE);
	push(s, 7);
	return s->items[0] * 10 + s->count;
}

void kernel_calls(struct node *n, gfp_t gfp)
{
	unsigned long flags;
	BUG_ON(gfp == 0);
	VM_WARN_ON_ONCE(gfp & __GFP_ZERO);
	might_sleep_if(gfp & __GFP_WAIT);
	spin_lock_irqsave(&n->lock, flags);
	WRITE_ONCE(n->a, READ_ONCE(n->d));
	spin_unlock_irqrestore(&n->lock, flags);
	smp_store_release(&n->d, smp_load_acquire(&n->a) + 1);
	smp_mb();
}

long copy(void)
{
	long *from = kmalloc_node(3 * sizeof(long), GFP_KERNEL, NUMA_NO_NODE);
	long *to = kmalloc_node(3 * sizeof(long), GFP_KERNEL, NUMA_NO_NODE);
	from[0] = 4;
	from[1] = 2;
	memcpy(to, from, 2 * sizeof(long));
	return to[0] * 10 + to[1] + to[2];
}
`;

const prog = program(C);
const value = (fn: string, ...args: number[]): unknown => runAlone(prog, fn, args).result;
const kinds = (ops: readonly Op[]): string[] => ops.map((o) => (o.kind === 'load' || o.kind === 'store' ? `${o.kind}:${o.order}` : o.kind));

describe('integers as C computes them', () => {
  it('int wraps at 32 bits, unsigned int at 2^32, unsigned char at 2^8', () => {
    expect(value('add_wrap')).toBe(-2147483648); // INT_MAX + 1 wraps to INT_MIN
    expect(value('sub_wrap')).toBe(4294967295); // 0u - 1 = 2^32 - 1
    expect(value('narrow')).toBe(44); // 300 mod 256
  });

  it('the usual arithmetic conversions: -1 < 0u is false (both unsigned), -1 < 0L is true', () => {
    expect(value('mixed_compare')).toBe(0);
    expect(value('mixed_long')).toBe(1);
  });

  it('division truncates toward zero; the remainder takes the dividend sign', () => {
    expect([value('quotient', -7, 2), value('remainder', -7, 2), value('quotient', 7, -2)]).toEqual([-3, -1, -3]);
  });

  it('shifts, bitwise operators, GFP masks with the kernel values', () => {
    expect(value('shifts')).toBe(80); // 16 | 64
    expect(value('mask', GFP_KERNEL)).toBe(0x80); // GFP_KERNEL = WAIT|IO|FS, less WAIT and IO: __GFP_FS
  });

  it('&& and || give 0 or 1 and short-circuit; ?: and the comma operator', () => {
    // (a && b) * 10 + (a || b) * 100 + !a: 0 + 100 + 1, 10 + 100 + 0, 0 + 100 + 0.
    expect([value('logic', 0, 5), value('logic', 3, 5), value('logic', 3, 0)]).toEqual([101, 110, 100]);
    // The comma operator yields its right operand, a ? 7 : 8.
    expect([value('conditional', 0), value('conditional', 3)]).toEqual([8, 7]);
  });
});

describe('control flow', () => {
  it('for with continue and break, do-while, an endless while left by goto', () => {
    // for: 0 + 2 + 3 + 4 = 9 (1 skipped, stops at 5); do: 10; while: 30, 90, 270 > 100.
    expect(value('flow', 10)).toBe(270);
    // n = 0: no iteration; do-while counts 0 -> 3; then 9, 27, 81, 243.
    expect(value('flow', 0)).toBe(243);
  });

  it('function pointers: a call through one, and through its dereference', () => {
    expect(value('apply', 20)).toBe(42); // twice(20) + twice(1)
  });

  it("a call through a NULL function pointer and a division by zero are the C's own crash (IMPL-CRASH), at their C line", () => {
    // A bare Kernel has no judge of exceptions: the fault propagates, branded as the implementation's.
    const fault = (fn: string, ...args: number[]): unknown => {
      try {
        value(fn, ...args);
      } catch (e) {
        return e;
      }
      return null;
    };
    const lineOf = (text: string): number => C.split('\n').findIndex((l) => l.includes(text)) + 1;
    const call = fault('call_null');
    expect(isImplementationFault(call)).toBe(true);
    expect((call as Error).message).toMatch(/^call through a NULL or invalid function pointer \(at [^:]+:\d+, in call_null\)$/);
    expect((call as Error).message).toContain(`:${lineOf('int call_null(void)')}, in`);
    expect((fault('divide_by_zero', 0) as Error).message).toMatch(/^division by zero \(at [^:]+:\d+, in divide_by_zero\)$/);
    expect((fault('divide_by_zero', 0) as Error).message).toContain(`:${lineOf('int divide_by_zero(int a)')}, in`);
    expect(value('divide_by_zero', 5)).toBe(2); // 10 / 5
  });
});

describe('memory by words', () => {
  it('struct members at word offsets (arrays inline), sizeof a struct is 8 bytes a word', () => {
    const r = runAlone(prog, 'members');
    // a, b, c[3], d, lock: 7 words, 56 bytes; d = 1 + 5.
    expect(r.result).toBe(5606);
    const n = (r.ops[0] as Extract<Op, { kind: 'alloc' }>).req;
    expect([n.api, n.size, n.words]).toEqual(['kmalloc_node', 56, 7]);
    const base = r.ops.find((o) => o.kind === 'store')?.loc as number;
    expect(r.ops.filter((o) => o.kind === 'load' || o.kind === 'store').map((o) => `${o.kind}@${(o as { loc: number }).loc - base}`)).toEqual(['store@0', 'store@4', 'load@0', 'load@4', 'store@5', 'load@5']);
  });

  it('pointer arithmetic and subscripts move by whole words; pointer difference counts elements', () => {
    // p[3] = 7, p[1] = 2, q - p = 3: 7 * 10 + 2 + 3 * 100.
    expect(value('words')).toBe(372);
  });

  it('x++ on memory reads, writes, and yields the old value; x += y reads then writes', () => {
    const r = runAlone(prog, 'updates');
    // old = 5, then a = 6 + 10: 5 * 100 + 16.
    expect(r.result).toBe(516);
    expect(kinds(r.ops)).toEqual(['alloc', 'store:plain', 'load:plain', 'store:plain', 'load:plain', 'store:plain', 'load:plain']);
  });

  it('memcpy copies whole words with a plain load and store each', () => {
    const r = runAlone(prog, 'copy');
    // to[0] = 4, to[1] = 2 copied, to[2] never written (0): 4 * 10 + 2 + 0.
    expect(r.result).toBe(42);
    expect(kinds(r.ops).slice(4, 8)).toEqual(['load:plain', 'store:plain', 'load:plain', 'store:plain']);
  });
});

describe('unsequenced operands', () => {
  it('two shared reads in one expression: an unsequenced operation naming both first reads, then the reads in the chosen order', () => {
    const both = program(`${C}\nint both(void) { struct node *n = kmalloc_node(sizeof(*n), GFP_KERNEL, NUMA_NO_NODE); n->d = 1; return unsequenced_pair(n); }`);
    // Driven directly (no Kernel): the runtime may take no choice for a thread alone; here both are forced.
    for (const order of [0, 1]) {
      const r = driveAlone(runC(both, 'both', [], new Map(), false), [order]);
      const seq = r.ops.filter((o) => o.kind === 'unsequenced' || o.kind === 'load');
      const u = seq[0] as Extract<Op, { kind: 'unsequenced' }>;
      expect(u.kind).toBe('unsequenced');
      const base = (u.first as { loc: number }).loc;
      expect([u.first, u.second]).toEqual([
        { kind: 'load', loc: base, order: 'plain' },
        { kind: 'load', loc: base + 5, order: 'plain' },
      ]);
      const loads = seq.slice(1).map((o) => (o as { loc: number }).loc - base);
      expect(loads).toEqual(order === 0 ? [0, 5] : [5, 0]);
      // The value is [first, second] compared either way: a = 0 < d = 1.
      expect(r.result).toBe(1);
    }
  });
});

describe('side effects of ++ inside an operand pair', () => {
  it("s->items[s->count++] = v: both reads (unsequenced), then the increment's store, then the element's (the port's L22)", () => {
    const r = driveAlone(runC(prog, 'pushed', [], new Map(), false));
    expect(r.result).toBe(71); // items[0] = 7, count = 1: 7 * 10 + 1
    const body = r.ops.slice(r.ops.findIndex((o) => o.kind === 'unsequenced'));
    const u = body[0] as Extract<Op, { kind: 'unsequenced' }>;
    const s = (u.first as { loc: number }).loc;
    expect([u.first, u.second]).toEqual([
      { kind: 'load', loc: s, order: 'plain' },
      { kind: 'load', loc: s + 1, order: 'plain' },
    ]);
    const items = r.ops.filter((o) => o.kind === 'store')[0] as Extract<Op, { kind: 'store' }>;
    expect(body.slice(1, 5).map((o) => `${o.kind}@${(o as { loc: number }).loc - s}`)).toEqual(['load@0', 'load@1', 'store@1', `store@${items.value - s}`]);
  });
});

describe('kernel calls', () => {
  const run = (gfp: number) => runAlone(program(`${C}\nvoid go(gfp_t gfp) { struct node *n = kmalloc_node(sizeof(*n), GFP_KERNEL, NUMA_NO_NODE); spin_lock_init(&n->lock); kernel_calls(n, gfp); }`), 'go', [gfp]);

  it('each call issues its kernel operation; spin_lock_irqsave assigns flags; conditional ones only when their condition holds', () => {
    const r = run(GFP_KERNEL);
    expect(kinds(r.ops)).toEqual(['alloc', 'lock_init', 'might_sleep', 'lock', 'load:once', 'store:once', 'unlock', 'load:acquire', 'store:release', 'fence']);
    const lock = r.ops.find((o) => o.kind === 'lock') as Extract<Op, { kind: 'lock' }>;
    const unlock = r.ops.find((o) => o.kind === 'unlock') as Extract<Op, { kind: 'unlock' }>;
    expect([lock.irqsave, unlock.irqrestore, unlock.lock === lock.lock, unlock.flags]).toEqual([true, true, true, 0]);
  });

  it('BUG_ON fires on a true condition; VM_WARN_ON_ONCE warns keyed by its call site', () => {
    expect(() => run(0)).toThrow(/dead/);
    const warned = run(GFP_KERNEL | 0x8000).ops.find((o) => o.kind === 'warn_once');
    const lines = C.split('\n');
    const line = lines.findIndex((l) => l.includes('VM_WARN_ON_ONCE')) + 1;
    const col = (lines[line - 1] as string).indexOf('VM_WARN_ON_ONCE') + 1;
    expect(warned).toEqual({ kind: 'warn_once', key: `test.c:${line}:${col}` });
  });
});
