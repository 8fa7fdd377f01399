/** Every property a gate row is judged on, with its statement: the registry's, and the step bound. */
import { STEP_LIMIT } from '../explorer/execution.ts';
import { PROPERTIES } from '../properties/registry.ts';
import { ENDLESS_STEP, ENDLESS_STEP_STATEMENT } from './workers/diagnose.ts';

export const STEP_LIMIT_STATEMENT = 'every execution ends within its step bound (a longer run is a livelock or an unbounded loop)';

export function checkedProperties(): { property: string; statement: string }[] {
  return [...[...PROPERTIES.values()].map((p) => ({ property: p.id, statement: p.statement })), { property: STEP_LIMIT, statement: STEP_LIMIT_STATEMENT }, { property: ENDLESS_STEP, statement: ENDLESS_STEP_STATEMENT }];
}
