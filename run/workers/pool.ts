/**
 * Runs gate units on worker threads (node:worker_threads): `--jobs N` threads take units in plan order,
 * so results do not depend on N. Each worker shares a buffer with a watchdog here (watch.ts): when a
 * busy worker's heartbeat stops for `watchdogSeconds`, the worker is terminated (an execution that
 * never yields cannot be stopped from inside its thread), the unit's outcome says what was stuck
 * (diagnose.ts), and a fresh worker takes the next unit. Ctrl-C is passed on to every busy worker.
 */
import { Worker } from 'node:worker_threads';
import type { PlanControl, UnitRunner } from '../gate/orchestrate.ts';
import type { UnitOutcome } from '../gate/outcome.ts';
import type { GateUnit } from '../gate/plan.ts';
import { stoppedByWatchdog } from './diagnose.ts';
import type { ToMain, ToWorker } from './protocol.ts';
import { IDLE, readWatch, watchBuffer, type WatchState } from './watch.ts';

export interface WorkerPoolOptions {
  readonly jobs: number;
  /** Seconds without a heartbeat before a busy worker is stopped. */
  readonly watchdogSeconds: number;
}

export const DEFAULT_WATCHDOG_SECONDS = 30;

const WATCH_EVERY_MS = 200;

/**
 * Where the worker's code is: the bundle's cli/worker.js (beside cli/main.js, or one folder over when
 * this module landed in a shared chunk, dist/chunks/), or the TypeScript sources.
 */
function workerEntry(): { boot: URL; entry: string; root: string | null } {
  const bundledRoot = (globalThis as { mempoolCheckRoot?: string }).mempoolCheckRoot;
  if (import.meta.url.endsWith('.ts')) return { boot: new URL('./boot.mjs', import.meta.url), entry: new URL('./worker-main.ts', import.meta.url).href, root: null };
  const root = bundledRoot ?? new URL('../../', import.meta.url).href;
  return { boot: new URL('run/workers/boot.mjs', root), entry: new URL(import.meta.url.includes('/chunks/') ? '../cli/worker.js' : './worker.js', import.meta.url).href, root };
}

/** A task for a worker: the message that starts it, and how its messages and its failures become its outcome. */
export interface WorkerTask<O> {
  readonly message: ToWorker;
  /** The task's outcome in a message from the worker; undefined for any other message (a line, a notice). */
  accept(m: ToMain): O | undefined;
  /** The watchdog stopped the worker: what was stuck. */
  stuck(state: WatchState, seconds: number): O;
  /** The worker died (an exception outside the task's own handling, or an exit). */
  failed(message: string): O;
  /** Called every WATCH_EVERY_MS while the task runs (the main thread's progress). */
  tick(): void;
  line(stream: 'out' | 'err', text: string): void;
}

/** One worker thread with its watchdog buffer; runs one task at a time. */
export class Slot {
  readonly buffer = watchBuffer();
  readonly worker: Worker;
  busy = false;

  constructor() {
    const { boot, entry, root } = workerEntry();
    // The main thread's Node options, but not those a worker refuses (`--input-type`: the main thread was `node -e`).
    const execArgv = process.execArgv.filter((a) => !a.startsWith('--input-type'));
    this.worker = new Worker(boot, { workerData: { entry, root, buffer: this.buffer }, execArgv });
  }

  /** Runs one task; resolves with its outcome and whether this worker can take another. */
  run<O>(task: WorkerTask<O>, watchdogSeconds: number): Promise<{ outcome: O; alive: boolean }> {
    // The watchdog's clock is the real one whatever clock the command was given.
    const now = (): number => performance.now();
    return new Promise((resolve) => {
      let lastBeats = -1;
      let lastAt = now();
      const done = (outcome: O, alive: boolean): void => {
        clearInterval(timer);
        this.worker.off('message', onMessage);
        this.worker.off('error', onError);
        this.worker.off('exit', onExit);
        this.busy = false;
        resolve({ outcome, alive });
      };
      const onMessage = (m: ToMain): void => {
        if (m.type === 'line') task.line(m.stream, m.text);
        const outcome = task.accept(m);
        if (outcome !== undefined) done(outcome, true);
      };
      const onError = (e: Error): void => done(task.failed(`the worker thread failed: ${e.message}`), false);
      const onExit = (code: number): void => done(task.failed(`the worker thread exited (code ${code}) before the task ended`), false);
      const timer = setInterval(() => {
        task.tick();
        const state = readWatch(this.buffer);
        const t = now();
        if (state.beats !== lastBeats || state.phase === IDLE) {
          lastBeats = state.beats;
          lastAt = t;
        } else if (t - lastAt > watchdogSeconds * 1000) {
          void this.worker.terminate();
          done(task.stuck(readWatch(this.buffer), watchdogSeconds), false);
        }
      }, WATCH_EVERY_MS);
      this.worker.on('message', onMessage);
      this.worker.on('error', onError);
      this.worker.on('exit', onExit);
      this.busy = true;
      this.worker.postMessage(task.message);
    });
  }
}

/** A gate unit as a worker task. */
function unitTask(unit: GateUnit, plan: PlanControl): WorkerTask<UnitOutcome> {
  const control = plan.control;
  return {
    message: { type: 'run', unit },
    accept: (m) => (m.type === 'outcome' ? m.outcome : undefined),
    stuck: (state, seconds) => stoppedByWatchdog(unit, state, seconds),
    failed: (message) => ({ kind: 'error', id: unit.id, index: unit.index, implementation: unit.impl, seconds: 0, unit: unit.id, message }),
    // The main thread's progress: how many units are done, which runs.
    tick: () => control.progress.update({ ...plan.progress(), task: unit.id }),
    line: (stream, text) => (stream === 'out' ? control.out(text) : plan.err(text)),
  };
}

/**
 * `lanes` lanes, each with a worker of its own (a fresh one after a worker died or was stopped), taking
 * items from `next` until it gives none; `run` runs one item on a lane's worker and says whether that
 * worker can take another. Ctrl-C or SIGTERM (the command's control took it) stops every busy worker at
 * its next boundary. The one dispatch loop of `--jobs`: gate units and fuzzing runs alike.
 */
export async function runOnLanes<I>(
  lanes: number,
  control: { whenStopped(listener: () => void): () => void },
  next: () => I | undefined,
  run: (slot: Slot, item: I) => Promise<boolean>,
): Promise<void> {
  const slots = new Set<Slot>();
  const cancel = control.whenStopped(() => {
    for (const s of slots) if (s.busy) s.worker.postMessage({ type: 'stop' } satisfies ToWorker);
  });
  const lane = async (): Promise<void> => {
    let slot: Slot | null = null;
    try {
      for (let item = next(); item !== undefined; item = next()) {
        if (slot === null) {
          slot = new Slot();
          slots.add(slot);
        }
        if (!(await run(slot, item))) {
          slots.delete(slot);
          slot = null;
        }
      }
    } finally {
      if (slot !== null) {
        slots.delete(slot);
        await slot.worker.terminate();
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, lanes) }, lane));
  } finally {
    cancel();
  }
}

export function workerPool(options: WorkerPoolOptions): UnitRunner {
  return {
    async run(units, plan) {
      const queue = [...units];
      await runOnLanes(
        Math.min(options.jobs, units.length),
        plan.control,
        () => (plan.control.stopped ? undefined : queue.shift()),
        async (slot, unit) => {
          const { outcome, alive } = await slot.run(unitTask(unit, plan), options.watchdogSeconds);
          plan.outcome(outcome);
          return alive;
        },
      );
    },
  };
}
