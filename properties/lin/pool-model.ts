/**
 * The model as the linearizability check uses it: the generic search's {apply, stateKey}, plus `plan`
 * (observation -> steps), `pendingTails` (what a cut-off operation may have done since its last call)
 * and the state of a pool that already exists (the scenario's setup ran before the threads started).
 * One per profile (model/semantics.ts): the contract, or a refinement.
 */
import {
  apply,
  atInvocation,
  initialState,
  pendingTails,
  plan,
  semanticsOf,
  stateKey,
  type AnySemantics,
  type ModelState,
  type Profile,
  type Step,
} from '../../model/index.ts';
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

/** The semantics' own functions, unwrapped (apply and stateKey run in the search's inner loop). */
function poolModelOf(sem: AnySemantics): PoolModel<unknown, unknown> {
  const m: PoolModel<ModelState, unknown> = {
    plan: sem.plan,
    pendingTails: sem.pendingTails,
    atInvocation: sem.atInvocation,
    apply: sem.apply,
    stateKey: sem.stateKey,
    initial: (pool) => sem.initialState({ min_nr: pool.min_nr, reserve: pool.reserve }),
  };
  return m as PoolModel<unknown, unknown>; // the search hands apply only the states it produced
}

/** The seed's model (v4.1), typed with its own state and steps. */
export const referenceModel: PoolModel<ModelState, Step> = {
  plan,
  pendingTails,
  atInvocation,
  apply,
  stateKey,
  initial: (pool) => initialState({ min_nr: pool.min_nr, reserve: pool.reserve }),
};

const MODELS = new Map<Profile, PoolModel<unknown, unknown>>([['v4.1', referenceModel as PoolModel<unknown, unknown>]]);

/** The linearizability model of a profile (built once). */
export function linModelOf(profile: Profile): PoolModel<unknown, unknown> {
  let m = MODELS.get(profile);
  if (m === undefined) {
    m = poolModelOf(semanticsOf(profile));
    MODELS.set(profile, m);
  }
  return m;
}
