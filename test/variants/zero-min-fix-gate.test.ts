/**
 * The gate on the port of upstream v6.17's zero-minimum fix, against the v6.17 profile it claims: the
 * gate's own plan (the sequential check, every named scenario under both memory models, the race pass)
 * run for that implementation and judged against its known findings (the seed's, without zero-min).
 * The zero-min finding is gone and nothing new shows up.
 */
import { describe, expect, it } from 'vitest';
import { knownFindingsFor } from '../../properties/known-findings.ts';
import { gateDocument } from '../../report/document.ts';
import { withControl } from '../../run/control.ts';
import { inThisThread, runPlan } from '../../run/gate/orchestrate.ts';
import { gatePlan } from '../../run/gate/plan.ts';
import type { CommandIo } from '../../run/io.ts';
import { defaultMonitors } from '../../run/monitors.ts';
import { checkedProperties } from '../../run/properties.ts';
import { recordedCounterexample } from '../../run/replay.ts';
import { SCENARIOS } from '../../scenarios/registry.ts';

const FIX = 'v4.1+zero-min-fix';
const quiet: CommandIo = { out: () => undefined, err: () => undefined };
/** Long enough for every exploration to finish (they take seconds): a budget stop would fail the test. */
const TIME_LIMIT_SECONDS = 600;
const RACE_BUDGET = 300;

describe(`gate on ${FIX} under the v6.17 profile`, () => {
  it('has the seed’s known findings but zero-min’s', () => {
    expect(knownFindingsFor('zero-min', FIX)).toEqual([]);
    for (const s of SCENARIOS.values()) {
      if (s.name === 'zero-min') continue;
      for (const memory of ['sc', 'weak'] as const) {
        expect(knownFindingsFor(s.name, FIX, memory).map((f) => f.property)).toEqual(knownFindingsFor(s.name, 'v4.1', memory).map((f) => f.property));
      }
    }
  });

  it('passes: every row ok or a known finding, none missing, only known races', async () => {
    const plan = gatePlan({ impl: FIX, scenarios: [...SCENARIOS.values()], memories: ['sc', 'weak'], sequential: true, timeLimit: TIME_LIMIT_SECONDS, raceBudget: RACE_BUDGET });
    const result = await withControl(quiet, { label: 'gate', style: 'off' }, (control) => runPlan(plan, inThisThread, control, quiet));
    const ids = plan.map((u) => u.id);
    const doc = gateDocument({
      command: 'gate',
      implementation: FIX,
      all: ids,
      units: ids,
      shard: null,
      outcomes: result.outcomes,
      counterexample: (ref) => recordedCounterexample(ref, (config) => defaultMonitors(config.profile)),
      interrupted: false,
      running: false,
      properties: checkedProperties('v6.17'),
      settings: { timePerScenario: TIME_LIMIT_SECONDS, memory: 'sc,weak', raceExecutions: RACE_BUDGET, scenarios: [...SCENARIOS.keys()].join(','), shard: null },
      raceBudget: RACE_BUDGET,
    });
    expect(doc.errors).toEqual([]);
    expect(doc.sequential?.verdict).toBe('pass');
    const rows = doc.scenarios.map((r) => [r.scenario, r.memory, r.status]);
    for (const row of rows) expect(['ok', 'known']).toContain(row[2]);
    expect(rows.filter((r) => r[0] === 'zero-min')).toEqual([
      ['zero-min', 'sc', 'ok'],
      ['zero-min', 'weak', 'ok'],
    ]);
    expect(doc.races?.unknown).toBe(0);
    expect(doc.verdict).toBe('pass');
  });
});
