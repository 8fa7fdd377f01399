/**
 * The stateful search (explorer/stateful/): it must reach what dfs reaches, and find livelocks as
 * fair cycles of the state graph, exactly.
 * - Self-check: on random kernel programs over every operation kind (kernel-programs.ts) that dfs
 *   explores completely, the stateful search (threads' states exposed as their answers,
 *   stateful-check.ts) gives the same verdict, the same failed properties and the same set of final
 *   states, in fewer runs.
 * - Livelocks: explicit-state threads whose runs never end. A ping-pong both threads can keep up
 *   forever is a LIVELOCK with an exact lasso; a busy-wait that only an unfair scheduler keeps going
 *   (the writer enabled throughout, never run) is not, and the search is complete: `pass`.
 * - It refuses what it cannot search exactly: generator threads.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ExecutionResult } from '../../explorer/execution.ts';
import { LIVELOCK } from '../../explorer/lasso.ts';
import type { Program } from '../../explorer/program.ts';
import { StatefulSearchError, type StateWriter } from '../../explorer/stateful/scheduler.ts';
import { worldFingerprintLines } from '../../kernel/rt/state.ts';
import { DEFAULT_KERNEL_CONFIG } from '../../kernel/rt/kernel.ts';
import type { Gen, Loc, Op } from '../../kernel/rt/ops.ts';
import type { ExplicitThreadState, StateSink } from '../../kernel/rt/state.ts';
import { describeProgram, kernelProgram, kernelProgramArb, outcomeOf, type KernelProgram } from './kernel-programs.ts';
import { dfs, explored, SELF_CHECK_MAX_STEPS } from './self-check.ts';
import { answered, exploreStateful, RESULTS_MONITOR, writeTextLines } from './stateful-check.ts';
import { tiny } from './tiny.ts';
import { READ_ONCE } from '../../kernel/api/memory.ts';

const SEED = 11;
const DRAWN = 400;
const DFS_BUDGET = 400;

/** An outcome without what failed on the way (the state graph merges paths; failures are compared as a set). */
const finalState = (r: ExecutionResult): string => outcomeOf(r).replace(/ \[[^\]]*\]/, '');

/** Whether the stateful search (its states written by `writeState`) reaches what dfs reaches on `p`; null when dfs cannot finish `p`. */
function agrees(p: KernelProgram, writeState?: StateWriter): { same: boolean; dfsRuns: number; statefulRuns: number } | null {
  const d = explored(p, dfs(), DFS_BUDGET);
  if (!d.complete) return null;
  const s = exploreStateful(answered(kernelProgram(p)), [RESULTS_MONITOR], 100_000, SELF_CHECK_MAX_STEPS, writeState);
  const states = [...new Set(s.ended.map(finalState))].sort();
  const dfsStates = [...new Set([...d.outcomes].map((o) => o.replace(/ \[[^\]]*\]/, '')))].sort();
  const same =
    s.result.complete &&
    JSON.stringify(states) === JSON.stringify(dfsStates) &&
    JSON.stringify([...s.failed].sort()) === JSON.stringify(failedIn(d.outcomes)) &&
    // No run of a program dfs finishes is endless: its state graph has no cycle.
    !s.ended.some((r) => r.end === 'livelock');
  return { same, dfsRuns: d.executions, statefulRuns: s.result.executions };
}

const failedIn = (outcomes: Iterable<string>): string[] =>
  [...new Set([...outcomes].flatMap((o) => /\[([^\]]*)\]/.exec(o)?.[1]?.split(',').filter((x) => x !== '') ?? []))].sort();

describe(`stateful search against dfs on ${DRAWN} random kernel programs (seed ${SEED})`, () => {
  it('reaches the same final states and failures, in fewer runs', () => {
    let compared = 0;
    let dfsRuns = 0;
    let statefulRuns = 0;
    for (const p of fc.sample(kernelProgramArb, { seed: SEED, numRuns: DRAWN })) {
      const r = agrees(p);
      if (r === null) continue;
      expect(r.same, describeProgram(p)).toBe(true);
      compared += 1;
      dfsRuns += r.dfsRuns;
      statefulRuns += r.statefulRuns;
    }
    // Most drawn programs are small enough for dfs (the others are left out, not failed).
    expect(compared).toBeGreaterThan(DRAWN / 2);
    // Seed 11: 342 programs, dfs 14,374 runs, stateful 5,190 (states merge across interleavings).
    expect(statefulRuns).toBeLessThan(dfsRuns);
  });

  it('fails when the state key leaves memory out (the check can tell a wrong merge)', () => {
    // Threads and kernel objects only: states that differ in a cell's value merge, and what follows the
    // second is never explored.
    const memoryBlind: StateWriter = (kernel, parts, out) => writeTextLines(out, worldFingerprintLines(kernel, parts).filter((line) => !/^(harness|b\d+ )/.test(line)));
    const disagreeing = fc.sample(kernelProgramArb, { seed: SEED, numRuns: DRAWN }).filter((p) => agrees(p, memoryBlind)?.same === false);
    expect(disagreeing.length).toBeGreaterThan(0);
  });
});

