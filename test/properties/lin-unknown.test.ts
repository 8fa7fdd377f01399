/**
 * A linearizability check that runs out of its budget answers `unknown`: the execution is neither a
 * pass nor a failure; the exploration counts it, and a run with unknowns is `incomplete`, saying why,
 * never `pass` (before: the unknown counted as a pass and was never reported).
 */
import { describe, expect, it } from 'vitest';
import { makeScheduler } from '../../explorer/strategies/registry.ts';
import { monitorsFor } from '../../properties/registry.ts';
import { explorationJson } from '../../report/json.ts';
import { classify, unknownText } from '../../run/known.ts';
import { defaultConfig, programOf } from '../../run/run-config.ts';
import { ExploreSession, runSession } from '../../run/session.ts';
import { verdictLine } from '../../cli/commands/explore.ts';
import { scenarioNamed } from '../../scenarios/registry.ts';

function explorePair2(linBudget?: number) {
  const config = defaultConfig(scenarioNamed('pair2'), 'v4.1');
  const monitors = monitorsFor(linBudget === undefined ? {} : { linBudget });
  const session = new ExploreSession(programOf(config), makeScheduler('dpor', { seed: 1 }), monitors, {
    maxExecutions: Number.MAX_SAFE_INTEGER,
    maxSteps: config.maxSteps,
    all: true,
    searchAfterFailure: 0,
  });
  return runSession(session);
}

describe('LINEARIZABLE unknowns', () => {
  it('with its default budget every pair2 execution is decided, and the run passes', () => {
    const r = explorePair2();
    expect([r.verdict, r.unknownExecutions]).toEqual(['pass', 0]);
  });

  it('with a budget of one model step the search gives up: each execution is unknown, the run incomplete', () => {
    const r = explorePair2(1);
    // Every pair2 history needs more than one model step (two allocs and two frees), so none is decided.
    expect(r.unknownExecutions).toBe(r.executions);
    expect(r.unknownProperties).toEqual(['LINEARIZABLE']);
    expect([r.verdict, r.complete, r.failedExecutions]).toEqual(['incomplete', true, 0]);
    const c = classify(new Map(), r);
    expect(c.status).toBe('incomplete');
    expect(c.why).toBe(unknownText(r));
    // Every one of the run's executions (dpor's count on pair2) answered unknown.
    expect(c.why).toMatch(new RegExp(`LINEARIZABLE answered unknown on ${r.executions} executions`));
    expect(verdictLine(r)).toMatch(new RegExp(`^INCOMPLETE: no property failed in ${r.executions} executions; complete; LINEARIZABLE answered unknown on ${r.executions}`));
    // The monitor's own reason for the first undecided execution, not a guess at it (also in --json).
    const json = explorationJson({ scenario: 'pair2', implementation: 'v4.1', profile: 'v4.1', strategy: 'dpor', memory: 'sc', timeouts: 'untimed' }, r, null);
    expect(json.firstUnknown?.property).toBe('LINEARIZABLE');
    expect(json.firstUnknown?.message).toMatch(/^the linearizability search ran out of its budget/);
    expect(verdictLine(r)).toMatch(/\(the first: LINEARIZABLE: the linearizability search ran out of its budget \([\d,]+ model steps\)/);
  });
});
