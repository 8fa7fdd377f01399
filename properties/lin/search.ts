/**
 * Linearizability of a history of multi-step operations (Wing & Gong, with Lowe's just-in-time
 * configurations and memoisation), generic over the model.
 *
 * Each operation is explained by the model as a list of atomic steps (`plan`). A linearization places
 * every step of every completed operation at one instant between that operation's invocation and its
 * return, in the operation's order, such that each step is allowed in the state the previous ones left
 * (`apply`). Operations that never returned may have taken any prefix of their steps beyond the ones they
 * certainly took (`required`: what their allocator calls prove, or, for one asleep for good, everything
 * it observed before sleeping).
 *
 * The search sweeps the history in real-time order, keeping the set of configurations (model state,
 * steps taken by each operation in flight), deduplicated by `stateKey` and progress. Before a return,
 * the set is closed under steps of the operations in flight, then cut to those where the returning
 * operation is done. An operation's `atInvoke` steps are taken at its invocation, in every
 * configuration. The number of applied steps is budgeted: past it the answer is `unknown`.
 */
import { isInconsistent, type Inconsistent } from './model-api.ts';

export interface LinModel<S, Step> {
  apply(state: S, step: Step): S | Inconsistent;
  stateKey(state: S): string;
}

export interface LinOp<Step> {
  /** Steps the model says explain the operation. */
  readonly steps: readonly Step[];
  /** Positions in the history (any increasing numbering of events). */
  readonly invokeAt: number;
  /** null: it never returned. */
  readonly returnAt: number | null;
  /**
   * For an operation that never returned: how many of its steps must have happened by the end (the
   * rest it may or may not have taken). Ignored for operations that returned: all of theirs did.
   */
  readonly required: number;
  /**
   * How many of its first steps are taken at its invocation (default none), as early as the history
   * allows: before every step the configurations at hand have not taken yet. Only for steps that the
   * model guarantees no later placement explains more with (model/steps.ts, `atInvocation`): the
   * search then need not try the later placements.
   */
  readonly atInvoke?: number;
  /** For messages, e.g. `T2 alloc(GFP_KERNEL) -> e0.1` (built only when a message needs it). */
  readonly label: () => string;
}

export type LinVerdict =
  | { readonly verdict: 'ok'; readonly explored: number; readonly order: readonly number[] }
  | { readonly verdict: 'violation'; readonly explored: number; readonly reason: string }
  | { readonly verdict: 'unknown'; readonly explored: number };

interface Config<S> {
  readonly state: S;
  /** Steps taken, by operation index. */
  readonly progress: readonly number[];
  /** The linearization found so far, newest step first (operation indices; shared tails, no copies). */
  readonly order: Trail | null;
}

interface Trail {
  readonly op: number;
  readonly prev: Trail | null;
}

function unwind(t: Trail | null): number[] {
  const out: number[] = [];
  for (let x = t; x !== null; x = x.prev) out.push(x.op);
  return out.reverse();
}

export const DEFAULT_LIN_BUDGET = 200_000;

