/**
 * The self-check that keeps the reductions honest (issue 7 §3): on a few thousand random programs over
 * every operation kind the runtime has (kernel-programs.ts), in both memory models, timed and untimed,
 * with and without allocator faults,
 * - dpor and bounded-dpor reach exactly what dfs reaches: the same outcomes (verdicts included) and
 *   the same Mazurkiewicz traces of the runs that end (a run cut at the step limit ends wherever it
 *   was, so only its outcome compares);
 * - fine-grained steps (every operation a scheduling point) reach exactly the outcomes of the default
 *   steps, which merge what no other thread can tell apart (kernel/rt/kernel.ts, sharing.ts);
 * and the generator reaches every operation kind. footprint-mutants.test.ts shows the check fails when
 * the runtime leaves an entry out of a step's footprint.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { RandomScheduler } from '../../explorer/strategies/random.ts';
import { OP_KINDS } from '../../kernel/rt/ops.ts';
import { describeProgram, kernelProgramArb, type KernelProgram } from './kernel-programs.ts';
import { boundedDpor, dfs, dpor, explored, kindsOf, sorted, type Explored } from './self-check.ts';

// Its slowest test took 64 s in a fresh-clone run on the 2-core machine (2026-12-05): a limit of
// about four times that catches a hang without failing a slower machine (vitest.config.ts: 60 s otherwise).
vi.setConfig({ testTimeout: 300_000 });

const SEED = 7;
const DRAWN = 3000;
/** dfs runs every schedule: programs it cannot finish within this many executions are left out. */
const DFS_BUDGET = 400;
const programs = fc.sample(kernelProgramArb, { seed: SEED, numRuns: DRAWN });

let reference: { program: KernelProgram; dfs: Explored }[] | null = null;
/** The programs dfs finishes, with what it reached (computed once, shared by the tests). */
function finished(): { program: KernelProgram; dfs: Explored }[] {
  if (reference === null) {
    reference = [];
    for (const program of programs) {
      const d = explored(program, dfs(), DFS_BUDGET);
      if (d.complete) reference.push({ program, dfs: d });
    }
  }
  return reference;
}

describe(`self-check on ${DRAWN} random kernel programs (seed ${SEED})`, () => {
  it('the generator reaches every operation kind the runtime has', () => {
    const seen = new Set<string>();
    for (const program of programs.slice(0, 300)) for (const kind of kindsOf(program, new RandomScheduler(1, 3), 3)) seen.add(kind);
    expect([...seen].sort()).toEqual([...OP_KINDS].sort());
  });

  it('most programs are small enough for dfs, and they fail, block and choose', () => {
    const all = finished();
    // Floors, not measurements: the check must compare many programs of each kind. 2,506 of the 3,000
    // (seed 7) finish: runs go on after a violation, so a program that fails somewhere early still has
    // every schedule of its rest to run.
    expect(all.length).toBeGreaterThanOrEqual(DRAWN * 0.8);
    const some = (f: (o: string) => boolean): number => all.filter((p) => [...p.dfs.outcomes].some(f)).length;
    expect(some((o) => /^\S+ \[[A-Z]/.test(o))).toBeGreaterThan(DRAWN / 10);
    expect(some((o) => o.startsWith('blocked'))).toBeGreaterThan(DRAWN / 20);
    expect(all.filter((p) => p.dfs.outcomes.size > 1).length).toBeGreaterThan(DRAWN / 4);
    expect(all.filter((p) => p.program.memory === 'weak').length).toBeGreaterThan(DRAWN / 5);
  });

  for (const [name, make] of [
    ['dpor', dpor],
    ['bounded-dpor', boundedDpor],
  ] as const) {
    it(`${name}: the same outcomes and traces as dfs, never more executions`, () => {
      for (const { program, dfs: d } of finished()) {
        const o = explored(program, make(), DFS_BUDGET);
        const what = describeProgram(program);
        expect(o.complete, what).toBe(true);
        expect({ outcomes: sorted(o.outcomes), traces: sorted(o.traces) }, what).toEqual({ outcomes: sorted(d.outcomes), traces: sorted(d.traces) });
        expect(o.executions, what).toBeLessThanOrEqual(d.executions);
      }
    });
  }

  it('fine-grained steps reach exactly the outcomes of the default steps', () => {
    for (const { program, dfs: d } of finished()) {
      const fine = explored(program, dpor(), 20 * DFS_BUDGET, true);
      const what = describeProgram(program);
      expect(fine.complete, what).toBe(true);
      expect(sorted(fine.outcomes), what).toEqual(sorted(d.outcomes));
    }
  });
});
