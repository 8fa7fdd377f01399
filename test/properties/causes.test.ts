/**
 * A known finding excuses its property only where its cause holds. On the port every failure of a
 * known finding's property is explained by its cause; a failure of the same property with another cause
 * (a seeded bug on the same scenario) is not, and surfaces as a new finding. Every known finding names a
 * cause of the table, and each scenario, implementation, memory model and property has one finding.
 */
import { describe, expect, it } from 'vitest';
import { makeScheduler, type StrategyOptions } from '../../explorer/strategies/registry.ts';
import { CAUSES, causeKeys } from '../../properties/causes.ts';
import { seedKnownFindings, knownFindingsFor } from '../../properties/known-findings.ts';
import { explainer } from '../../run/known.ts';
import { defaultMonitors } from '../../run/monitors.ts';
import { defaultConfig, programOf } from '../../run/run-config.ts';
import { ExploreSession, runSession } from '../../run/session.ts';
import { SCENARIOS, scenarioNamed } from '../../scenarios/registry.ts';

function explained(scenario: string, impl: string, strategy: string, options: Omit<StrategyOptions, 'seed'> = {}) {
  const s = scenarioNamed(scenario);
  const config = defaultConfig(s, impl);
  const session = new ExploreSession(programOf(config), makeScheduler(strategy, { seed: 1, ...options }), defaultMonitors(), {
    maxExecutions: Number.MAX_SAFE_INTEGER,
    maxSteps: config.maxSteps,
    all: true,
    searchAfterFailure: 0,
    explain: explainer(s, knownFindingsFor(scenario, 'v4.1')),
  });
  return runSession(session);
}

describe('known findings and their causes', () => {
  it('every known finding names a cause, a named scenario, and is the only one for its property there', () => {
    const keys = new Set<string>(causeKeys());
    const seen = new Set<string>();
    for (const f of seedKnownFindings()) {
      expect(f.cause !== undefined && keys.has(f.cause), f.cause).toBe(true);
      expect(SCENARIOS.has(f.scenario), f.scenario).toBe(true);
      for (const memory of f.memory === undefined ? ['sc', 'weak'] : [f.memory]) {
        const key = `${f.scenario}/${f.impl}/${memory}/${f.property}`;
        expect(seen.has(key), key).toBe(false);
        seen.add(key);
      }
    }
    for (const c of Object.values(CAUSES)) expect(c.statement.length).toBeGreaterThan(40);
  });

  for (const scenario of ['zero-min', 'resize-wake']) {
    it(`${scenario}: every failure on the port is explained by its known finding's cause (complete dpor)`, () => {
      const r = explained(scenario, 'v4.1', 'dpor');
      expect(r.complete).toBe(true);
      expect(r.failedProperties.length).toBeGreaterThan(0);
      expect(r.unexplainedProperties).toEqual([]);
      expect(r.explainedProperties).toEqual(r.failedProperties);
    });
  }

  it('quad4: the port fails NO-LOST-WAKEUP only where a resize refill went unannounced; free-no-wake also elsewhere', () => {
    const port = explained('quad4', 'v4.1', 'bounded-dpor', { maxPreemptions: 1 });
    expect(port.explainedProperties).toEqual(['NO-DEADLOCK', 'NO-LOST-WAKEUP']);
    expect(port.unexplainedProperties).toEqual([]);
    // A free that refills without waking is a lost wake-up with another cause: not excused.
    const mutant = explained('quad4', 'mutant:free-no-wake', 'bounded-dpor', { maxPreemptions: 1 });
    expect(mutant.unexplainedProperties).toContain('NO-LOST-WAKEUP');
  });

  it('causes are tied to what produces them: zero-min\'s cause explains no failure of resize-wake, nor the resize cause any of zero-min', () => {
    const swapped = (scenario: string, findingsOf: string) => {
      const s = scenarioNamed(scenario);
      const config = defaultConfig(s, 'v4.1');
      const session = new ExploreSession(programOf(config), makeScheduler('dpor', { seed: 1 }), defaultMonitors(), {
        maxExecutions: Number.MAX_SAFE_INTEGER,
        maxSteps: config.maxSteps,
        all: true,
        searchAfterFailure: 0,
        explain: explainer(s, knownFindingsFor(findingsOf, 'v4.1')),
      });
      return runSession(session);
    };
    const a = swapped('resize-wake', 'zero-min');
    expect([a.failedProperties, a.explainedProperties]).toEqual([['NO-LOST-WAKEUP'], []]);
    const b = swapped('zero-min', 'resize-wake');
    expect([b.failedProperties, b.explainedProperties]).toEqual([['NO-DEADLOCK', 'NO-LOST-WAKEUP'], []]);
  });
});
