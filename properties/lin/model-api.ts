/**
 * What the linearizability check needs from the model's vocabulary (model/types.ts), re-exported so
 * that the generic search depends on the model's types only here.
 */
export type { Inconsistent, Observation, ModelOp, AllocatorCall, Outcome, ModelState } from '../../model/types.ts';
export { isInconsistent } from '../../model/types.ts';
