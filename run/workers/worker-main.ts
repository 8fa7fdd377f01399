/**
 * A worker thread of the gate: runs the units it is sent (run/gate/unit.ts) and posts their outcomes.
 * Its lines go to the main thread, which shows the progress of the units; a `stop` message is Ctrl-C
 * (stop at the next execution boundary). A watchdog in the main thread reads this thread's heartbeat
 * from the shared buffer (watch.ts) and terminates it when an execution stops making progress.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { NondeterminismError } from '../../explorer/scheduler.ts';
import { ensureImplLoaded } from '../../impl/resolve.ts';
import { RunControl } from '../control.ts';
import { errorText, runGuarded } from '../gate/orchestrate.ts';
import type { UnitOutcome } from '../gate/outcome.ts';
import type { GateUnit } from '../gate/plan.ts';
import type { CommandIo } from '../io.ts';
import { enableWatch, IDLE, resetWatch, setPhase } from './watch.ts';
import type { ToMain, ToWorker } from './protocol.ts';
import { runFuzzTask, type FuzzTask } from './fuzz-task.ts';

const port = parentPort;
if (port === null) throw new Error('worker-main.ts runs only as a worker thread');
const data = workerData as { buffer: SharedArrayBuffer };
enableWatch(data.buffer);

const post = (m: ToMain): void => port.postMessage(m);
const handlers = new Set<() => void>();
let stopped = false;
const io: CommandIo = {
  out: (text) => post({ type: 'line', stream: 'out', text }),
  // The main thread's control already acknowledged the signal: a worker's own acknowledgement is noise.
  err: (text) => {
    if (!/^(interrupted|terminated \(SIGTERM\)): stopping at the next boundary/.test(text)) post({ type: 'line', stream: 'err', text });
  },
  progressStyle: 'off',
  onInterrupt(handler) {
    handlers.add(handler);
    // A stop that came between two units stops the next one at once.
    if (stopped) queueMicrotask(() => handler());
    return () => handlers.delete(handler);
  },
  now: () => performance.now(),
};

port.on('message', (m: ToWorker) => {
  if (m.type === 'stop') {
    stopped = true;
    for (const h of [...handlers]) h();
  } else if (m.type === 'fuzz') void fuzzTask(m.task);
  else void run(m.unit);
});

async function fuzzTask(task: FuzzTask): Promise<void> {
  resetWatch();
  const control = new RunControl(io, { label: `fuzz ${task.index}`, style: 'off' });
  try {
    await ensureImplLoaded(task.impl, { typecheck: false });
    const part = await runFuzzTask(task, control, (config) => post({ type: 'exploring', config }));
    setPhase(IDLE);
    post({ type: 'fuzz-outcome', part, error: null });
  } catch (e) {
    setPhase(IDLE);
    post({ type: 'fuzz-outcome', part: null, error: errorText(e), ...(e instanceof NondeterminismError ? { nondeterministic: true as const } : {}) });
  } finally {
    control.finish();
  }
}

async function run(unit: GateUnit): Promise<void> {
  resetWatch();
  const control = new RunControl(io, { label: unit.id, style: 'off' });
  try {
    // A file or C implementation was loaded (and type-checked) by the main thread into its own
    // registry; this thread loads it into its own once (a changed file is refused by its hash).
    const loaded = await loadedImpl(unit);
    const outcome = loaded ?? (await runGuarded(unit, control));
    setPhase(IDLE);
    post({ type: 'outcome', outcome });
  } finally {
    control.finish();
  }
}

/** Loads the unit's implementation into this thread's registry; an outcome saying why it could not, or null. */
async function loadedImpl(unit: GateUnit): Promise<UnitOutcome | null> {
  try {
    await ensureImplLoaded(unit.impl, { typecheck: false });
    return null;
  } catch (e) {
    return { kind: 'error', id: unit.id, index: unit.index, implementation: unit.impl, seconds: 0, unit: unit.id, message: `the worker could not load ${unit.impl}: ${errorText(e)}` };
  }
}

post({ type: 'ready' });
