/**
 * The gate on the port of upstream v6.17's zero-minimum fix, against the v6.17 profile: every named
 * scenario under both memory models, explored as the gate explores them, compared with the variant's
 * known findings (the seed's, without zero-min); then the race pass. The zero-min finding is gone and
 * nothing new shows up: no unexpected property, no known finding missing, no unknown race.
 */
import { describe, expect, it } from 'vitest';
import { STEP_LIMIT } from '../../explorer/execution.ts';
import { knownFindingsFor } from '../../properties/known-findings.ts';
import { runGateRaces, unknownRaces } from '../../run/gate-races.ts';
import { runGateScenario } from '../../run/gate-run.ts';
import { RunControl } from '../../run/control.ts';
import type { CommandIo } from '../../run/io.ts';
import { classify, expectedFor } from '../../run/known.ts';
import { SCENARIOS } from '../../scenarios/registry.ts';

const FIX = 'v4.1+zero-min-fix';
const quiet: CommandIo = { out: () => undefined, err: () => undefined };
/** Long enough for every exploration to finish (they take seconds): a budget stop would fail the test. */
const BUDGET_SECONDS = 600;

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

  for (const memory of ['sc', 'weak'] as const) {
    it(`every named scenario, ${memory} memory: ok or a known finding, nothing missing`, async () => {
      for (const scenario of SCENARIOS.values()) {
        const control = new RunControl(quiet, { label: 'gate', style: 'off' });
        const run = await runGateScenario(scenario, memory, control, BUDGET_SECONDS, undefined, { impl: FIX, profile: 'v6.17' });
        control.finish();
        expect(run.config.profile).toBe('v6.17');
        // As the gate does: a livelock shown by another scenario is not expected here.
        const expected = new Map([...expectedFor(scenario.name, FIX, memory)].filter(([p]) => run.livelockElsewhere !== true || p !== STEP_LIMIT));
        const c = classify(expected, run.result);
        expect([scenario.name, memory, c.status, c.unexpected, c.missing]).toEqual([scenario.name, memory, expected.size > 0 ? 'known' : 'ok', [], []]);
      }
    });
  }

  it('the race pass: only known races (the seed’s, and the zero-minimum test’s own lockless reads)', async () => {
    const races = await runGateRaces([...SCENARIOS.values()], 300, FIX);
    expect(unknownRaces(races)).toBe(0);
    expect(races.races.map((r) => r.finding.known?.id).sort()).toEqual(['free-lockless-curr_nr', 'free-lockless-min_nr', 'free-zero-min-test-curr_nr', 'free-zero-min-test-min_nr']);
  });
});
