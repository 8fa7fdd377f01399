/** The property registry: stable IDs, one-line statements, monitors by ID, known findings. */
import { describe, expect, it } from 'vitest';
import { seedKnownFindings, isKnownFinding, knownFindingsFor } from '../../properties/known-findings.ts';
import { PROPERTIES, monitorsFor, propertyIds, propertyNamed } from '../../properties/registry.ts';
import { SCENARIOS } from '../../scenarios/registry.ts';
import { LIVELOCK } from '../../explorer/lasso.ts';

/** DESIGN.md section 5, in its order. */
const DESIGN_IDS = [
  'BUG-FREE',
  'BOUNDS',
  'OWNERSHIP',
  'NO-LEAK',
  'NEVER-NULL',
  'FORCED-GFP',
  'NO-SLEEP-ATOMIC',
  'RESERVE',
  'LINEARIZABLE',
  'NO-LOST-WAKEUP',
  'NO-DEADLOCK',
  'ZERO-WARN',
];

describe('property registry', () => {
  it('has every property of DESIGN.md section 5 (and may add more), each with a one-line statement', () => {
    expect(propertyIds().filter((id) => DESIGN_IDS.includes(id))).toEqual(DESIGN_IDS);
    for (const p of PROPERTIES.values()) {
      expect(p.statement.length).toBeGreaterThan(20);
      expect(p.statement).not.toContain('\n');
      expect(p.checkedAt.length).toBeGreaterThan(0);
    }
  });

  it('gives fresh monitors named by their IDs: all by default, or the chosen subset', () => {
    const all = monitorsFor();
    expect(all.map((m) => m.name)).toEqual(propertyIds());
    expect(monitorsFor()[0]).not.toBe(all[0]);
    expect(monitorsFor({ ids: ['RESERVE', 'BOUNDS'] }).map((m) => m.name)).toEqual(['RESERVE', 'BOUNDS']);
    expect(monitorsFor({ exclude: ['LINEARIZABLE'] }).map((m) => m.name)).not.toContain('LINEARIZABLE');
  });

  it('refuses an unknown ID with the list of known ones', () => {
    expect(() => propertyNamed('NO-SUCH')).toThrow(/unknown property 'NO-SUCH' \(known: BUG-FREE, BOUNDS/);
    expect(() => monitorsFor({ ids: ['NO-SUCH'] })).toThrow(RangeError);
  });
});

describe('known findings', () => {
  it('name existing scenarios and properties (or LIVELOCK), each with a reason', () => {
    for (const f of seedKnownFindings()) {
      expect(SCENARIOS.has(f.scenario)).toBe(true);
      expect([...PROPERTIES.keys(), LIVELOCK]).toContain(f.property);
      expect(f.reason.length).toBeGreaterThan(40);
    }
  });

  it('cover every failure a named scenario expects of the port', () => {
    for (const s of SCENARIOS.values()) {
      if (s.expected.verdict !== 'fail') continue;
      for (const p of s.expected.properties) expect(isKnownFinding(s.name, 'v4.1', p)).toBe(true);
    }
    expect(knownFindingsFor('zero-min', 'v4.1').map((f) => f.property)).toEqual(['NO-LOST-WAKEUP', 'NO-DEADLOCK']);
    expect(knownFindingsFor('pair2', 'v4.1')).toEqual([]);
  });
});
