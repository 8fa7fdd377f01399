/**
 * Replaying a token: decode, look up scenario and implementation (refusing what does not match),
 * re-run the recorded choices exactly, and say whether the run still does what it did when recorded.
 */
import type { Monitor } from '../explorer/monitor.ts';
import { runGuided, type RunSize } from '../explorer/shrink.ts';
import { ReplayError } from '../explorer/strategies/replay.ts';
import type { Lasso } from '../explorer/lasso.ts';
import { lassoCounterexample, NotALasso, recordCounterexample, type Counterexample } from './counterexample.ts';
import { programOf, type RunConfig } from './run-config.ts';
import { decodeToken, encodeToken, resolveToken, TokenError, type TokenContent, type TokenExpectation, type TokenLasso } from './token.ts';
import { ENDLESS_STEP } from './workers/diagnose.ts';

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
  if (outcome.property === ENDLESS_STEP) return { content, report: endlessStep(content, monitors), diverged: null };
  if (content.lasso) return replayLasso(content, monitors);
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

/**
 * A unit's counterexample (found and shrunk elsewhere, perhaps in a worker thread) recorded again
 * from its token for a report; `original` is its size before shrinking, which the token does not hold.
 */
export function recordedCounterexample(ref: { readonly token: string; readonly original: RunSize | null }, monitors: (config: RunConfig) => readonly Monitor[]): Counterexample {
  const { report } = replayToken(ref.token, monitors);
  return { ...report, original: ref.original };
}

/**
 * A run whose step after `outcome.steps` never ended (a watchdog stopped it, run/workers/): replayed up
 * to that step only (running the step itself would hang this thread), with the step named as the
 * failure. The token stays the one recorded.
 */
function endlessStep(content: TokenContent, monitors: readonly Monitor[]): Counterexample {
  const { config, choices, outcome } = content;
  const prefix = { ...config, maxSteps: outcome.steps };
  // The recorded choices may go on into the step that hung: the prefix takes those it uses.
  const guided = runGuided(programOf(prefix), monitors, choices, { maxSteps: prefix.maxSteps });
  const report = recordCounterexample(prefix, guided.result.choices, null, guided.size, null, monitors, null);
  const message = `after step ${outcome.steps} the next step never reached a scheduling point: a loop with no kernel operation in it (a watchdog stopped the run; the replay stops before that step)`;
  const violations = [...report.violations, { property: ENDLESS_STEP, message, step: outcome.steps }];
  return { ...report, config, property: ENDLESS_STEP, violations, token: encodeToken({ config, choices, outcome }) };
}

/**
 * A livelock's token: its choices are run again, the lasso found in them is confirmed by running the
 * prefix and then the cycle many times (checking after every repetition that the state is the one the
 * cycle started from), and it must be the lasso the token was recorded with.
 */
function replayLasso(content: TokenContent, monitors: readonly Monitor[]): Replayed {
  const recorded = content.lasso as TokenLasso;
  let report: Counterexample;
  try {
    report = lassoCounterexample(content.config, content.choices, monitors);
  } catch (e) {
    if (e instanceof NotALasso) throw new TokenError(`the token does not replay to a lasso on ${content.config.impl}: its cycle no longer returns to the same state`);
    if (e instanceof ReplayError) throw new TokenError(`the token does not replay on ${content.config.impl}: ${e.message}`);
    throw e;
  }
  const found = report.lasso as Lasso;
  const same = found.prefixSteps === recorded.prefixSteps && found.cycleSteps === recorded.cycleSteps && found.prefixChoices === recorded.prefixChoices;
  const diverged = same
    ? null
    : `the recorded lasso has a prefix of ${recorded.prefixSteps} steps and a cycle of ${recorded.cycleSteps}, the replay finds ${found.prefixSteps} and ${found.cycleSteps}`;
  return { content, report, diverged };
}
