/**
 * A violation does not end its execution: each property is judged on the whole run (its first
 * violation kept), so a failure of one property never hides a later failure of another. Before, the run
 * stopped at the first violation and a second property failing later in the same execution was never
 * reported.
 */
import { describe, expect, it } from 'vitest';
import { runExecution } from '../../explorer/execution.ts';
import type { Monitor } from '../../explorer/monitor.ts';
import { DfsScheduler } from '../../explorer/strategies/dfs.ts';
import { store } from '../../kernel/api/memory.ts';
import { tiny } from './tiny.ts';

/** Fails its property after the step in which the thread has stored `value` to x (once per step it sees it). */
const failsAt = (property: string, value: number): Monitor => ({
  name: property,
  afterStep: (ctx) => (ctx.kernel.mem.peek((ctx.setup as { x: number }).x) === value ? { property, message: `x is ${value}`, step: ctx.kernel.steps } : null),
});

const endMonitor: Monitor = { name: 'AT-END', atEnd: (ctx, end) => [{ property: 'AT-END', message: `ended ${end}`, step: ctx.kernel.steps }] };

describe('no masking', () => {
  it('a later violation of another property in the same execution is reported, each property once', () => {
    const program = tiny([
      function* (c) {
        yield* store(c.x, 1);
        yield* store(c.x, 1);
        yield* store(c.x, 2);
      },
    ]);
    const scheduler = new DfsScheduler();
    scheduler.beginExecution();
    const r = runExecution(program, scheduler, [failsAt('FIRST', 1), failsAt('SECOND', 2), endMonitor]);
    expect(r.violations.map((v) => v.property)).toEqual(['FIRST', 'SECOND', 'AT-END']);
    expect(r.end).toBe('terminated');
    expect(r.violations.find((v) => v.property === 'AT-END')?.message).toBe('ended terminated');
  });
});
