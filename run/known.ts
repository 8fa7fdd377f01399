/**
 * What the gate expects of each scenario (the known findings of properties/known-findings.ts: real
 * properties of the seed the checker reports, with why), and how a result compares with it.
 */
import { knownFindingsFor } from '../properties/known-findings.ts';
import type { SessionResult } from './session.ts';

export type GateStatus = 'ok' | 'known' | 'unexpected' | 'missing' | 'incomplete';

/** Known findings of one scenario on one implementation: property ID -> why it fails. */
export type Expected = ReadonlyMap<string, string>;

export interface Classified {
  readonly status: GateStatus;
  /** Failed properties that are known findings. */
  readonly known: readonly string[];
  /** Failed properties that are not. */
  readonly unexpected: readonly string[];
  /** Known findings that did not show up. */
  readonly missing: readonly string[];
  /** One line on why the status is what it is. */
  readonly why: string;
}

export function expectedFor(scenario: string, impl: string, memory: 'sc' | 'weak' = 'sc'): Expected {
  return new Map(knownFindingsFor(scenario, impl, memory).map((f) => [f.property, f.reason]));
}

/**
 * `unexpected`: a property failed that is not a known finding. `missing`: a known finding did not
 * show up in a complete exploration (the list is out of date). `incomplete`: a budget stopped the
 * exploration before it covered everything, and nothing unexpected failed so far.
 */
/** Why a run with `unknown` answers is not a pass. */
export function unknownText(r: Pick<SessionResult, 'unknownExecutions' | 'unknownProperties'>): string {
  const n = r.unknownExecutions;
  return `${r.unknownProperties.join(', ')} answered unknown on ${n.toLocaleString('en-US')} execution${n === 1 ? '' : 's'} (the search ran out of its budget): not shown to pass`;
}

export function classify(expected: Expected, r: Pick<SessionResult, 'failedProperties' | 'complete' | 'stoppedBy' | 'coverage' | 'unknownExecutions' | 'unknownProperties'>): Classified {
  const known = r.failedProperties.filter((p) => expected.has(p));
  const unexpected = r.failedProperties.filter((p) => !expected.has(p));
  const missing = [...expected.keys()].filter((p) => !r.failedProperties.includes(p));
  const base = { known, unexpected, missing };
  if (unexpected.length > 0) return { ...base, status: 'unexpected', why: `not a known finding: ${unexpected.join(', ')}` };
  if (!r.complete) return { ...base, status: 'incomplete', why: `stopped by ${r.stoppedBy} after covering: ${r.coverage}` };
  if (r.unknownExecutions > 0) return { ...base, status: 'incomplete', why: unknownText(r) };
  if (missing.length > 0) return { ...base, status: 'missing', why: `the known finding${missing.length === 1 ? '' : 's'} ${missing.join(', ')} did not show up` };
  return { ...base, status: known.length > 0 ? 'known' : 'ok', why: known.length > 0 ? 'every failure is a known finding' : 'every execution passed' };
}
