/**
 * What a watchdog outside a worker thread can see of the execution running inside it, through a
 * SharedArrayBuffer (readable even after the worker is terminated): a heartbeat per execution, the
 * phase (the implementation and the simulated kernel running, or the checker's own code), the step
 * count, the step bound, and the current execution's choices as they are made. Active only in a
 * worker (enableWatch); elsewhere the wrappers hand back what they were given.
 */
import type { Monitor } from '../../explorer/monitor.ts';
import type { Choices, ExecutionEnd, Scheduler, SchedulingView } from '../../explorer/scheduler.ts';
import type { ChoiceKind } from '../../kernel/rt/memory.ts';

const BEAT = 0;
const PHASE = 1;
const STEPS = 2;
const MAX_STEPS = 3;
const CHOICES = 4;
const EXECUTIONS = 5;
/** 0 in setup, 1 once the concurrent threads run, 2 once they have all returned (teardown). */
const STAGE = 6;
const HEADER = 7;
/** Choices kept per execution; an execution that makes more cannot be replayed from the buffer. */
const CAPACITY = 1 << 16;

export const PHASES = ['idle', 'the implementation (or the simulated kernel)', "the checker's own code (a monitor or the strategy)", 'shrinking or recording a counterexample', 'the sequential check'] as const;
export const IDLE = 0;
export const RUNNING = 1;
export const CHECKER = 2;
export const SHRINKING = 3;
export const SEQUENTIAL = 4;

export const watchBuffer = (): SharedArrayBuffer => new SharedArrayBuffer((HEADER + CAPACITY) * 4);

let cells: Int32Array | null = null;

export function enableWatch(buffer: SharedArrayBuffer): void {
  cells = new Int32Array(buffer);
}

/** A new unit: count its executions from 0. */
export function resetWatch(): void {
  if (cells !== null) cells[EXECUTIONS] = 0;
}

/** One heartbeat: the watchdog restarts its clock. */
export function beat(): void {
  if (cells !== null) Atomics.add(cells, BEAT, 1);
}

/** Sets the phase; returns the previous one. */
export function setPhase(phase: number): number {
  if (cells === null) return IDLE;
  const before = cells[PHASE] as number;
  cells[PHASE] = phase;
  return before;
}

export const SETUP = 0;
export const CONCURRENT = 1;
export const TEARDOWN = 2;

export interface WatchState {
  readonly beats: number;
  readonly executions: number;
  readonly stage: number;
  readonly phase: number;
  readonly steps: number;
  readonly maxSteps: number;
  /** The current execution's choices (null when there were more than the buffer holds). */
  readonly choices: Choices | null;
}

export function readWatch(buffer: SharedArrayBuffer): WatchState {
  const c = new Int32Array(buffer);
  const n = Atomics.load(c, CHOICES);
  const choices: Choices | null = n < 0 ? null : { kinds: [], values: [] };
  for (let i = 0; choices !== null && i < n; i++) {
    const code = c[HEADER + i] as number;
    choices.kinds.push(code & 1 ? 'v' : 't');
    choices.values.push(code >> 1);
  }
  return { beats: Atomics.load(c, BEAT), executions: Atomics.load(c, EXECUTIONS), stage: Atomics.load(c, STAGE), phase: Atomics.load(c, PHASE), steps: Atomics.load(c, STEPS), maxSteps: Atomics.load(c, MAX_STEPS), choices };
}

function record(c: Int32Array, kind: 0 | 1, value: number): void {
  const n = c[CHOICES] as number;
  if (n < 0) return;
  if (n >= CAPACITY) c[CHOICES] = -1;
  else {
    c[HEADER + n] = value * 2 + kind;
    c[CHOICES] = n + 1;
  }
}

/** The scheduler of an exploration, with its choices mirrored and its own work marked as the checker's. */
export function watchScheduler(inner: Scheduler, maxSteps: number): Scheduler {
  const c = cells;
  if (c === null) return inner;
  return {
    name: inner.name,
    beginExecution() {
      c[PHASE] = CHECKER;
      const more = inner.beginExecution();
      Atomics.add(c, BEAT, 1);
      c[EXECUTIONS] = (c[EXECUTIONS] as number) + 1;
      c[STAGE] = SETUP;
      c[STEPS] = 0;
      c[MAX_STEPS] = maxSteps;
      c[CHOICES] = 0;
      c[PHASE] = RUNNING;
      return more;
    },
    pickThread(enabled: readonly number[], view: SchedulingView) {
      c[PHASE] = CHECKER;
      const tid = inner.pickThread(enabled, view);
      record(c, 0, tid);
      c[PHASE] = RUNNING;
      return tid;
    },
    pickValue(n: number, kind: ChoiceKind) {
      c[PHASE] = CHECKER;
      const v = inner.pickValue(n, kind);
      record(c, 1, v);
      c[PHASE] = RUNNING;
      return v;
    },
    ...(inner.afterStep === undefined
      ? {}
      : {
          afterStep(tid: number, footprint: readonly number[], enabledBefore: readonly number[]) {
            c[PHASE] = CHECKER;
            inner.afterStep?.(tid, footprint, enabledBefore);
            c[PHASE] = RUNNING;
          },
        }),
    endExecution(end: ExecutionEnd) {
      c[PHASE] = CHECKER;
      inner.endExecution(end);
    },
    isComplete: () => inner.isComplete(),
    coverage: () => inner.coverage(),
    // The exploration starts over when the runtime refuted a fact a step merge rested on (kernel/rt/sharing.ts).
    ...(inner.restart === undefined ? {} : { restart: inner.restart.bind(inner) }),
  };
}

/**
 * The monitors between two of the watchdog's own: the first marks the monitors' calls as the checker's
 * (and beats, and counts steps), the last marks the implementation's turn again. Monitors are called in
 * list order at every point (start, each step, quiescence), so two calls per step mark them all.
 */
export function watchMonitors(monitors: readonly Monitor[]): Monitor[] {
  const c = cells;
  if (c === null) return [...monitors];
  // The phase the monitors interrupt: the implementation's (exploring), or shrinking (guided runs).
  let outside = RUNNING;
  const enter = (): void => {
    const phase = c[PHASE] as number;
    if (phase !== CHECKER) outside = phase;
    c[PHASE] = CHECKER;
  };
  const first: Monitor = {
    name: 'watchdog-heartbeat',
    start(ctx) {
      Atomics.add(c, BEAT, 1);
      c[STEPS] = ctx.kernel.steps;
      c[STAGE] = CONCURRENT;
      enter();
      return null;
    },
    afterStep(ctx) {
      enter();
      c[STEPS] = ctx.kernel.steps;
      // Teardown runs once every thread has returned: a hang there is not in a concurrent step.
      let running = false;
      for (const t of ctx.kernel.threads) if (t.status === 'ready') running = true;
      if (!running) c[STAGE] = TEARDOWN;
      return null;
    },
    atQuiescence() {
      enter();
      return null;
    },
    atEnd() {
      enter();
      return [];
    },
    // No state of its own: a stateful search's copy is itself. A copy is made mid-run (a run continued
    // from a saved state starts there, without `start`): that is the concurrent part.
    fork() {
      Atomics.add(c, BEAT, 1);
      c[STAGE] = CONCURRENT;
      return first;
    },
  };
  const last: Monitor = {
    name: 'watchdog-implementation-turn',
    start() {
      c[PHASE] = outside;
      return null;
    },
    afterStep() {
      c[PHASE] = outside;
      return null;
    },
    atQuiescence() {
      c[PHASE] = outside;
      return null;
    },
    fork: () => last,
  };
  return [first, ...monitors, last];
}