export function checkLinearizable<S, Step>(
  model: LinModel<S, Step>,
  initial: S,
  ops: readonly LinOp<Step>[],
  budget: number = DEFAULT_LIN_BUDGET,
): LinVerdict {
  type Ev = { readonly at: number; readonly ret: boolean; readonly op: number };
  const events: Ev[] = [];
  ops.forEach((o, i) => {
    events.push({ at: o.invokeAt, ret: false, op: i });
    if (o.returnAt !== null) events.push({ at: o.returnAt, ret: true, op: i });
  });
  events.sort((a, b) => a.at - b.at || Number(a.ret) - Number(b.ret));

  let explored = 0;
  /** The last refused step, for the message: which operation, and the model's reason. */
  let lastRefusal: { readonly op: number; readonly why: Inconsistent } | null = null;
  const refusal = (): string => (lastRefusal === null ? '' : ` (last refusal: ${(ops[lastRefusal.op] as LinOp<Step>).label()}: ${lastRefusal.why.reason})`);
  const active: number[] = [];
  let frontier: Config<S>[] = [{ state: initial, progress: ops.map(() => 0), order: null }];

  const keyOf = (c: Config<S>): string => {
    let key = model.stateKey(c.state);
    for (const i of active) key += `|${c.progress[i]}`;
    return key;
  };

  /** Every configuration reachable by steps of the active operations; null when out of budget. */
  const close = (start: readonly Config<S>[]): Config<S>[] | null => {
    const seen = new Map<string, Config<S>>();
    const work: Config<S>[] = [];
    for (const c of start) {
      const k = keyOf(c);
      if (!seen.has(k)) {
        seen.set(k, c);
        work.push(c);
      }
    }
    while (work.length > 0) {
      const c = work.pop() as Config<S>;
      for (const i of active) {
        const op = ops[i] as LinOp<Step>;
        const done = c.progress[i] as number;
        if (done >= op.steps.length) continue;
        explored += 1;
        if (explored > budget) return null;
        const next = model.apply(c.state, op.steps[done] as Step);
        if (isInconsistent(next)) {
          lastRefusal = { op: i, why: next };
          continue;
        }
        const progress = c.progress.slice();
        progress[i] = done + 1;
        const nc: Config<S> = { state: next, progress, order: { op: i, prev: c.order } };
        const k = keyOf(nc);
        if (!seen.has(k)) {
          seen.set(k, nc);
          work.push(nc);
        }
      }
    }
    return [...seen.values()];
  };

  /** The operation's `atInvoke` steps taken in every configuration at its invocation; null when out of budget. */
  const invokeSteps = (i: number, configs: Config<S>[]): Config<S>[] | null => {
    const op = ops[i] as LinOp<Step>;
    const count = Math.min(op.atInvoke ?? 0, op.steps.length);
    if (count === 0) return configs;
    const out: Config<S>[] = [];
    for (const c of configs) {
      let state = c.state;
      let order = c.order;
      let ok = true;
      for (let k = 0; k < count; k++) {
        explored += 1;
        if (explored > budget) return null;
        const next = model.apply(state, op.steps[k] as Step);
        if (isInconsistent(next)) {
          lastRefusal = { op: i, why: next };
          ok = false;
          break;
        }
        state = next;
        order = { op: i, prev: order };
      }
      if (!ok) continue;
      const progress = c.progress.slice();
      progress[i] = count;
      out.push({ state, progress, order });
    }
    return out;
  };

  for (const ev of events) {
    if (!ev.ret) {
      active.push(ev.op);
      const eager = invokeSteps(ev.op, frontier);
      if (eager === null) return { verdict: 'unknown', explored };
      frontier = eager;
      if (frontier.length === 0) {
        return { verdict: 'violation', explored, reason: `no order of atomic steps explains how ${(ops[ev.op] as LinOp<Step>).label()} began${refusal()}` };
      }
      continue;
    }
    const closed = close(frontier);
    if (closed === null) return { verdict: 'unknown', explored };
    const op = ops[ev.op] as LinOp<Step>;
    frontier = closed.filter((c) => c.progress[ev.op] === op.steps.length);
    if (frontier.length === 0) {
      return { verdict: 'violation', explored, reason: `no order of atomic steps explains ${op.label()} returning${refusal()}` };
    }
    active.splice(active.indexOf(ev.op), 1);
  }
  const closed = close(frontier);
  if (closed === null) return { verdict: 'unknown', explored };
  const end = closed.find((c) => active.every((i) => (c.progress[i] as number) >= (ops[i] as LinOp<Step>).required));
  if (end === undefined) {
    const stuck = active.filter((i) => (ops[i] as LinOp<Step>).required > 0).map((i) => (ops[i] as LinOp<Step>).label());
    return { verdict: 'violation', explored, reason: `no order of atomic steps explains what ${stuck.join(', ')} observed before blocking${refusal()}` };
  }
  return { verdict: 'ok', explored, order: unwind(end.order) };
}
