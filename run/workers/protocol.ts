/** Messages between the main thread and a gate worker (structured clones of plain data). */
import type { UnitOutcome } from '../gate/outcome.ts';
import type { GateUnit } from '../gate/plan.ts';

export type ToWorker = { readonly type: 'run'; readonly unit: GateUnit } | { readonly type: 'stop' };

export type ToMain =
  | { readonly type: 'ready' }
  | { readonly type: 'line'; readonly stream: 'out' | 'err'; readonly text: string }
  | { readonly type: 'outcome'; readonly outcome: UnitOutcome };
