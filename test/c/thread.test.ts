/**
 * A C call's state is data (issue 10 Part 2): its frames say where it is (`stateKey`, what a world
 * fingerprint adds for the thread), and a snapshot put back makes it issue exactly the operations it
 * issued the first time from there.
 */
import { describe, expect, it } from 'vitest';
import type { Op } from '../../kernel/rt/ops.ts';
import { runC } from '../../c/impl.ts';
import { driveAlone, program } from './helpers.ts';

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

/** Runs `run(k)` directly (helpers' driveAlone); calls `at` with the thread body before each operation. */
function drive(k: number, at: (body: ReturnType<typeof runC>) => void = () => undefined) {
  const body = runC(prog, 'run', [k], new Map(), false);
  const r = driveAlone(body, [], () => at(body));
  return { ops: r.ops, result: r.result, body };
}

describe('the explicit state of a C call', () => {
  it('stateKey names function, position, locals and operand stack; it differs as the call moves and with its arguments', () => {
    const keys: string[] = [];
    drive(2, (body) => keys.push(body.stateKey(names)));
    // Before each operation the thread stands somewhere else (the last key is after the return).
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys[0]).toMatch(/^run@0\(2,0\|\)$/);
    // Before its first store in fill: run's locals k and b; fill's b, k, i (0) and hidden temporaries;
    // then the pair `fill(b, k) + b->n` being evaluated as written ([answer:first's ops:ops since]).
    const inFill = keys.find((key) => key.includes('fill'));
    expect(inFill).toMatch(/^run@\d+\(2,\d+\|\) > fill@\d+\(\d+,2,0[,\d]*\|\d*\)\[0:0:1\]$/);
    const other: string[] = [];
    drive(3, (body) => other.push(body.stateKey(names)));
    expect(other.find((key) => key.includes('fill'))).not.toBe(inFill);
    expect(drive(2).body.stateKey(names)).toMatch(/^done /);
  });

  it('writes pointers through the names it is given (element identities are renamed there)', () => {
    let key = '';
    drive(1, (body) => (key = key || (/fill/.test(body.stateKey(names)) ? body.stateKey({ value: (v) => (v > 1000 ? 'b0' : String(v)) }) : '')));
    expect(key).toMatch(/^run@\d+\(1,b0\|\) > fill@\d+\(b0,1,0[,\d]*\|/);
  });

  it('a snapshot put back replays the same operations from that point', () => {
    const body = runC(prog, 'run', [3], new Map(), false);
    let snapshot: ReturnType<typeof body.snapshot> | null = null;
    let issued = 0;
    // After the allocation, the unsequenced pair's operation and the first store (whose answer is nothing).
    const first = driveAlone(body, [], () => {
      if (issued++ === 3) snapshot = body.snapshot();
    });
    expect(first.result).toBe(6); // run(3): fill returns 3, plus b->n = 3
    expect(first.ops.slice(0, 3).map((o) => o.kind)).toEqual(['alloc', 'unsequenced', 'store']);
    if (snapshot === null) throw new Error('no snapshot');
    body.restore(snapshot);
    const again = driveAlone(body);
    const where = (ops: readonly Op[]): string[] => ops.map((o) => `${o.kind}${'loc' in o ? `@${o.loc}` : ''}`);
    expect(where(again.ops)).toEqual(where(first.ops.slice(3)));
    // Not only the tail of the run: fill's three stores and more follow the snapshot.
    expect(again.ops.length).toBeGreaterThan(3);
  });
});
