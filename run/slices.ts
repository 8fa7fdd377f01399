/**
 * Runs an exploration session in short slices, yielding to the event loop between them (run/control.ts)
 * so that Ctrl-C and SIGTERM (stop at the next execution boundary, keep what was found) and progress
 * work. The explorer owns no clock: the time limit is checked here, between executions, and so is
 * the heap (run/heap.ts): a search whose states fill it stops with what it found instead of dying.
 */
import type { RunControl } from './control.ts';
import type { ProgressFields } from './progress.ts';
import type { ExploreSession, SessionResult } from './session.ts';

export interface RunOptions {
  /** Stop after this many seconds (null: no limit). */
  readonly timeLimit: number | null;
  /** What runs (shown in progress after the command's label). */
  readonly task?: string;
  /** Where this run sits in the command's work (the gate's scenarios): progress shows the command's units. */
  readonly outer?: { readonly done: number; readonly total: number; readonly unit: string };
}

export async function runInSlices<S>(session: ExploreSession<S>, control: RunControl, options: RunOptions): Promise<SessionResult> {
  const started = control.now();
  const deadline = options.timeLimit === null ? Infinity : started + options.timeLimit * 1000;
  const cancel = control.whenStopped(() => session.stop('interrupted'));
  const fields = (): ProgressFields => ({
    ...(options.task === undefined ? {} : { task: options.task }),
    done: options.outer?.done ?? 0,
    total: options.outer?.total ?? null,
    unit: options.outer?.unit ?? '',
    work: session.executionCount,
    workUnit: 'executions',
    // A stateful search's size is its states: shown beside the runs it took to reach them.
    counts: session.stateCount === null ? [['failing', session.failureCount]] : [['states', session.stateCount], ['failing', session.failureCount]],
    deadline: options.outer === undefined && Number.isFinite(deadline) ? deadline : null,
  });
  try {
    while (!session.finished) {
      session.runSlice(() => control.sliceOver() || control.now() >= deadline);
      if (!session.finished && control.now() >= deadline) session.stop('time');
      if (!session.finished) await control.breathe(fields());
      // Read after the event loop turned: that is when collections are reported.
      if (!session.finished && control.heapFull()) session.stop('memory');
    }
  } finally {
    cancel();
  }
  control.progress.update(fields());
  return session.result();
}
