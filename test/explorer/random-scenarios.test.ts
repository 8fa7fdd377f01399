/**
 * The random scenario generator makes well-formed programs of the requested size, and they run.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { explore } from '../../explorer/explore.ts';
import { RandomScheduler } from '../../explorer/strategies/random.ts';
import { PORT } from '../../impl/registry.ts';
import { scenarioProgram } from '../../scenarios/program.ts';
import { drawnScenarioArb, scenarioArb, wellFormed } from '../../scenarios/random.ts';
import type { Command, Scenario } from '../../scenarios/spec.ts';

const SURE = new Set(['GFP_KERNEL', 'GFP_NOFS', 'GFP_NOIO']);

/** Check the well-formedness rules; returns the first broken one, or null. */
function broken(s: Scenario): string | null {
  const publisher = new Map<number, number>();
  const receivers = new Map<number, number>();
  const programs: readonly (readonly Command[])[] = [s.prefix, ...s.threads.map((t) => t.commands)];
  for (const [index, commands] of programs.entries()) {
    const held: boolean[] = [];
    for (const c of commands) {
      switch (c.op) {
        case 'alloc':
          held.push(SURE.has(c.gfp));
          break;
        case 'free':
          if (held.pop() === undefined) return `program ${index} frees while holding nothing`;
          break;
        case 'publish':
          if (held.pop() !== true) return `program ${index} publishes v${c.var} without surely holding an element`;
          if (publisher.has(c.var)) return `v${c.var} published twice`;
          publisher.set(c.var, index);
          break;
        case 'receive': {
          const from = publisher.get(c.var);
          if (from === undefined || from >= index) return `program ${index} receives v${c.var}, not published by an earlier program`;
          if (receivers.has(c.var)) return `v${c.var} received twice`;
          receivers.set(c.var, index);
          held.push(true);
          break;
        }
        case 'resize':
          if (c.n < 1) return `resize(${c.n})`;
          break;
        case 'destroy':
          return 'destroy inside a program';
      }
    }
  }
  return null;
}

describe('random scenarios', () => {
  it('are well-formed, with 2 to 3 threads of 1 to 4 commands', () => {
    fc.assert(
      fc.property(scenarioArb(), (s) => {
        expect(broken(s)).toBeNull();
        expect(s.threads.length).toBeGreaterThanOrEqual(2);
        expect(s.threads.length).toBeLessThanOrEqual(3);
        for (const t of s.threads) expect(t.commands.length).toBeGreaterThanOrEqual(1);
        for (const t of s.threads) expect(t.commands.length).toBeLessThanOrEqual(4);
        expect(s.min_nr).toBeLessThanOrEqual(3);
      }),
      { seed: 3, numRuns: 500 },
    );
  });

  it('honour size options (tests can ask for small ones)', () => {
    fc.assert(
      fc.property(scenarioArb({ maxThreads: 2, maxCommands: 1, maxPrefix: 0, maxMinNr: 1, faults: ['never'], timeouts: ['untimed'] }), (s) => {
        expect(s.threads.length).toBe(2);
        for (const t of s.threads) expect(t.commands.length).toBe(1);
        expect([s.prefix.length, s.faults.kind, s.timeouts]).toEqual([0, 'never', 'untimed']);
        expect(s.min_nr).toBeLessThanOrEqual(1);
      }),
      { seed: 4, numRuns: 200 },
    );
  });

  it('well-formedness is a pure function of what was drawn (shrinking keeps programs valid)', () => {
    fc.assert(
      fc.property(drawnScenarioArb(), (d) => {
        expect(wellFormed(d)).toEqual(wellFormed(d));
        expect(broken(wellFormed(d))).toBeNull();
      }),
      { seed: 5, numRuns: 300 },
    );
  });

  it('cover every command, fault mode and timeout mode', () => {
    const all = fc.sample(scenarioArb(), { seed: 6, numRuns: 300 });
    const ops = new Set(all.flatMap((s) => s.threads.flatMap((t) => t.commands.map((c) => c.op))));
    expect([...ops].sort()).toEqual(['alloc', 'free', 'publish', 'receive', 'resize']);
    // Every kind of FaultMode (kernel/rt/faults.ts), both timeout modes, every backend.
    expect([...new Set(all.map((s) => s.faults.kind))].sort()).toEqual(['always', 'choice', 'fail-nth', 'gfp', 'never']);
    expect([...new Set(all.map((s) => s.timeouts))].sort()).toEqual(['timed', 'untimed']);
    expect([...new Set(all.map((s) => s.backend))].sort()).toEqual(['kmalloc', 'pages', 'slab']);
  });

  it('run on the port without errors in the harness (random executions)', () => {
    for (const s of fc.sample(scenarioArb(), { seed: 7, numRuns: 100 })) {
      const r = explore(scenarioProgram(s, PORT), new RandomScheduler(1, 10), [], { maxExecutions: 10, stopOnFailure: false, keepFailures: 0 });
      // The 10 runs asked for, all of them: no harness error stopped the exploration early.
      expect(r.executions).toBe(10);
    }
  });
});
