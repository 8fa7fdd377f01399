/**
 * TERMINATION: an operation that runs alone or within one step never ends. The runtime reports it
 * (kernel/rt): a step that runs MAX_OPS_PER_STEP operations without reaching a scheduling point (no
 * other thread could change what it reads), setup or teardown reaching the execution's step limit
 * while running alone, and a sequential operation reaching its step limit. A run of several threads
 * that reaches the step limit is not this finding: another thread may be what keeps it going (a
 * livelock is reported only as a lasso). Like BUG-FREE, the monitor has nothing to add.
 */
import type { PropertyDef } from './property.ts';

export const termination: PropertyDef = {
  id: 'TERMINATION',
  statement: 'no operation loops forever on its own: a step always reaches its next scheduling point, setup, teardown and sequential operations return or block',
  checkedAt: ['step'],
  runtime: true,
  create: () => ({ name: 'TERMINATION' }),
};
