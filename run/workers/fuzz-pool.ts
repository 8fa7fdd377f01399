/**
 * `fuzz --jobs N`: the run indices of a fuzzing run handed out in order to N worker threads, one random
 * scenario per task. Once a scenario fails no later index is started (one run would have stopped
 * there); the indices before it all run, so the combination (run/fuzz-parts.ts) is the one run's
 * result whatever N is. The watchdog stops a worker whose execution makes no progress: a hang inside a
 * concurrent step is that scenario's TERMINATION finding, with a token that replays up to the step.
 */
import type { RunControl } from '../control.ts';
import { combineParts, totals, type FuzzPart } from '../fuzz-parts.ts';
import type { FuzzRange } from '../fuzz.ts';
import type { RunConfig } from '../run-config.ts';
import { encodeToken } from '../token.ts';
import { ENDLESS, WATCHDOG_OUTCOME } from './diagnose.ts';
import { runFuzzTask, type FuzzTask } from './fuzz-task.ts';
import { runOnLanes, type Slot, type WorkerTask } from './pool.ts';
import { CONCURRENT, PHASES, RUNNING, SETUP, type WatchState } from './watch.ts';

export interface FuzzPoolOptions {
  readonly jobs: number;
  readonly watchdogSeconds: number;
  /** Asked before each scenario: true starts no more (the caller's clock). */
  readonly outOfTime: () => boolean;
  /** Clock reading at which no further scenario starts (progress shows the time left), or null. */
  readonly deadline: number | null;
  /** A worker's line on stderr, clear of the progress bar. */
  readonly err: (line: string) => void;
}

/** A task's result: its part, or the checker's own failure (an internal error). */
type TaskOutcome = { readonly part: FuzzPart } | { readonly error: string; readonly nondeterministic?: true };

export async function fuzzOnWorkers(settings: Omit<FuzzTask, 'index'>, range: FuzzRange, options: FuzzPoolOptions, control: RunControl): Promise<FuzzPart> {
  const parts: FuzzPart[] = [];
  const errors: string[] = [];
  /** A run index whose implementation ran differently on the same schedule (bad input, diagnosed in this thread). */
  let diverged: number | null = null;
  let next = range.from;
  let failedAt = Infinity;
  let stoppedByTime = false;
  /** The run index each busy worker explores. */
  const running = new Map<Slot, number>();
  const progress = (): void => {
    const t = totals(combineParts(range, parts));
    const counts: [string, number][] = settings.newOnly ? [['failures skipped as shared with the port', t.sharedSkipped]] : [];
    control.progress.update({ done: t.scenarios, total: range.to - range.from, unit: 'scenarios', work: t.executions, workUnit: 'executions', counts, deadline: options.deadline });
  };
  const nextIndex = (): number | undefined => {
    if (!(next < range.to && next < failedAt && !control.stopped && errors.length === 0)) return undefined;
    if (options.outOfTime()) {
      stoppedByTime = true;
      return undefined;
    }
    return next++;
  };
  await runOnLanes(Math.min(options.jobs, range.to - range.from), control, nextIndex, async (slot, index) => {
    running.set(slot, index);
    const { outcome, alive } = await slot.run(fuzzTask({ ...settings, index }, control, options.err, progress), options.watchdogSeconds);
    running.delete(slot);
    if ('error' in outcome) {
      errors.push(`random scenario ${index + 1}: ${outcome.error}`);
      if (outcome.nondeterministic === true) diverged ??= index;
    } else {
      parts.push(outcome.part);
      if (outcome.part.failure !== null && index < failedAt) {
        failedAt = index;
        // One run would never have drawn the scenarios after this one: their workers stop (their parts are dropped).
        for (const [s, i] of running) if (i > index) s.worker.postMessage({ type: 'stop' });
      }
    }
    return alive;
  });
  // Run again here, the divergence's NondeterminismError goes to the command's diagnosis (exit 2), as in one thread.
  if (diverged !== null) await runFuzzTask({ ...settings, index: diverged }, control, () => {});
  if (errors.length > 0) throw new Error(errors[0]);
  const kept = parts.filter((p) => p.range.from <= failedAt);
  const whole = combineParts(range, kept);
  return { ...whole, stoppedByTime: whole.stoppedByTime || (stoppedByTime && whole.failure === null), interrupted: whole.interrupted || control.stopped };
}

function fuzzTask(task: FuzzTask, control: RunControl, err: (line: string) => void, progress: () => void): WorkerTask<TaskOutcome> {
  let exploring: RunConfig | null = null;
  return {
    message: { type: 'fuzz', task },
    accept(m) {
      if (m.type === 'exploring') exploring = m.config;
      if (m.type !== 'fuzz-outcome') return undefined;
      return m.part === null ? { error: m.error ?? 'no result', ...(m.nondeterministic === true ? { nondeterministic: true as const } : {}) } : { part: m.part };
    },
    stuck: (state, seconds) => stuckPart(task, exploring, state, seconds),
    failed: (message) => ({ error: message }),
    tick: progress,
    line: (stream, text) => (stream === 'out' ? control.out(text) : err(text)),
  };
}

/**
 * The watchdog stopped the worker. Stuck in the implementation during a concurrent step of a scenario's
 * exploration: its TERMINATION finding (not shrunk: shrinking would hang again). Anywhere else (setup,
 * teardown, the checker's own code) there is no run to replay: an error naming where it was.
 */
function stuckPart(task: FuzzTask, config: RunConfig | null, state: WatchState, seconds: number): TaskOutcome {
  const where = `no progress for ${seconds} s in ${PHASES[state.phase] ?? 'an unknown phase'}`;
  // Stuck in the checker's own code: an internal error, not the implementation's finding.
  if (config === null || state.phase !== RUNNING) return { error: `the watchdog stopped the worker: ${where} (execution ${state.executions})` };
  const index = task.index;
  // Only a concurrent step can be replayed up to where it hangs (the replay stops before it).
  const replayable = state.stage === CONCURRENT && state.choices !== null;
  const token = replayable && state.choices !== null ? encodeToken({ config: { ...config, maxSteps: state.maxSteps }, choices: state.choices, outcome: { property: WATCHDOG_OUTCOME, steps: state.steps } }) : null;
  const stage = state.stage === SETUP ? 'in setup (mempool_create or the prefix)' : state.stage === CONCURRENT ? `in the step after step ${state.steps} (more choices than the watchdog keeps)` : 'in teardown (the final mempool_destroy)';
  const stuck = token === null ? { note: `${where}, ${stage} of ${config.scenario.name} on ${config.impl}: no run to replay`, memory: config.memory, timeouts: config.timeouts } : null;
  return {
    part: {
      range: { from: index, to: index + 1 },
      tallies: [{ index, executions: state.executions, shared: false }],
      stoppedByTime: false,
      interrupted: false,
      failure: { index, property: ENDLESS, shrinkSteps: 0, original: config.scenario, originalText: null, token, size: null, onPort: null, stuck },
    },
  };
}
