/** The reference model of mm/mempool.c (v4.1). Pure: imports nothing of ours. */
export * from './types.ts';
export type { Step, StepKind } from './steps.ts';
export { atInvocation, describeStep } from './steps.ts';
export { apply, currNr, initialState, stateKey } from './apply.ts';
export { plan, pendingTails } from './plan.ts';
export { callText, outcomeText } from './calls.ts';
export * from './gfp.ts';
export type { World, WorldStep } from './world.ts';
export { expectedLive, initialWorld, stepWorld } from './world.ts';
