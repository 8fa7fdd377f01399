/**
 * Which atomic steps an observed operation implies. `plan` is state-free: it checks the operation's
 * allocator calls against the seed's control flow (which calls, in which order, with which masks) and
 * turns them into steps whose preconditions apply() then checks against a state.
 */
import { match } from 'ts-pattern';
import type { Planned } from './calls.ts';
import { planAlloc } from './plan-alloc.ts';
import { planCreate, planDestroy, planFree } from './plan-pool.ts';
import { planResize } from './plan-resize.ts';
import type { Refinement } from './profile.ts';
import type { Step } from './steps.ts';
import { isInconsistent, type Inconsistent, type Observation } from './types.ts';

function planned(version: Refinement, obs: Observation): Planned | Inconsistent {
  const { calls, outcome } = obs;
  return match(obs.op)
    .with({ op: 'create' }, (o) => planCreate(version, o.min_nr, calls, outcome, o.gfp))
    .with({ op: 'alloc' }, (o) => planAlloc(o.gfp, calls, outcome))
    .with({ op: 'free' }, (o) => planFree(o.element, calls, outcome))
    .with({ op: 'resize' }, (o) => planResize(o.n, calls, outcome))
    .with({ op: 'destroy' }, () => planDestroy(calls, outcome))
    .exhaustive();
}

/**
 * The steps the observation implies, in order; for a `pending` operation, the steps it has certainly
 * taken (see pendingTails for what it may have done since).
 */
export function plan(obs: Observation): readonly Step[] | Inconsistent {
  return planIn('v4.1', obs);
}

/** `plan` under a refinement profile (v6.17 pre-fills max(1, min_nr) elements). */
export function planIn(version: Refinement, obs: Observation): readonly Step[] | Inconsistent {
  const p = planned(version, obs);
  return isInconsistent(p) ? p : p.steps;
}

/**
 * For a `pending` operation (cut off before it returned): the alternative step lists it may have taken
 * after `plan(obs)` without leaving a trace in its calls. Always contains the empty list. For an
 * operation that ended, `[[]]`.
 */
export function pendingTails(obs: Observation): readonly (readonly Step[])[] | Inconsistent {
  return pendingTailsIn('v4.1', obs);
}

export function pendingTailsIn(version: Refinement, obs: Observation): readonly (readonly Step[])[] | Inconsistent {
  const p = planned(version, obs);
  if (isInconsistent(p)) return p;
  return obs.outcome.kind === 'pending' ? p.tails : [[]];
}
