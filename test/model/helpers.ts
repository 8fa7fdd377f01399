/** Building observations by hand for the model tests. */
import type { AllocatorCall, Elem, Observation, Outcome, Step } from '../../model/index.ts';
import { isInconsistent, plan } from '../../model/index.ts';
import { __GFP_ZERO } from '../../model/gfp.ts';

export const elemAlloc = (gfp: number, result: Elem): AllocatorCall => ({ call: 'alloc', cls: 'element', gfp, result });
export const metaAlloc = (gfp: number, result: Elem): AllocatorCall => ({ call: 'alloc', cls: 'meta', gfp, result });
export const elemFree = (ptr: Elem): AllocatorCall => ({ call: 'free', cls: 'element', ptr });
export const metaFree = (ptr: Elem): AllocatorCall => ({ call: 'free', cls: 'meta', ptr });
/** The pool struct's allocation: kzalloc_node, whose mask the model reads with __GFP_ZERO (kmalloc_node with it). */
export const poolStruct = (gfp: number, result: Elem): AllocatorCall => metaAlloc(gfp | __GFP_ZERO, result);

export const returned = (value: number): Outcome => ({ kind: 'returned', value });
export const BLOCKED: Outcome = { kind: 'blocked' };
export const BUG: Outcome = { kind: 'bug' };
export const PENDING: Outcome = { kind: 'pending' };

/** The steps of an observation the model must accept. */
export function stepsOf(obs: Observation): readonly Step[] {
  const steps = plan(obs);
  if (isInconsistent(steps)) throw new Error(`model refused: ${steps.reason}`);
  return steps;
}

/** The reason the model refuses an observation (fails if it accepts). */
export function refusal(obs: Observation): string {
  const steps = plan(obs);
  if (!isInconsistent(steps)) throw new Error(`model accepted: ${JSON.stringify(steps)}`);
  return steps.reason;
}
