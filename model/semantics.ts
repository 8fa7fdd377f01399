/**
 * A profile's model as one value: everything the linearizability check and the sequential check ask
 * of it. The refinements (v4.1, v6.17) are the seed's critical sections (steps.ts, plan*.ts, apply.ts)
 * with the version's differences; the contract is model/contract/.
 */
import { applyFor, initialState, stateKey } from './apply.ts';
import { contractApply, contractInitialState, contractStateKey, sizeOf, type ContractState } from './contract/apply.ts';
import { contractOnline } from './contract/online.ts';
import { contractPendingTails, contractPlan } from './contract/plan.ts';
import { contractAtInvocation, describeContractStep, type ContractStep } from './contract/steps.ts';
import { pendingTailsIn, planIn } from './plan.ts';
import { refinementOnline, type OnlineSupport } from './online.ts';
import type { Profile, Refinement } from './profile.ts';
import { atInvocation, describeStep, type Step } from './steps.ts';
import type { Elem, Inconsistent, ModelState, Observation } from './types.ts';

export interface Semantics<S extends ModelState = ModelState, St = unknown> {
  readonly profile: Profile;
  plan(obs: Observation): readonly St[] | Inconsistent;
  /** For a cut-off operation, what it may have done since its last call (always includes []). */
  pendingTails(obs: Observation): readonly (readonly St[])[] | Inconsistent;
  apply(s: S, step: St): S | Inconsistent;
  stateKey(s: S): string;
  /** Steps the linearizability search takes at their operation's invocation (see steps.ts). */
  atInvocation(step: St): boolean;
  describeStep(step: St): string;
  /** No pool, or a pool that already exists (a scenario's setup). */
  initialState(pool?: { readonly min_nr: number; readonly reserve: readonly Elem[] }): S;
  /** curr_nr of a state. */
  currNr(s: S): number;
  /**
   * Whether the implementation's reserve (bottom to top) is the model's: in order for a refinement
   * (which element comes out next is part of the version), as a set for the contract.
   */
  sameReserve(s: S, actual: readonly Elem[]): boolean;
  /**
   * A refinement knows the pool's own blocks exactly (struct and elements array, which call allocates
   * and frees each); the contract only that the pool frees whatever it allocated by the time it is
   * destroyed.
   */
  readonly exactBlocks: boolean;
  /** Whether the __GFP_ZERO warning (L207) is part of the profile (the sequential check compares warnings). */
  readonly warnsOnZero: boolean;
  /**
   * What checking linearizability as the history happens needs (model/online.ts, and
   * model/contract/online.ts); absent, a stateful search cannot cover LINEARIZABLE under this profile.
   */
  readonly online?: OnlineSupport<S, St>;
}

/** A profile's semantics with its state and step types hidden (what registries and checks hold). */
export type AnySemantics = Semantics<ModelState, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- each semantics is only ever given its own steps, which it produced

const inOrder = (s: ModelState, actual: readonly Elem[]): boolean => s.reserve.length === actual.length && s.reserve.every((e, i) => actual[i] === e);

function refinement(version: Refinement): Semantics<ModelState, Step> {
  return {
    profile: version,
    plan: (obs) => planIn(version, obs),
    pendingTails: (obs) => pendingTailsIn(version, obs),
    apply: applyFor(version),
    stateKey,
    atInvocation,
    describeStep,
    initialState,
    currNr: (s) => s.reserve.length,
    sameReserve: inOrder,
    exactBlocks: true,
    warnsOnZero: true,
    online: refinementOnline,
  };
}

const CONTRACT: Semantics<ContractState, ContractStep> = {
  profile: 'contract',
  plan: contractPlan,
  pendingTails: contractPendingTails,
  apply: contractApply,
  stateKey: contractStateKey,
  atInvocation: contractAtInvocation,
  describeStep: describeContractStep,
  initialState: contractInitialState,
  currNr: sizeOf,
  sameReserve: (s, actual) => s.reserve.length === actual.length && [...actual].sort((a, b) => a - b).every((e, i) => s.reserve[i] === e),
  exactBlocks: false,
  warnsOnZero: false,
  online: contractOnline,
};

const SEMANTICS: Readonly<Record<Profile, AnySemantics>> = {
  contract: CONTRACT as unknown as AnySemantics, // ContractState extends ModelState; its functions only ever see their own states
  'v4.1': refinement('v4.1'),
  'v6.17': refinement('v6.17'),
};

export const semanticsOf = (profile: Profile): AnySemantics => SEMANTICS[profile];
