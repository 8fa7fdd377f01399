/**
 * What the gate expects of each scenario, and how a result compares with it. The expectations are
 * the scenarios' own (`Scenario.expected`: the verdicts the issue requires of the port, with the known
 * findings and why); properties/known-findings.ts will take over once it exists.
 */
import { match } from 'ts-pattern';
import type { Expectation, Scenario } from '../scenarios/spec.ts';
import type { SessionResult } from './session.ts';

export type GateStatus = 'ok' | 'known' | 'unexpected' | 'missing' | 'incomplete';

export interface Classified {
  readonly status: GateStatus;
  /** Failed properties the expectation lists. */
  readonly known: readonly string[];
  /** Failed properties it does not list. */
  readonly unexpected: readonly string[];
  /** One line on why the status is what it is. */
  readonly why: string;
}

export function expectationFor(scenario: Scenario): Expectation {
  return scenario.expected;
}

/**
 * `unexpected`: a property failed that is not a known finding. `missing`: a known finding did not
 * show up in a complete exploration (the known-findings list is out of date). `incomplete`: a
 * budget stopped the exploration before it covered everything, and nothing unexpected failed so far.
 */
export function classify(expected: Expectation, r: SessionResult): Classified {
  const listed = expected.verdict === 'fail' ? expected.properties : [];
  const known = r.failedProperties.filter((p) => listed.includes(p));
  const unexpected = r.failedProperties.filter((p) => !listed.includes(p));
  if (unexpected.length > 0) return { status: 'unexpected', known, unexpected, why: `not a known finding: ${unexpected.join(', ')}` };
  if (!r.complete) return { status: 'incomplete', known, unexpected, why: `stopped by ${r.stoppedBy} after covering: ${r.coverage}` };
  return match(expected)
    .with({ verdict: 'pass' }, () => ({ status: 'ok' as const, known, unexpected, why: 'every execution passed' }))
    .with({ verdict: 'fail' }, (e) =>
      known.length > 0
        ? { status: 'known' as const, known, unexpected, why: e.why }
        : { status: 'missing' as const, known, unexpected, why: `the known finding ${e.properties.join(' / ')} did not show up` },
    )
    .exhaustive();
}
