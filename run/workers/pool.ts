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
import { IDLE, readWatch, watchBuffer } from './watch.ts';

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

class Slot {
  readonly buffer = watchBuffer();
  readonly worker: Worker;
  busy = false;

  constructor() {
    const { boot, entry, root } = workerEntry();
    this.worker = new Worker(boot, { workerData: { entry, root, buffer: this.buffer } });
  }

  /** Runs one unit; resolves with its outcome and whether this worker can take another. */
  run(unit: GateUnit, plan: PlanControl, watchdogSeconds: number): Promise<{ outcome: UnitOutcome; alive: boolean }> {
    const control = plan.control;
    // The watchdog's clock is the real one whatever clock the command was given.
    const now = (): number => performance.now();
    return new Promise((resolve) => {
      let lastBeats = -1;
      let lastAt = now();
      const done = (outcome: UnitOutcome, alive: boolean): void => {
        clearInterval(timer);
        this.worker.off('message', onMessage);
        this.worker.off('error', onError);
        this.worker.off('exit', onExit);
        this.busy = false;
        resolve({ outcome, alive });
      };
      const failed = (message: string): UnitOutcome => ({ kind: 'error', id: unit.id, index: unit.index, implementation: unit.impl, seconds: 0, unit: unit.id, message });
      const onMessage = (m: ToMain): void => {
        if (m.type === 'line') (m.stream === 'out' ? (line: string) => control.out(line) : (line: string) => plan.err(line))(m.text);
        else if (m.type === 'outcome') done(m.outcome, true);
      };
      const onError = (e: Error): void => done(failed(`the worker thread failed: ${e.message}`), false);
      const onExit = (code: number): void => done(failed(`the worker thread exited (code ${code}) before the unit ended`), false);
      const timer = setInterval(() => {
        // The main thread's progress: how many units are done, which runs.
        control.progress.update({ ...plan.progress(), task: unit.id });
        const state = readWatch(this.buffer);
        const t = now();
        if (state.beats !== lastBeats || state.phase === IDLE) {
          lastBeats = state.beats;
          lastAt = t;
        } else if (t - lastAt > watchdogSeconds * 1000) {
          void this.worker.terminate();
          done(stoppedByWatchdog(unit, readWatch(this.buffer), watchdogSeconds), false);
        }
      }, WATCH_EVERY_MS);
      this.worker.on('message', onMessage);
      this.worker.on('error', onError);
      this.worker.on('exit', onExit);
      this.busy = true;
      this.worker.postMessage({ type: 'run', unit } satisfies ToWorker);
    });
  }
}

export function workerPool(options: WorkerPoolOptions): UnitRunner {
  return {
    async run(units, plan) {
      const queue = [...units];
      const slots = new Set<Slot>();
      // Ctrl-C or SIGTERM (the command's control took it): every busy worker stops at its next boundary.
      const cancel = plan.control.whenStopped(() => {
        for (const s of slots) if (s.busy) s.worker.postMessage({ type: 'stop' } satisfies ToWorker);
      });
      const lane = async (): Promise<void> => {
        let slot: Slot | null = null;
        try {
          for (let unit = queue.shift(); unit !== undefined && !plan.control.stopped; unit = queue.shift()) {
            if (slot === null) {
              slot = new Slot();
              slots.add(slot);
            }
            const { outcome, alive } = await slot.run(unit, plan, options.watchdogSeconds);
            plan.outcome(outcome);
            if (!alive) {
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
        await Promise.all(Array.from({ length: Math.max(1, Math.min(options.jobs, units.length)) }, lane));
      } finally {
        cancel();
      }
    },
  };
}
