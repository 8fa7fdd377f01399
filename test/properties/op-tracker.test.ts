/**
 * OpTracker copies share what they can (properties/support/ops.ts): an operation that returned is one
 * object for both, and an operation in flight shares its list of calls until either side appends one.
 * Each copy must still go on exactly as if it had copied everything: calls appended on one side never
 * show on the other, before or after the other appends its own.
 */
import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../kernel/rt/history.ts';
import { OpTracker } from '../../properties/support/ops.ts';

const invoke = (tid: number, step: number): HistoryEvent => ({ kind: 'mark', tid, step, mark: { tag: 'invoke', data: { op: 'resize', n: 2 } } });
const ret = (tid: number, step: number, value: number): HistoryEvent => ({ kind: 'mark', tid, step, mark: { tag: 'return', data: value } });
const alloc = (tid: number, step: number, result: number): HistoryEvent => ({ kind: 'alloc', tid, step, api: 'kmalloc', gfp: 0, result });

const callsOf = (t: OpTracker): number[][] => t.ops.map((op) => op.calls.map((c) => (c.kind === 'alloc' ? c.result : -c.ptr)));

describe('OpTracker copies', () => {
  it('share calls until one side appends, and never see each other’s', () => {
    // T1 returns before the copy; T2 is in flight with two calls.
    const common: HistoryEvent[] = [invoke(1, 0), alloc(1, 1, 11), ret(1, 2, 0), invoke(2, 3), alloc(2, 4, 21), alloc(2, 5, 22)];
    const original = new OpTracker();
    original.sync(common);
    const copy = new OpTracker();
    copy.copyFrom(original);
    expect(copy.ops[0]).toBe(original.ops[0]);
    expect(copy.ops[1]).not.toBe(original.ops[1]);
    expect(copy.ops[1]?.calls).toBe(original.ops[1]?.calls);

    // The original goes on first: a call and T2's return; then the copy its own call.
    original.sync([...common, alloc(2, 6, 23), ret(2, 7, 0)]);
    expect(callsOf(copy)).toEqual([[11], [21, 22]]);
    expect(copy.current[2]).toBe(copy.ops[1]);
    copy.sync([...common, alloc(2, 6, 31)]);
    expect(callsOf(original)).toEqual([[11], [21, 22, 23]]);
    expect(original.ops[1]?.returnAt).toBe(7);
    expect(callsOf(copy)).toEqual([[11], [21, 22, 31]]);
    expect(copy.ops[1]?.returnAt).toBe(-1);

    // A copy of the copy, then the copy appends again: the second copy keeps what it was given.
    const second = new OpTracker();
    second.copyFrom(copy);
    copy.sync([...common, alloc(2, 6, 31), alloc(2, 7, 32)]);
    second.sync([...common, alloc(2, 6, 31), alloc(2, 7, 41)]);
    expect(callsOf(copy)).toEqual([[11], [21, 22, 31, 32]]);
    expect(callsOf(second)).toEqual([[11], [21, 22, 31, 41]]);
  });
});
