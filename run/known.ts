/**
 * What the gate expects of each scenario (the known findings of the project file, config/project.ts: real
 * properties of the seed the checker reports, with why and with what produces them), and how a result
 * compares with it. A known finding excuses a failure of its property only on an execution where its
 * cause holds (`explainer`); a failure its cause does not explain is unexpected like any other.
 */
import type { ExecutionResult } from '../explorer/execution.ts';
import type { Violation } from '../explorer/monitor.ts';
import { causeNamed } from '../properties/causes.ts';
import { knownFindingsFor, type KnownFinding } from '../properties/known-findings.ts';
import type { Scenario } from '../scenarios/spec.ts';
import type { SessionResult } from './session.ts';

export type GateStatus = 'ok' | 'known' | 'unexpected' | 'missing' | 'incomplete';

/** Known findings of one scenario on one implementation: property ID -> why it fails. */
export type Expected = ReadonlyMap<string, string>;

export interface Classified {
  readonly status: GateStatus;
  /** Failed properties that are known findings (some failure explained by the finding's cause). */
  readonly known: readonly string[];
  /** Failed properties with a failure no known finding explains. */
  readonly unexpected: readonly string[];
  /** Known findings that did not show up. */
  readonly missing: readonly string[];
  /** One line on why the status is what it is. */
  readonly why: string;
}

export function expectedFor(scenario: string, impl: string, memory: 'sc' | 'weak' = 'sc'): Expected {
  return expectedOf(knownFindingsFor(scenario, impl, memory));
}

/** What a list of known findings (one scenario, one memory model) expects. */
export function expectedOf(findings: readonly KnownFinding[]): Expected {
  return new Map(findings.map((f) => [f.property, f.reason]));
}

/**
 * The `explain` hook of a session (run/session.ts) for one scenario: a violation is excused when a
 * known finding of its property has a cause that holds on the execution.
 */
export function explainer(scenario: Scenario, findings: readonly KnownFinding[]): (result: ExecutionResult, v: Violation) => boolean {
  return (result, violation) =>
    findings.some((f) => f.property === violation.property && (f.cause === undefined || causeNamed(f.cause).holds({ scenario, result, violation })));
}

/** What classification reads of a result (a session's, or its plain summary). */
export type Classifiable = Pick<SessionResult, 'failedProperties' | 'complete' | 'stoppedBy' | 'coverage' | 'unknownExecutions' | 'unknownProperties'> &
  Partial<Pick<SessionResult, 'unexplainedProperties' | 'explainedProperties'>>;

/** Why a run with `unknown` answers is not a pass. */
export function unknownText(r: Pick<SessionResult, 'unknownExecutions' | 'unknownProperties' | 'firstUnknown'>): string {
  const n = r.unknownExecutions;
  // The monitor says why (a search out of its budget, an online refusal the offline check explains).
  const why = r.firstUnknown == null ? '' : ` (the first: ${r.firstUnknown.property}: ${r.firstUnknown.message})`;
  return `${r.unknownProperties.join(', ')} answered unknown on ${n.toLocaleString('en-US')} execution${n === 1 ? '' : 's'}${why}: not shown to pass`;
}

/**
 * `unexpected`: a property failed on an execution no known finding's cause explains (also a listed
 * property failing for another reason). `missing`: a known finding did not show up in a complete
 * exploration (the list is out of date). `incomplete`: a budget stopped the exploration before it
 * covered everything, or some execution's verdict is unknown, and nothing unexpected failed so far.
 */
export function classify(expected: Expected, r: Classifiable): Classified {
  // A result made without an `explain` hook (a watchdog's stop) names properties only.
  const explainedProperties = r.explainedProperties ?? r.failedProperties.filter((p) => expected.has(p));
  const unexpected = r.unexplainedProperties ?? r.failedProperties.filter((p) => !expected.has(p));
  const known = explainedProperties.filter((p) => expected.has(p));
  const missing = [...expected.keys()].filter((p) => !explainedProperties.includes(p));
  const base = { known, unexpected, missing };
  if (unexpected.length > 0) {
    const outside = unexpected.filter((p) => expected.has(p));
    const also = outside.length === 0 ? '' : ` (${outside.join(', ')} also failed where ${outside.length === 1 ? 'its' : 'their'} known cause does not hold)`;
    return { ...base, status: 'unexpected', why: `not a known finding: ${unexpected.join(', ')}${also}` };
  }
  if (!r.complete) return { ...base, status: 'incomplete', why: `stopped by ${r.stoppedBy} after covering: ${r.coverage}` };
  if (r.unknownExecutions > 0) return { ...base, status: 'incomplete', why: unknownText(r) };
  if (missing.length > 0) return { ...base, status: 'missing', why: `the known finding${missing.length === 1 ? '' : 's'} ${missing.join(', ')} did not show up` };
  return { ...base, status: known.length > 0 ? 'known' : 'ok', why: known.length > 0 ? 'every failure is a known finding, explained by its cause' : 'every execution passed' };
}
