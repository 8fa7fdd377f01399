/**
 * Runs an exploration session in short slices, yielding to the event loop between them so that
 * Ctrl-C (stop at the next execution boundary, keep what was found) and throttled progress work.
 * The explorer owns no clock: the time limit is checked here, between executions.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { ExploreSession, SessionResult } from './session.ts';
import type { CommandIo } from './io.ts';

export interface RunOptions {
  /** Stop after this many seconds (null: no limit). */
  readonly timeLimit: number | null;
  /** Show progress on stderr (default: only when stderr is a terminal). */
  readonly progress: boolean;
  /** What the progress line says before the counts. */
  readonly label: string;
}

const SLICE_MS = 50;

export async function runInSlices<S>(session: ExploreSession<S>, io: CommandIo, options: RunOptions): Promise<SessionResult> {
  const now = io.now ?? ((): number => performance.now());
  const started = now();
  const deadline = options.timeLimit === null ? Infinity : started + options.timeLimit * 1000;
  const progress = new Progress(io, options, started, now);
  let interrupted = 0;
  const unsubscribe = io.onInterrupt?.(() => {
    interrupted += 1;
    if (interrupted === 1) {
      session.stop('interrupted');
      io.err('interrupted: stopping at the next execution boundary (Ctrl-C again to quit at once)');
    } else process.exit(130);
  });
  try {
    while (!session.finished) {
      const sliceEnd = Math.min(now() + SLICE_MS, deadline);
      let asked = 0;
      // The clock is read every 16 executions: cheap, and a slice still ends within milliseconds.
      session.runSlice(() => (++asked & 15) === 0 && now() >= sliceEnd);
      if (!session.finished && now() >= deadline) session.stop('time');
      progress.tick(session.executionCount, session.failureCount);
      if (!session.finished) await nextTurn();
    }
  } finally {
    unsubscribe?.();
    progress.clear();
  }
  return session.result();
}

/** A throttled progress line: at once, then on a terminal every half second, otherwise (--progress) every 5 s. */
class Progress {
  /** -Infinity: the first tick prints at once (a sign of life, and what tests wait for). */
  private last = -Infinity;
  private shown = false;

  constructor(
    private readonly io: CommandIo,
    private readonly options: RunOptions,
    private readonly started: number,
    private readonly now: () => number,
  ) {}

  private get enabled(): boolean {
    return this.options.progress || this.io.interactive === true;
  }

  tick(executions: number, failures: number): void {
    if (!this.enabled) return;
    const t = this.now();
    const every = this.io.interactive === true ? 500 : 5000;
    if (t - this.last < every) return;
    this.last = t;
    const text = `${this.options.label}: ${executions.toLocaleString('en-US')} executions, ${failures} failing, ${((t - this.started) / 1000).toFixed(0)} s`;
    if (this.io.interactive === true && this.io.status) {
      this.io.status(text);
      this.shown = true;
    } else this.io.err(text);
  }

  clear(): void {
    if (this.shown) this.io.status?.('');
  }
}
