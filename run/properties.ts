/** Every property a gate row is judged on, with its statement: the registry's (those its profile checks), and the explorer's own. */
import { LIVELOCK } from '../explorer/lasso.ts';
import type { Profile } from '../model/profile.ts';
import { propertiesOf } from '../properties/registry.ts';
import { ENDLESS_STEP, ENDLESS_STEP_STATEMENT } from './workers/diagnose.ts';

export const LIVELOCK_STATEMENT =
  'no fair cycle of steps returns the world to the same state while no thread returns (a lasso: a prefix and a cycle that repeats forever, every thread enabled throughout it stepping in it); a run merely cut at the step bound is no finding but leaves the result incomplete';

/** The properties a run under `profile` checks (default v4.1, the seed's: all of them). */
export function checkedProperties(profile: Profile = 'v4.1'): { property: string; statement: string }[] {
  return [...propertiesOf(profile).map((p) => ({ property: p.id, statement: p.statement })), { property: LIVELOCK, statement: LIVELOCK_STATEMENT }, { property: ENDLESS_STEP, statement: ENDLESS_STEP_STATEMENT }];
}
