/**
 * RESERVE as the seed states it (properties/reserve.ts): a run for each case of a free racing a grow,
 * under both memory models and both orders of the unlocked test's loads (L317), and the allocator
 * element of issue 7 §4; RESERVE passes on all of them, and fails where no value the free could read
 * justifies giving its element away.
 *
 * free-vs-grow: min_nr 1, T1 takes the reserve element (its alloc_fn fails) and frees it; T2 grows the
 * pool to 2 (its refill allocations may fail too). The observer records, per execution, T1's two loads
 * without the lock (L317: which came first, what each read) and whether T1 gave the element to free_fn
 * while the pool held fewer than min_nr elements at that moment.
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../../explorer/explore.ts';
import type { Monitor } from '../../explorer/monitor.ts';
import { DporScheduler } from '../../explorer/strategies/dpor.ts';
import { PORT } from '../../impl/registry.ts';
import type { mempool_t } from '../../impl/v4.1/index.ts';
import { CHOICE } from '../../kernel/rt/faults.ts';
import type { Kernel } from '../../kernel/rt/kernel.ts';
import type { Op } from '../../kernel/rt/ops.ts';
import type { Thread } from '../../kernel/rt/thread.ts';
import type { Tracer } from '../../kernel/rt/trace.ts';
import { memoryFactory } from '../../kernel/rt/weak/factory.ts';
import { scenarioProgram } from '../../scenarios/program.ts';
import type { Scenario } from '../../scenarios/spec.ts';
import { PoolWorld } from '../../scenarios/world.ts';
import { run } from './run.ts';

const freeVsGrow: Scenario = {
  name: 'free-vs-grow',
  description: 'T1 takes the only reserve element and frees it while T2 grows the pool to 2',
  min_nr: 1,
  backend: 'slab',
  faults: CHOICE,
  timeouts: 'untimed',
  prefix: [],
  threads: [{ commands: [{ op: 'alloc', gfp: 'GFP_KERNEL' }, { op: 'free' }] }, { commands: [{ op: 'resize', n: 2 }] }],
  finalDestroy: true,
  expected: { verdict: 'pass' },
};

/** What T1's free did in one execution. */
interface FreeSeen {
  /** Which field its first lockless load read, and the values it read. */
  first: 'curr_nr' | 'min_nr' | null;
  curr: number;
  min: number;
  /** It gave a reserve element to free_fn while curr_nr < min_nr at that moment. */
  gaveAwayShort: boolean;
  tookReserve: boolean;
}

const MEMORY = { sc: memoryFactory({ model: 'sc' }), weak: memoryFactory({ model: 'weak' }) };

/** Every execution of free-vs-grow (dpor, every value choice) with what T1's free did. */
function observeFrees(memory: 'sc' | 'weak'): FreeSeen[] {
  const seen: FreeSeen[] = [];
  let current: FreeSeen = fresh();
  let pool: mempool_t | null = null;
  // The pool comes with the setup value, which monitors get at the start of every execution.
  const finder: Monitor = {
    name: 'pool-finder',
    start(ctx) {
      pool = ctx.setup instanceof PoolWorld ? (ctx.setup.pool as mempool_t) : null;
      return null;
    },
  };
  const tracer: Tracer = {
    onOp(kernel: Kernel, t: Thread, op: Op, result: unknown): void {
      if (t.id !== 1 || pool === null) return;
      if (op.kind === 'alloc' && result === 0) current.tookReserve = true;
      if (op.kind === 'load' && t.locksHeld.length === 0 && (op.loc === pool.curr_nr || op.loc === pool.min_nr)) {
        const field = op.loc === pool.curr_nr ? 'curr_nr' : 'min_nr';
        current.first ??= field;
        if (field === 'curr_nr') current.curr = result as number;
        else current.min = result as number;
      }
      if (op.kind === 'free' && current.tookReserve && kernel.mem.peek(pool.curr_nr) < kernel.mem.peek(pool.min_nr)) current.gaveAwayShort = true;
    },
  };
  explore(
    scenarioProgram(freeVsGrow, PORT, { memory: MEMORY[memory] }),
    new DporScheduler(),
    [finder],
    { maxExecutions: 100_000, stopOnFailure: false, keepFailures: 0, onRestart: () => (seen.length = 0) },
    { maxSteps: 2000, tracer },
    () => {
      seen.push(current);
      current = fresh();
    },
  );
  return seen.filter((f) => f.tookReserve && f.first !== null);
}

function fresh(): FreeSeen {
  return { first: null, curr: -1, min: -1, gaveAwayShort: false, tookReserve: false };
}

describe('RESERVE: a free that races a grow', () => {
  it('each case has a run, and RESERVE passes on every run under both memory models', () => {
    for (const memory of ['sc', 'weak'] as const) {
      const frees = observeFrees(memory);
      const what = (f: FreeSeen): string => `${memory}: ${f.first} first, read curr_nr ${f.curr}, min_nr ${f.min}`;
      // min_nr loaded first, before the grow stored 2; curr_nr after the refill brought it to 1: the free
      // gives its element away with the pool short of the new min_nr. Under SC only in this order.
      const minFirst = frees.filter((f) => f.first === 'min_nr' && f.gaveAwayShort);
      expect(minFirst.length, `${memory}: min_nr first gives the element away`).toBeGreaterThan(0);
      for (const f of minFirst) expect([f.min, f.curr], what(f)).toEqual([1, 1]);
      // curr_nr loaded first: under SC it never gives away while short (min_nr, read last, is current);
      // under weak memory it does, reading the old min_nr stale.
      const currFirst = frees.filter((f) => f.first === 'curr_nr' && f.gaveAwayShort);
      if (memory === 'sc') expect(currFirst.map(what)).toEqual([]);
      else expect(currFirst.length, 'weak: curr_nr first, stale min_nr').toBeGreaterThan(0);
      // Both read after the grow (min_nr 2): a short pool is refilled, never given away.
      for (const f of frees) if (f.min === 2 && f.curr < 2) expect(f.gaveAwayShort, what(f)).toBe(false);
      // Both before the grow (min_nr 1, curr_nr 0): the test triggers, the element refills the reserve.
      expect(frees.some((f) => f.min === 1 && f.curr === 0)).toBe(true);
      for (const f of frees) if (f.min === 1 && f.curr === 0) expect(f.gaveAwayShort, what(f)).toBe(false);

      const r = run(freeVsGrow, { strategy: 'dpor', overrides: { memory: MEMORY[memory] } });
      expect([r.result.verdict, r.result.complete, r.result.failedProperties], memory).toEqual(['pass', true, []]);
    }
  });

  it('a free whose test could not have found the reserve full fails RESERVE (mutant free-refills-only-empty)', () => {
    // The mutant refills only an empty reserve: with min_nr 2, T1's free reads curr_nr 1 < 2 and gives
    // its reserve element to free_fn, under either model and either order.
    for (const memory of ['sc', 'weak'] as const) {
      const r = run('trio3', { impl: 'mutant:free-refills-only-empty', strategy: 'dpor', ids: ['RESERVE'], stopAt: 'RESERVE', overrides: { memory: MEMORY[memory] } });
      expect(r.counts.RESERVE, memory).toBeGreaterThan(0);
      expect(r.messages.RESERVE).toMatch(/no curr_nr it could read .* reached any min_nr it could read/);
    }
  });
});

