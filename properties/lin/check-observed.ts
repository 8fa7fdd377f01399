/** The offline linearizability verdict on an observed history (what LINEARIZABLE's monitor asks at the end of a run). */
import { isInconsistent } from './model-api.ts';
import type { ObservedOp } from './observations.ts';
import type { PoolModel } from './pool-model.ts';
import { checkLinearizable, type LinOp, type LinVerdict } from './search.ts';

/**
 * The verdict on a history: every operation planned, then the search; a pending operation's optional
 * tails are tried in turn. `planOf` may memoise the model's plans.
 */
export function checkObserved<S, Step>(
  model: PoolModel<S, Step>,
  observed: readonly ObservedOp[],
  initial: S,
  budget: number,
  planOf: (o: ObservedOp) => ReturnType<PoolModel<S, Step>['plan']> = (o) => model.plan(o.observation),
): LinVerdict {
  const base: LinOp<Step>[] = [];
  const tails: (readonly (readonly Step[])[])[] = [];
  for (const o of observed) {
    const steps = planOf(o);
    if (isInconsistent(steps)) return { verdict: 'violation', explored: 0, reason: `the model cannot explain ${o.label()}: ${steps.reason}` };
    const t = o.returnAt === null && model.pendingTails ? model.pendingTails(o.observation) : [[]];
    if (isInconsistent(t)) return { verdict: 'violation', explored: 0, reason: `the model cannot explain ${o.label()}: ${t.reason}` };
    base.push({ steps, invokeAt: o.invokeAt, returnAt: o.returnAt, required: steps.length, atInvoke: atInvokeCount(model, steps), label: () => o.label() });
    tails.push(t.filter((x) => x.length > 0));
  }
  let result = checkLinearizable(model, initial, base, budget);
  if (result.verdict !== 'violation' || tails.every((t) => t.length === 0)) return result;
  let explored = result.explored;
  // Cut-off operations may have done more than their calls show: try each combination of tails.
  for (const combo of combinations(tails)) {
    if (result.verdict !== 'violation') break;
    const ops = base.map((op, i) => (combo[i] === undefined ? op : { ...op, steps: [...op.steps, ...(combo[i] as readonly Step[])] }));
    const next = checkLinearizable(model, initial, ops, Math.max(0, budget - explored));
    explored += next.explored;
    result = next.verdict === 'violation' ? { ...result, explored } : { ...next, explored };
  }
  return result;
}

/** How many leading steps the model lets the search take at the invocation. */
function atInvokeCount<S, Step>(model: PoolModel<S, Step>, steps: readonly Step[]): number {
  const at = model.atInvocation;
  if (at === undefined) return 0;
  let k = 0;
  while (k < steps.length && at(steps[k] as Step)) k += 1;
  return k;
}

/** Every way of picking at most one tail per operation, except picking none. */
function* combinations<T>(choices: readonly (readonly T[])[]): Generator<(T | undefined)[]> {
  const pick: (T | undefined)[] = choices.map(() => undefined);
  function* rec(i: number, any: boolean): Generator<(T | undefined)[]> {
    if (i === choices.length) {
      if (any) yield pick.slice();
      return;
    }
    yield* rec(i + 1, any);
    for (const c of choices[i] as readonly T[]) {
      pick[i] = c;
      yield* rec(i + 1, true);
      pick[i] = undefined;
    }
  }
  yield* rec(0, false);
}

