/** The reference models of mm/mempool.c: the contract and the refinement profiles (v4.1, v6.17). Pure: imports nothing of ours. */
export * from './types.ts';
export type { Step, StepKind } from './steps.ts';
export { atInvocation, describeStep } from './steps.ts';
export { apply, currNr, initialState, stateKey } from './apply.ts';
export { plan, pendingTails } from './plan.ts';
export { callText, outcomeText } from './calls.ts';
export * from './gfp.ts';
export type { World, WorldStep } from './world.ts';
export { expectedLive, expectedLiveIn, initialWorld, stepWorld, stepWorldIn } from './world.ts';
export { applyFor, applyIn } from './apply.ts';
export { planIn, pendingTailsIn } from './plan.ts';
export * from './profile.ts';
export { semanticsOf, type AnySemantics, type Semantics } from './semantics.ts';
export type { ContractState } from './contract/apply.ts';
export type { ContractStep, ContractStepKind } from './contract/steps.ts';
export { describeContractStep } from './contract/steps.ts';
