/**
 * OpTracker copies share what they can (properties/support/ops.ts): an operation that returned is one
 * object for both, and an operation in flight is one record for both until either side changes it
 * (a call appended, its return).
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
  it('share records until one side changes them, and never see each other’s changes', () => {
    // T1 returns before the copy; T2 is in flight with two calls.
    const common: HistoryEvent[] = [invoke(1, 0), alloc(1, 1, 11), ret(1, 2, 0), invoke(2, 3), alloc(2, 4, 21), alloc(2, 5, 22)];
    const original = new OpTracker();
    original.sync(common);
    const copy = new OpTracker();
    copy.copyFrom(original);
    expect(copy.ops[0]).toBe(original.ops[0]);
    expect(copy.ops[1]).toBe(original.ops[1]);

    // The original goes on first: a call and T2's return; then the copy its own call.
    original.sync([...common, alloc(2, 6, 23), ret(2, 7, 0)]);
    expect(copy.ops[1]).not.toBe(original.ops[1]);
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
    expect(second.ops[1]).toBe(copy.ops[1]);
    copy.sync([...common, alloc(2, 6, 31), alloc(2, 7, 32)]);
    second.sync([...common, alloc(2, 6, 31), alloc(2, 7, 41)]);
    expect(callsOf(copy)).toEqual([[11], [21, 22, 31, 32]]);
    expect(callsOf(second)).toEqual([[11], [21, 22, 31, 41]]);
    // A return on one side only.
    const third = new OpTracker();
    third.copyFrom(second);
    second.sync([...common, alloc(2, 6, 31), alloc(2, 7, 41), ret(2, 8, 0)]);
    expect(second.ops[1]?.returnAt).toBe(8);
    expect(second.current[2]).toBeUndefined();
    expect(third.ops[1]?.returnAt).toBe(-1);
    expect(third.current[2]).toBe(third.ops[1]);
    expect(callsOf(third)).toEqual([[11], [21, 22, 31, 41]]);
  });
});
