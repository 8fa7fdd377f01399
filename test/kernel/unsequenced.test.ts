/**
 * `unsequenced(first, second)`: the order of two unsequenced operand evaluations is a scheduler choice
 * (kind `operand-order`), recorded and replayed; the result is always [first's value, second's value].
 */
import { describe, expect, it } from 'vitest';
import { runExecution, type ExecutionResult } from '../../explorer/execution.ts';
import type { ChoiceKind, ExecutionEnd, Scheduler } from '../../explorer/scheduler.ts';
import { DfsScheduler } from '../../explorer/strategies/dfs.ts';
import { DporScheduler } from '../../explorer/strategies/dpor.ts';
import { ReplayScheduler } from '../../explorer/strategies/replay.ts';
import { load, store, unsequenced, type Gen } from '../../kernel/api/index.ts';
import { exploreAll, tiny, type Cells } from '../explorer/tiny.ts';

/** T1 reads x and y in one unsequenced expression; T2 writes x, then y. */
const reader = (c: Cells): Gen<[number, number]> => unsequenced(() => load(c.x), () => load(c.y));
function* writer(c: Cells): Gen<void> {
  yield* store(c.x, 1);
  yield* store(c.y, 1);
}

const outcomes = (runs: readonly ExecutionResult[]): string[] =>
  [...new Set(runs.map((r) => JSON.stringify(r.kernel.threads[1]?.result)))].sort();

describe('unsequenced operands', () => {
  it('explores both evaluation orders: each order reaches an outcome the other cannot', () => {
    // Loading x first, [x, y] = [0, 1] happens when T2 runs between the loads; [1, 0] is impossible
    // (y is written after x). Loading y first, [1, 0] happens and [0, 1] is impossible. Both orders
    // reach [0, 0] and [1, 1]. Left to right alone would give 3 outcomes; the C allows all 4.
    const { result, executions } = exploreAll(tiny([reader, writer]), new DfsScheduler());
    expect(result.complete).toBe(true);
    expect(outcomes(executions)).toEqual(['[0,0]', '[0,1]', '[1,0]', '[1,1]']);
  });

  it('dpor reaches the same outcomes as dfs', () => {
    const { result, executions } = exploreAll(tiny([reader, writer]), new DporScheduler());
    expect(result.complete).toBe(true);
    expect(outcomes(executions)).toEqual(['[0,0]', '[0,1]', '[1,0]', '[1,1]']);
  });

  it('the order is a value choice of kind operand-order; the result is [first, second] in either order', () => {
    const asked: ChoiceKind[] = [];
    const seen: string[] = [];
    for (const order of [0, 1]) {
      const scheduler: Scheduler = {
        name: 'fixed',
        beginExecution: () => true,
        pickThread: (enabled) => enabled[0] as number,
        pickValue: (_n, kind) => {
          asked.push(kind);
          return order;
        },
        endExecution: (_e: ExecutionEnd) => undefined,
        isComplete: () => true,
        coverage: () => '',
      };
      // T1 alone: x and y are 0 and 1 whatever the order, and come back as [x, y].
      const program = tiny([
        function* (c) {
          yield* store(c.y, 1);
          return yield* reader(c);
        },
      ]);
      const r = runExecution(program, scheduler, []);
      seen.push(JSON.stringify(r.kernel.threads[1]?.result));
      expect(r.choices.kinds).toEqual(['v']);
      expect(r.choices.values).toEqual([order]);
    }
    expect(asked).toEqual(['operand-order', 'operand-order']);
    expect(seen).toEqual(['[0,1]', '[0,1]']);
  });

  it('a recorded order replays exactly', () => {
    const { executions } = exploreAll(tiny([reader, writer]), new DfsScheduler());
    for (const e of executions) {
      const again = runExecution(tiny([reader, writer]), new ReplayScheduler(e.choices), []);
      expect(again.kernel.threads[1]?.result).toEqual(e.kernel.threads[1]?.result);
      expect(again.choices).toEqual(e.choices);
    }
  });
});
