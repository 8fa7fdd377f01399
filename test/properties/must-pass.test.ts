/**
 * Every property has named scenarios where it must pass on the seed (no known finding excuses it there,
 * under any memory model) and where it is exercised (a seeded bug fails it there), and the port passes
 * them completely.
 */
import { describe, expect, it } from 'vitest';
import { MUTANTS } from '../../impl/mutants/registry.ts';
import { memoryFactory } from '../../kernel/rt/weak/factory.ts';
import { implementationThrew } from '../../run/impl-throws.ts';
import { knownFindingsFor } from '../../properties/known-findings.ts';
import { MUST_PASS } from '../../properties/must-pass.ts';
import { propertyIds } from '../../properties/registry.ts';
import { SCENARIOS } from '../../scenarios/registry.ts';
import { run } from './run.ts';

/** As a real run's kernel (run/run-config.ts): the implementation's own exceptions are its IMPL-CRASH finding. */
const overrides = (memory: 'sc' | 'weak' | undefined) => ({ implementationThrew, ...(memory === 'weak' ? { memory: memoryFactory({ model: 'weak' }) } : {}) });

describe('where each property must pass', () => {
  it('every property has a scenario; every entry is a named scenario without a known finding of it, and a registered mutant', () => {
    expect(Object.keys(MUST_PASS).sort()).toEqual(propertyIds().sort());
    for (const [property, entries] of Object.entries(MUST_PASS)) {
      expect(entries.length, property).toBeGreaterThan(0);
      for (const e of entries) {
        expect(SCENARIOS.has(e.scenario), e.scenario).toBe(true);
        expect(MUTANTS.get(e.mutant)?.caughtBy, `${e.mutant} names ${property}`).toContain(property);
        for (const memory of ['sc', 'weak'] as const) {
          expect(knownFindingsFor(e.scenario, 'v4.1', memory).map((f) => f.property), `${e.scenario} ${memory}`).not.toContain(property);
        }
      }
    }
  });

  for (const [property, entries] of Object.entries(MUST_PASS)) {
    for (const e of entries) {
      it(`${property} on ${e.scenario}${e.memory ? ` (${e.memory})` : ''}: mutant:${e.mutant} fails it, the port passes`, () => {
        const bug = run(e.scenario, { impl: `mutant:${e.mutant}`, strategy: 'dpor', ids: [property], stopAt: property, overrides: overrides(e.memory) });
        expect(bug.counts[property]).toBeGreaterThan(0);
        const port = run(e.scenario, { strategy: 'dpor', ids: [property], overrides: overrides(e.memory) });
        expect([port.result.verdict, port.result.complete]).toEqual(['pass', true]);
      });
    }
  }
});