/**
 * `while (READ_ONCE(x) != target) WRITE_ONCE(x, write)`, as an explicit-state thread (its position and
 * nothing else is its state); `write` defaults to `target`.
 */
class UntilThread implements Gen<unknown>, ExplicitThreadState {
  private pc = 0;

  constructor(
    private readonly x: Loc,
    private readonly target: number,
    private readonly write = target,
  ) {}

  next(answer?: unknown): IteratorResult<Op, unknown> {
    if (this.pc === 1 && answer === this.target) return { done: true, value: undefined };
    if (this.pc === 1 && this.write !== this.target - 100) {
      this.pc = 2;
      return { done: false, value: { kind: 'store', loc: this.x, value: this.write, order: 'once' } };
    }
    this.pc = 1;
    return { done: false, value: { kind: 'load', loc: this.x, order: 'once' } };
  }

  return(value: unknown): IteratorResult<Op, unknown> {
    return { done: true, value };
  }

  throw(e: unknown): IteratorResult<Op, unknown> {
    throw e;
  }

  [Symbol.iterator](): this {
    return this;
  }

  writeState(out: StateSink): void {
    out.num(this.pc);
  }
}

/** A program of explicit threads over one shared cell `x` (0 at first). */
function explicitProgram(threads: readonly ((x: Loc) => Gen<unknown>)[]): Program<Loc> {
  return {
    kernelConfig: DEFAULT_KERNEL_CONFIG,
    *setup(kernel): Gen<Loc> {
      return kernel.harnessCell();
    },
    threads: (x) => threads.map((body, i) => ({ name: `T${i + 1}`, body: body(x) })),
  };
}

describe('livelocks as fair cycles of the state graph', () => {
  it('a ping-pong both threads can keep up forever is a LIVELOCK, with an exact lasso', () => {
    const s = exploreStateful(explicitProgram([(x) => new UntilThread(x, 1), (x) => new UntilThread(x, 2)]), [], 10_000, 1000);
    expect(s.result.complete).toBe(true);
    const livelock = s.ended.find((r) => r.end === 'livelock');
    expect(livelock?.lasso?.evidence.kind).toBe('exact');
    expect(livelock?.lasso?.fairness.weaklyFair).toBe(true);
    expect(livelock?.lasso?.fairness.stepping).toEqual([1, 2]);
    expect(livelock?.violations.map((v) => v.property)).toContain(LIVELOCK);
  });

  it('a busy-wait kept going only by never running the writer is no livelock: complete, pass', () => {
    // T1 waits for x == 1 (reading, never writing: write is target - 100 means "do not write"), T2 writes it.
    const waiter = (x: Loc): Gen<unknown> => new UntilThread(x, 1, -99);
    const writer = (x: Loc): Gen<unknown> => new UntilThread(x, 1);
    const s = exploreStateful(explicitProgram([waiter, writer]), [], 10_000, 1000);
    expect(s.result.complete).toBe(true);
    expect(s.result.verdict).toBe('pass');
    expect(s.ended.some((r) => r.end === 'livelock')).toBe(false);
    // The waiter alone in its loop is a cycle of the graph: found, and rejected as unfair.
    expect(s.search.graph.edges).toBeGreaterThan(s.search.graph.nodes - 1);
  });

  it('a thread spinning alone forever is a LIVELOCK', () => {
    const s = exploreStateful(explicitProgram([(x) => new UntilThread(x, 1, -99)]), [], 10_000, 1000);
    expect(s.ended.find((r) => r.end === 'livelock')?.lasso?.fairness.stepping).toEqual([1]);
  });
});

describe('what the stateful search refuses', () => {
  it('threads whose state it cannot see (generators): a StatefulSearchError', () => {
    const program = tiny([(c) => READ_ONCE(c.x), (c) => READ_ONCE(c.y)]);
    expect(() => exploreStateful(program, [], 100, 100)).toThrow(StatefulSearchError);
  });
});
