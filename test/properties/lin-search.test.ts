/**
 * The generic linearizability search on a small fake model: a counter whose steps are `read v`
 * (allowed only when the counter is v), `inc` (atomic) and `set v`. An operation is a list of steps,
 * so a non-atomic increment is [read v, set v+1], and lost updates are explainable exactly when the
 * intervals overlap.
 */
import { describe, expect, it } from 'vitest';
import { inconsistent, type Inconsistent } from '../../model/types.ts';
import { checkLinearizable, type LinModel, type LinOp } from '../../properties/lin/search.ts';

type Step = { readonly kind: 'read'; readonly v: number } | { readonly kind: 'inc' } | { readonly kind: 'set'; readonly v: number };

const counter: LinModel<number, Step> = {
  apply(s: number, step: Step): number | Inconsistent {
    switch (step.kind) {
      case 'read':
        return s === step.v ? s : inconsistent(`read ${step.v} but the counter is ${s}`);
      case 'inc':
        return s + 1;
      case 'set':
        return step.v;
    }
  },
  stateKey: (s) => String(s),
};

/** An operation from its steps and interval; `ret` null: never returned. */
const op = (label: string, steps: Step[], inv: number, ret: number | null, required = steps.length): LinOp<Step> => ({
  steps,
  invokeAt: inv,
  returnAt: ret,
  required,
  label: () => label,
});
const read = (v: number): Step => ({ kind: 'read', v });
const INC: Step = { kind: 'inc' };

describe('checkLinearizable (fake counter model)', () => {
  it('accepts a sequential history that the model explains, and gives the order', () => {
    const r = checkLinearizable(counter, 0, [op('inc', [INC], 0, 1), op('read1', [read(1)], 2, 3)]);
    expect(r.verdict).toBe('ok');
    expect(r.verdict === 'ok' ? r.order : []).toEqual([0, 1]);
  });

  it('lets overlapping operations take effect in either order', () => {
    // inc [0, 3] overlaps read [1, 2]: the read may come before or after the increment.
    expect(checkLinearizable(counter, 0, [op('inc', [INC], 0, 3), op('read', [read(0)], 1, 2)]).verdict).toBe('ok');
    expect(checkLinearizable(counter, 0, [op('inc', [INC], 0, 3), op('read', [read(1)], 1, 2)]).verdict).toBe('ok');
    const r = checkLinearizable(counter, 0, [op('inc', [INC], 0, 3), op('read2', [read(2)], 1, 2)]);
    expect(r.verdict).toBe('violation');
    expect(r.verdict === 'violation' ? r.reason : '').toContain('read2');
  });

  it('respects real-time order: an operation that returned before another began comes first', () => {
    const r = checkLinearizable(counter, 0, [op('inc', [INC], 0, 1), op('read0', [read(0)], 2, 3)]);
    expect(r.verdict).toBe('violation');
    expect(r.verdict === 'violation' ? r.reason : '').toMatch(/read0.*read 0 but the counter is 1/);
  });

  it('interleaves the steps of multi-step operations (a lost update is explainable only when they overlap)', () => {
    const incA = (inv: number, ret: number): LinOp<Step> => op('A', [read(0), { kind: 'set', v: 1 }], inv, ret);
    const incB = (inv: number, ret: number): LinOp<Step> => op('B', [read(0), { kind: 'set', v: 1 }], inv, ret);
    // Overlapping: both read 0, both write 1.
    expect(checkLinearizable(counter, 0, [incA(0, 3), incB(1, 4), op('r', [read(1)], 5, 6)]).verdict).toBe('ok');
    // Sequential: the second cannot read 0.
    expect(checkLinearizable(counter, 0, [incA(0, 1), incB(2, 3), op('r', [read(1)], 4, 5)]).verdict).toBe('violation');
  });

  it('lets an operation that never returned take any prefix beyond its required steps', () => {
    // A pending increment may or may not have happened before the read.
    expect(checkLinearizable(counter, 0, [op('inc', [INC], 0, null, 0), op('r0', [read(0)], 1, 2)]).verdict).toBe('ok');
    expect(checkLinearizable(counter, 0, [op('inc', [INC], 0, null, 0), op('r1', [read(1)], 1, 2)]).verdict).toBe('ok');
    // A blocked operation must have taken all of its steps: here it observed something impossible.
    const r = checkLinearizable(counter, 0, [op('stuck', [read(7)], 0, null)]);
    expect(r.verdict).toBe('violation');
    expect(r.verdict === 'violation' ? r.reason : '').toMatch(/stuck observed before blocking/);
  });

  it('takes an operation\'s atInvoke steps as early as the history allows, never later', () => {
    const atInvoke = (label: string, steps: Step[], inv: number, ret: number | null): LinOp<Step> => ({ ...op(label, steps, inv, ret), atInvoke: 1 });
    // An operation that returned before the invocation has taken effect; the rest may follow.
    const done = checkLinearizable(counter, 0, [op('inc', [INC], 0, 1), op('r', [read(1)], 4, 5), atInvoke('r1', [read(1), read(1)], 2, 6)]);
    expect(done.verdict).toBe('ok');
    expect(done.verdict === 'ok' ? done.order : []).toEqual([0, 2, 1, 2]);
    expect(checkLinearizable(counter, 0, [op('inc', [INC], 0, 5), atInvoke('r0', [read(0)], 1, 3)]).verdict).toBe('ok');
    // An increment in flight is not taken before it (the model marks only steps that placing early
    // never hurts): read(1) at the invocation fails, where a free placement would pass.
    expect(checkLinearizable(counter, 0, [op('inc', [INC], 0, 5), op('r1', [read(1)], 1, 3)]).verdict).toBe('ok');
    const early = checkLinearizable(counter, 0, [op('inc', [INC], 0, 5), atInvoke('r1', [read(1)], 1, 3)]);
    expect(early.verdict).toBe('violation');
    expect(early.verdict === 'violation' ? early.reason : '').toMatch(/how r1 began.*read 1 but the counter is 0/);
  });

  it('answers unknown when the budget runs out, without searching further', () => {
    const many = Array.from({ length: 8 }, (_, i) => op(`inc${i}`, [INC], i, 100 + i));
    const r = checkLinearizable(counter, 0, [...many, op('r', [read(8)], 200, 201)], 10);
    expect(r.verdict).toBe('unknown');
    // It stops at the first step past the budget of 10.
    expect(r.explored).toBe(10 + 1);
    // With enough budget the memoised search needs a few hundred steps, not 8! orders: its
    // configurations are the 2^8 = 256 sets of increments applied, each left by at most 8 steps.
    const full = checkLinearizable(counter, 0, [...many, op('r', [read(8)], 200, 201)]);
    expect(full.verdict).toBe('ok');
    expect(full.explored).toBeLessThan(8 * 256);
  });
});
