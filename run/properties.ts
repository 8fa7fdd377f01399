/** Every property a gate row is judged on, with its statement: the registry's, and the step bound. */
import { STEP_LIMIT } from '../explorer/execution.ts';
import type { Profile } from '../model/profile.ts';
import { propertiesOf } from '../properties/registry.ts';
import { ENDLESS_STEP, ENDLESS_STEP_STATEMENT } from './workers/diagnose.ts';

export const STEP_LIMIT_STATEMENT = 'every execution ends within its step bound (a longer run is a livelock or an unbounded loop)';

/** The properties a run under `profile` checks (default v4.1, the seed's: all of them). */
export function checkedProperties(profile: Profile = 'v4.1'): { property: string; statement: string }[] {
  return [...propertiesOf(profile).map((p) => ({ property: p.id, statement: p.statement })), { property: STEP_LIMIT, statement: STEP_LIMIT_STATEMENT }, { property: ENDLESS_STEP, statement: ENDLESS_STEP_STATEMENT }];
}
