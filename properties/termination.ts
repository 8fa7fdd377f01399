/**
 * TERMINATION: an operation that runs alone or within one step never ends. The runtime reports it
 * (kernel/rt): a step that runs MAX_OPS_PER_STEP operations without reaching a scheduling point (no
 * other thread could change what it reads), setup or teardown reaching the execution's step limit
 * while running alone, and a sequential operation reaching its step limit. A run of several threads
 * that reaches the step limit is not this finding: another thread may be what keeps it going (a
 * livelock is reported only as a lasso). A step that never returns to the runtime at all (a loop with
 * no kernel operation) cannot be stopped from its own thread: the gate's watchdog stops the worker and
 * reports the same property (run/workers/diagnose.ts). Like BUG-FREE, the monitor has nothing to add.
 */
import { stateless, type PropertyDef } from './property.ts';

export const termination: PropertyDef = {
  id: 'TERMINATION',
  statement:
    'no operation loops forever on its own: a step always reaches its next scheduling point (counted by the runtime; a step with no kernel operation at all is stopped by the watchdog on worker threads), setup, teardown and sequential operations return or block',
  checkedAt: ['step'],
  runtime: true,
  create: () => stateless('TERMINATION'),
};
