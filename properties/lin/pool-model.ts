/**
 * The model as the linearizability check uses it: the generic search's {apply, stateKey}, plus `plan`
 * (observation -> steps), `pendingTails` (what a cut-off operation may have done since its last call)
 * and the state of a pool that already exists (the scenario's setup ran before the threads started).
 */
import { apply, atInvocation, initialState, pendingTails, plan, stateKey, type ModelState, type Step } from '../../model/index.ts';
import type { PoolSnapshot } from '../../impl/pool-impl.ts';
import type { Inconsistent, Observation } from './model-api.ts';
import type { LinModel } from './search.ts';

export interface PoolModel<S, Step> extends LinModel<S, Step> {
  plan(obs: Observation): readonly Step[] | Inconsistent;
  /** Alternatives a pending operation may have appended to its plan; always includes []. */
  pendingTails?(obs: Observation): readonly (readonly Step[])[] | Inconsistent;
  /** Steps the search may take at their operation's invocation (a leading run of them; see LinOp.atInvoke). */
  atInvocation?(step: Step): boolean;
  initial(pool: PoolSnapshot): S;
}

export const referenceModel: PoolModel<ModelState, Step> = {
  plan,
  pendingTails,
  atInvocation,
  apply,
  stateKey,
  initial: (pool) => initialState({ min_nr: pool.min_nr, reserve: pool.reserve }),
};
