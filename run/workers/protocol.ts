/** Messages between the main thread and a worker thread (structured clones of plain data). */
import type { UnitOutcome } from '../gate/outcome.ts';
import type { GateUnit } from '../gate/plan.ts';
import type { FuzzPart } from '../fuzz-parts.ts';
import type { RunConfig } from '../run-config.ts';
import type { FuzzTask } from './fuzz-task.ts';

export type ToWorker = { readonly type: 'run'; readonly unit: GateUnit } | { readonly type: 'fuzz'; readonly task: FuzzTask } | { readonly type: 'stop' };

export type ToMain =
  | { readonly type: 'ready' }
  | { readonly type: 'line'; readonly stream: 'out' | 'err'; readonly text: string }
  | { readonly type: 'outcome'; readonly outcome: UnitOutcome }
  /** A fuzz task's result, or the checker's own failure on it (an internal error: its message). */
  | { readonly type: 'fuzz-outcome'; readonly part: FuzzPart | null; readonly error: string | null; readonly nondeterministic?: true }
  /** A fuzz task starts exploring a scenario (what the watchdog names if it hangs). */
  | { readonly type: 'exploring'; readonly config: RunConfig };
