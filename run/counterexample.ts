/**
 * A counterexample: a failing execution made small (schedule shrinking keeps the same property
 * failing), recorded with seed lines, with the token that replays it. Also what a replay produces,
 * so that replaying a token prints the same report the exploration printed.
 */
import { LIVELOCK, type Lasso } from '../explorer/lasso.ts';
import { findLasso, livelockViolation } from '../explorer/lasso-analysis.ts';
import type { EndKind, Monitor, Violation } from '../explorer/monitor.ts';
import type { Choices } from '../explorer/scheduler.ts';
import { runGuided, shrinkSchedule, type RunSize } from '../explorer/shrink.ts';
import { recordRun, type RecordedRun } from './record.ts';
import { seedSourceLine, type Site } from './sites.ts';
import { programOf, type RunConfig } from './run-config.ts';
import { encodeToken } from './token.ts';
import { weakFailureLines } from './weak.ts';

export interface Counterexample {
  readonly config: RunConfig;
  readonly choices: Choices;
  /** The property this counterexample is about (kept failing while shrinking); null for a replayed pass. */
  readonly property: string | null;
  /** Every violation of the reported run. */
  readonly violations: readonly Violation[];
  readonly end: EndKind;
  readonly size: RunSize;
  /** The run as first found, before shrinking (null when not shrunk). */
  readonly original: RunSize | null;
  /** Scenario before program shrinking, when it was shrunk. */
  readonly originalScenario: string | null;
  readonly token: string;
  readonly run: RecordedRun;
  /** Weak memory only: whether the failure needs it, and the stale reads of the run (report/weak.ts). */
  readonly weak: readonly string[];
  /**
   * A LIVELOCK's lasso: the recorded run is its prefix (steps up to `prefixSteps`) and one cycle (the
   * next `cycleSteps` steps), which repeats forever; confirmed by replay when this was made.
   */
  readonly lasso: Lasso | null;
}

export interface CounterexampleOptions {
  readonly monitors: readonly Monitor[];
  /** Shrink the schedule (default) or report the choices as they are. */
  readonly shrink: boolean;
  readonly maxShrinkRuns?: number;
  readonly originalScenario?: string | null;
}

/** Shrinks (unless told not to), records and names a failing execution. */
export function makeCounterexample(config: RunConfig, choices: Choices, property: string, options: CounterexampleOptions): Counterexample {
  if (property === LIVELOCK) return lassoCounterexample(config, choices, options.monitors, options.originalScenario ?? null);
  const program = programOf(config);
  const exec = { maxSteps: config.maxSteps };
  let final = choices;
  let size: RunSize;
  let original: RunSize | null = null;
  if (options.shrink) {
    const shrunk = shrinkSchedule(program, options.monitors, choices, property, exec, options.maxShrinkRuns);
    final = shrunk.choices;
    size = shrunk.size;
    original = shrunk.original;
  } else {
    size = runGuided(program, options.monitors, choices, exec).size;
  }
  return recordCounterexample(config, final, property, size, original, options.monitors, options.originalScenario ?? null);
}

export function recordCounterexample(
  config: RunConfig,
  choices: Choices,
  property: string | null,
  size: RunSize,
  original: RunSize | null,
  monitors: readonly Monitor[],
  originalScenario: string | null,
): Counterexample {
  const run = recordRun(programOf(config), choices, monitors, config.maxSteps);
  const violations = withBugSites(run);
  const failed = violations.some((v) => v.property === property) ? property : (violations[0]?.property ?? null);
  const token = encodeToken({ config, choices, outcome: { property: failed, steps: run.result.steps }, lasso: null });
  return {
    config,
    choices,
    property,
    violations,
    end: run.result.end,
    size,
    original,
    originalScenario,
    token,
    run,
    weak: failed === null ? [] : weakFailureLines(config, choices, failed, () => monitors),
    lasso: null,
  };
}

/** Thrown when recorded choices do not lead to the lasso they were recorded for. */
export class NotALasso extends Error {}

/**
 * A livelock's counterexample: the lasso its choices (a prefix and one cycle) lead to, found again and
 * confirmed by replaying the cycle (explorer/lasso-analysis.ts), recorded as prefix + one cycle. Not
 * shrunk: the lasso found first in a run is already its shortest way into the cycle that run saw.
 */
export function lassoCounterexample(config: RunConfig, choices: Choices, monitors: readonly Monitor[], originalScenario: string | null = null): Counterexample {
  const program = programOf(config);
  const lasso = findLasso(program, monitors, choices, config.maxSteps);
  if (lasso === null) throw new NotALasso('these choices lead to no confirmed lasso');
  const steps = lasso.prefixSteps + lasso.cycleSteps;
  const size = runGuided(program, monitors, lasso.choices, { maxSteps: steps }).size;
  const run = recordRun(program, lasso.choices, monitors, steps);
  const name = (tid: number): string => run.threadNames[tid] ?? `thread ${tid}`;
  const violation = livelockViolation(lasso, name);
  const token = encodeToken({
    config,
    choices: lasso.choices,
    outcome: { property: LIVELOCK, steps },
    lasso: { prefixChoices: lasso.prefixChoices, prefixSteps: lasso.prefixSteps, cycleSteps: lasso.cycleSteps },
  });
  return {
    config,
    choices: lasso.choices,
    property: LIVELOCK,
    violations: [violation],
    end: 'livelock',
    size,
    original: null,
    originalScenario,
    token,
    run,
    weak: [],
    lasso,
  };
}

/**
 * A BUG-FREE violation names the BUG_ON that fired: its statement and where it is (the runtime only
 * knows that a `bug` operation ran; the recorded run knows which statement issued it).
 */
function withBugSites(run: RecordedRun): Violation[] {
  return run.result.violations.map((v) => {
    if (v.property !== 'BUG-FREE') return v;
    const bug = run.events.findLast((e) => e.op.kind === 'bug' && (v.tid === undefined || e.tid === v.tid));
    if (bug === undefined || bug.site.label === null) return v;
    const what = bugStatement(bug.site);
    const fn = bug.site.fn === null ? '' : ` in ${bug.site.fn}`;
    return { ...v, message: `${v.message}: ${what} fired at ${bug.site.label}${fn}` };
  });
}

/** The statement as the C has it for the port (the seed's own line), else the implementation's source line. */
function bugStatement(site: Site): string {
  const seed = site.seedLine !== null && site.where?.startsWith('impl/') === true ? seedSourceLine(Number(site.seedLine.slice(1))) : null;
  const text = seed ?? site.statement?.replace(/\byield\* /g, '') ?? null;
  return text === null ? 'BUG_ON' : text.replace(/;?\s*(\/\/.*)?$/, '');
}

/** The command that replays a token from a clone of this repository. */
export const replayCommand = (token: string): string => `npm run mempool-check -- replay ${token}`;
