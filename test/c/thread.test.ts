/**
 * A C call's state is data (issue 10 Part 2): its frames say where it is (`stateKey`, what a world
 * fingerprint adds for the thread), and a snapshot put back makes it issue exactly the operations it
 * issued the first time from there.
 */
import { describe, expect, it } from 'vitest';
import { Kernel } from '../../kernel/rt/kernel.ts';
import type { Op } from '../../kernel/rt/ops.ts';
import { runC } from '../../c/impl.ts';
import { program } from './helpers.ts';

const prog = program(`
#include <linux/slab.h>
struct box { long n; void *items[4]; };
long fill(struct box *b, int k)
{
	int i;
	for (i = 0; i < k; i++)
		b->items[i] = (void *)(long)(i + 1);
	b->n = k;
	return b->n;
}
long run(int k)
{
	struct box *b = kmalloc_node(sizeof(*b), GFP_KERNEL, NUMA_NO_NODE);
	return fill(b, k) + b->n;
}
`);

const names = { value: (v: number): string => String(v) };

/** Runs `run(k)` alone; calls `at` before each operation with the thread body. */
function drive(k: number, at: (body: ReturnType<typeof runC>, ops: readonly Op[]) => void = () => undefined) {
  const kernel = new Kernel();
  const ops: Op[] = [];
  kernel.tracer = { onOp: (_k, _t, op) => ops.push(op) };
  const body = runC(prog, 'run', [k], new Map(), false);
  const t = kernel.spawn('T', body);
  while (t.status === 'ready' && t.pending !== null) {
    at(body, ops);
    kernel.step(t.id);
  }
  return { ops, result: t.result, body };
}

describe('the explicit state of a C call', () => {
  it('stateKey names function, position, locals and operand stack; it differs as the call moves and with its arguments', () => {
    const keys: string[] = [];
    drive(2, (body) => keys.push(body.stateKey(names)));
    expect(new Set(keys).size).toBe(keys.length);
    // run's locals k and b; fill's b, k, i (0) and hidden temporaries.
    expect(keys[0]).toMatch(/^run@\d+\(2,\d+\|\) > fill@\d+\(\d+,2,0[,\d]*\|/);
    const other: string[] = [];
    drive(3, (body) => other.push(body.stateKey(names)));
    expect(other[0]).not.toBe(keys[0]);
    expect(drive(2).body.stateKey(names)).toMatch(/^done /);
  });

  it('writes pointers through the names it is given (element identities are renamed there)', () => {
    let key = '';
    drive(1, (body) => (key = key || (/fill/.test(body.stateKey(names)) ? body.stateKey({ value: (v) => (v > 1000 ? 'b0' : String(v)) }) : '')));
    expect(key).toMatch(/^run@\d+\(1,b0\|\) > fill@\d+\(b0,1,0[,\d]*\|/);
  });

  it('a snapshot put back replays the same operations from that point', () => {
    const full = drive(3);
    expect(full.result).toBe(6);
    // Take a snapshot half way, finish, restore it into the same thread body and finish again.
    const kernel = new Kernel();
    const body = runC(prog, 'run', [3], new Map(), false);
    const t = kernel.spawn('T', body);
    let taken: ReturnType<typeof body.snapshot> | null = null;
    let pendingThen: Op | null = null;
    const after: Op[] = [];
    kernel.tracer = { onOp: (_k, _t, op) => (taken !== null ? after.push(op) : undefined) };
    let steps = 0;
    while (t.status === 'ready' && t.pending !== null) {
      if (steps++ === 3) {
        taken = body.snapshot();
        pendingThen = t.pending;
      }
      kernel.step(t.id);
    }
    expect(taken).not.toBeNull();
    const firstTime = after.slice();
    after.length = 0;
    body.restore(taken as NonNullable<typeof taken>);
    // Resume as the kernel would: answer the pending operation, which a store answers with nothing.
    expect(pendingThen?.kind).toBe('store');
    for (let r = body.next(undefined); r.done !== true; r = body.next(0)) after.push(r.value);
    expect(after.map((o) => o.kind)).toEqual(firstTime.slice(1).map((o) => o.kind));
  });
});
