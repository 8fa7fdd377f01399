/**
 * Replaying a token: decode, look up scenario and implementation (refusing what does not match),
 * re-run the recorded choices exactly, and say whether the run still does what it did when recorded.
 */
import type { Monitor } from '../explorer/monitor.ts';
import { runGuided } from '../explorer/shrink.ts';
import { ReplayError } from '../explorer/strategies/replay.ts';
import { recordCounterexample, type Counterexample } from './counterexample.ts';
import { programOf, type RunConfig } from './run-config.ts';
import { decodeToken, resolveToken, TokenError, type TokenContent, type TokenExpectation } from './token.ts';

export interface Replayed {
  readonly content: TokenContent;
  readonly report: Counterexample;
  /** Why the replay does not do what the recorded run did, or null when it does. */
  readonly diverged: string | null;
}

/** `monitors`: fixed ones, or made for the token's run (its profile decides which properties are checked). */
export function replayToken(token: string, monitorsFor: readonly Monitor[] | ((config: RunConfig) => readonly Monitor[]), expect: TokenExpectation = {}): Replayed {
  const content = resolveToken(decodeToken(token), expect);
  const { config, choices, outcome } = content;
  const monitors = typeof monitorsFor === 'function' ? monitorsFor(config) : monitorsFor;
  let report: Counterexample;
  try {
    const size = runGuided(programOf(config), monitors, choices, { maxSteps: config.maxSteps }).size;
    report = recordCounterexample(config, choices, outcome.property, size, null, monitors, null);
  } catch (e) {
    if (e instanceof ReplayError) throw new TokenError(`the token does not replay on ${config.impl}: ${e.message}`);
    throw e;
  }
  const failed = report.violations.map((v) => v.property);
  const property = outcome.property;
  let diverged: string | null = null;
  if (property !== null && !failed.includes(property)) diverged = `the recorded run failed ${property}, the replay ${failed.length > 0 ? `fails ${failed.join(', ')}` : 'passes'}`;
  else if (property === null && failed.length > 0) diverged = `the recorded run passed, the replay fails ${failed.join(', ')}`;
  else if (report.run.result.steps !== outcome.steps) diverged = `the recorded run took ${outcome.steps} steps, the replay ${report.run.result.steps}`;
  return { content, report, diverged };
}
