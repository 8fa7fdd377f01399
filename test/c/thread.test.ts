/**
 * A C call's state is data (issue 10 Part 2): its frames say where it is (`writeState`, what a world
 * fingerprint adds for the thread), and a snapshot put back makes it issue exactly the operations it
 * issued the first time from there.
 */
import { describe, expect, it } from 'vitest';
import type { Op } from '../../kernel/rt/ops.ts';
import { textOf, type StateSink } from '../../kernel/rt/state-sink.ts';
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
/** The call's state as text (pointers through `n`). */
const keyOf = (body: { writeState(out: StateSink): void }, n = names): string => textOf(n, (out) => body.writeState(out));

/** Runs `run(k)` directly (helpers' driveAlone); calls `at` with the thread body before each operation. */
function drive(k: number, at: (body: ReturnType<typeof runC>) => void = () => undefined) {
  const body = runC(prog, 'run', [k], new Map(), false);
  const r = driveAlone(body, [], () => at(body));
  return { ops: r.ops, result: r.result, body };
}

describe('the explicit state of a C call', () => {
  it('its state names function, position, locals and operand stack; it differs as the call moves and with its arguments', () => {
    const keys: string[] = [];
    drive(2, (body) => keys.push(keyOf(body)));
    // Before each operation the thread stands somewhere else (the last key is after the return).
    expect(new Set(keys).size).toBe(keys.length);
    // `running`, one frame: run at 0, not called through a pointer, locals (2, 0), empty stack; no order records.
    expect(keys[0]).toBe('running 1 run 0 0 2 2 0 0 0');
    // Before its first store in fill: run's locals k and b; fill's b, k, i (0) and hidden temporaries;
    // then the pair `fill(b, k) + b->n` being evaluated as written ([answer:first's ops:ops since]).
    const inFill = keys.find((key) => key.includes('fill'));
    expect(inFill).toMatch(/^running 2 run \d+ 0 2 2 \d+ 0 fill \d+ 0 \d+ \d+ 2 0( \d+)* 1 0 0 1$/);
    const other: string[] = [];
    drive(3, (body) => other.push(keyOf(body)));
    expect(other.find((key) => key.includes('fill'))).not.toBe(inFill);
    expect(keyOf(drive(2).body)).toMatch(/^done /);
  });

  it('writes pointers through the names it is given (element identities are renamed there)', () => {
    let key = '';
    drive(1, (body) => (key = key || (/fill/.test(keyOf(body)) ? keyOf(body, { value: (v: number) => (v > 1000 ? 'b0' : String(v)) }) : '')));
    expect(key).toMatch(/^running 2 run \d+ 0 2 1 b0 0 fill \d+ 0 \d+ b0 1 0/);
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
