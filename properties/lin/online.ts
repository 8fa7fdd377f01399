/**
 * Linearizability checked as the history happens, with a state that stays finite: the set of
 * just-in-time configurations (Lowe), where each operation in flight is remembered by a bounded summary
 * of what it observed (model/online.ts `trim`) instead of its whole history.
 *
 * The offline check (search.ts) may place a step anywhere between its operation's invocation and
 * return, so its configurations depend on calls an operation has not made yet, and no finite summary
 * of the past is exact. Here each step is anchored at the calls around it, as the C runs it:
 *
 * - a step the plan certifies at an operation's event (a call, or its return) happened after the
 *   operation's previous event. Before that event it can only have been taken as a guess: a prefix of
 *   one of its pending tails (`ahead`), taken step by step in the states they happened in, and held
 *   against the steps the event then certifies;
 * - a step certified at an event is taken before the operation's next event (a return's own steps at
 *   the return).
 *
 * Both hold for the seed's critical sections, which lie between the allocator calls of their
 * operation. The anchoring only removes placements, so a history this check accepts the offline one
 * accepts too (test/properties/lin-online.test.ts runs both on the same executions of named
 * scenarios, mutants included, and on random programs); a refusal may be one the offline check would
 * not make, which is why the monitor has the offline check confirm it (online-monitor.ts).
 *
 * A free's unlocked test is taken at the invocation (as `atInvoke` does offline), provisionally: it is
 * retracted when the free turns out to push. The set of configurations is kept closed under the steps
 * of the operations in flight after every event, so that two histories that allow the same placements
 * give the same set (the key a stateful search compares). The closure is budgeted: past it the check
 * is undecided. A guessed step that every configuration has taken is committed: the model writes it
 * into the operation's observation (`commit`), and the configurations forget it, so that a tail that
 * grows for as long as its operation runs (the contract's refill adds) does not make the key grow.
 */
import { isInconsistent, type AllocatorCall, type Inconsistent, type ModelOp, type Observation } from './model-api.ts';
import type { OnlineSupport } from '../../model/online.ts';
import { ConfigsText, distinct, keyOf, NONE, withAt, type Config, type Flight } from './online-configs.ts';

export interface OnlineModel<S, St> extends OnlineSupport<S, St> {
  apply(s: S, step: St): S | Inconsistent;
  stateKey(s: S): string;
  plan(obs: Observation): readonly St[] | Inconsistent;
  pendingTails(obs: Observation): readonly (readonly St[])[] | Inconsistent;
}

export type OnlineStatus =
  | { readonly kind: 'ok' }
  | { readonly kind: 'violation'; readonly reason: string }
  | { readonly kind: 'unknown'; readonly reason: string };

const OK: OnlineStatus = { kind: 'ok' };

/** Model steps one event's closure may apply before the check gives up undecided. */
export const ONLINE_BUDGET = 200_000;

export class OnlineLin<S, St> {
  private flights: (Flight<St> | undefined)[] = [];
  private frontier: readonly Config<S, St>[];
  private current: OnlineStatus = OK;
  /** The last step the model refused (its sentence is written only if a message needs it). */
  private lastRefusal: Inconsistent | null = null;
  private texts: ConfigsText<S, St>;

  constructor(
    private readonly model: OnlineModel<S, St>,
    initial: S,
    private readonly budget: number = ONLINE_BUDGET,
  ) {
    this.frontier = [{ state: initial, untaken: [], ahead: [] }];
    this.texts = new ConfigsText(model);
  }

  get status(): OnlineStatus {
    return this.current;
  }

  /** An independent copy (configurations and flights are never changed in place, so they are shared). */
  copy(): OnlineLin<S, St> {
    const c = new OnlineLin(this.model, this.frontier[0]?.state as S, this.budget);
    c.flights = this.flights.slice();
    c.frontier = this.frontier;
    c.current = this.current;
    c.lastRefusal = this.lastRefusal;
    c.texts = this.texts.fork();
    return c;
  }

  invoke(tid: number, op: ModelOp, label: () => string): void {
    if (this.current.kind !== 'ok') return;
    const obs: Observation = { op, calls: [], outcome: { kind: 'pending' } };
    const tails = this.tailsOf(obs);
    if (tails === null) return;
    const first = this.model.invocationSteps(op);
    this.flights = withAt(this.flights, tid, this.flight(obs, first, tails, first.length, label), undefined);
    // Operations whose provisional steps are still in the state with the same steps (a free of the same
    // element that has not pushed): their test records would be indistinguishable.
    const twins: number[] = [];
    this.flights.forEach((g, t) => {
      if (t !== tid && g !== undefined && g.provisional > 0 && first.length > 0 && this.model.same(g.certified[0] as St, first[0] as St)) twins.push(t);
    });
    const out: Config<S, St>[] = [];
    for (const c of this.frontier) {
      // Dropping such a configuration only makes the check stricter, and a refusal is confirmed offline.
      if (twins.some((t) => !this.retractedAhead(c, t))) continue;
      const state = this.run(c.state, first, first.length);
      if (state !== null) out.push({ state, untaken: withAt(c.untaken, tid, 0, 0), ahead: withAt(c.ahead, tid, NONE, NONE) });
    }
    this.settle(out, () => `no order of atomic steps explains how ${label()} began${this.refusal()}`);
  }

  /** An allocator call of thread `tid`'s operation; `op` replaces its operation when a call revealed more of it (what a free's test could read). */
  call(tid: number, call: AllocatorCall, op?: ModelOp): void {
    const f = this.flights[tid];
    if (this.current.kind !== 'ok' || f === undefined) return;
    const obs: Observation = { ...f.obs, op: op ?? f.obs.op, calls: [...f.obs.calls, call] };
    this.advance(tid, f, obs, false, 'calling its allocator');
  }

  /** The operation returns; `calls` are its allocator calls, when they were not reported one by one (mempool_destroy's, at the end). */
  ret(tid: number, value: number, op?: ModelOp, calls?: readonly AllocatorCall[]): void {
    const f = this.flights[tid];
    if (this.current.kind !== 'ok' || f === undefined) return;
    this.advance(tid, f, { ...f.obs, op: op ?? f.obs.op, calls: calls ?? f.obs.calls, outcome: { kind: 'returned', value } }, true, 'returning');
  }

  /**
   * The history ends. Operations in `ended` ended without returning: asleep for good (`blocked`: their
   * plans then certify what they saw before sleeping) or killed by a BUG. Every other one in flight must
   * have taken the steps its calls certify.
   */
  end(ended: readonly { readonly tid: number; readonly outcome: 'blocked' | 'bug' }[]): OnlineStatus {
    for (const { tid, outcome } of ended) {
      const f = this.flights[tid];
      if (this.current.kind !== 'ok' || f === undefined) continue;
      this.advance(tid, f, { ...f.obs, outcome: { kind: outcome } }, true, outcome === 'blocked' ? 'blocking for good' : 'hitting a BUG');
    }
    if (this.current.kind !== 'ok') return this.current;
    if (!this.frontier.some((c) => c.untaken.every((u) => u === 0))) {
      const stuck = this.flights.flatMap((f) => (f === undefined ? [] : [f.label()])).join(', ');
      this.current = { kind: 'violation', reason: `no order of atomic steps explains what ${stuck} observed${this.refusal()}` };
    }
    return this.current;
  }

  /** The check's state as text, pointers renamed by `name`: the operations in flight, then the set of configurations. */
  text(name: (p: number) => string): string[] {
    return this.texts.text(this.flights, this.frontier, name);
  }

  private advance(tid: number, f: Flight<St>, obs: Observation, ending: boolean, what: string): void {
    const m = this.model;
    const planned = m.plan(obs);
    if (isInconsistent(planned)) {
      this.current = { kind: 'violation', reason: `the model cannot explain ${f.label()}: ${planned.reason}` };
      return;
    }
    const tails = ending ? [] : this.tailsOf(obs);
    if (tails === null) return;
    const old = f.certified;
    // A provisional step the plan does not begin with never happened (a free that pushed): retracted.
    const confirmed = f.provisional > 0 && planned.length >= f.provisional && old.slice(0, f.provisional).every((s, k) => m.same(s, planned[k] as St));
    const start = f.provisional > 0 && !confirmed ? 0 : old.length;
    if (start > 0 && !old.every((s, k) => k < f.provisional || m.same(s, planned[k] as St))) {
      this.current = { kind: 'unknown', reason: `the model's plan of ${f.label()} changed steps it had certified, which the online linearizability check cannot follow` };
      return;
    }
    const fresh = planned.length - start;
    const out: Config<S, St>[] = [];
    for (const c of this.frontier) {
      // Steps certified at the operation's previous event are placed before this one.
      if ((c.untaken[tid] ?? 0) !== 0) continue;
      let s: S | null = c.state;
      const ahead = c.ahead[tid] ?? NONE;
      // A guess that retracted the invocation steps when it was taken (closure) left nothing to retract.
      if (!ahead.some((a) => m.retractsInvocationSteps(a))) s = this.settleProvisional(s, f, planned, confirmed);
      if (s === null) continue;
      // The guesses are the first steps this event certifies; any beyond them stay guesses of the new tails.
      const matched = Math.min(ahead.length, fresh);
      for (let k = 0; k < matched && s !== null; k++) s = this.confirmed(s, ahead[k] as St, planned[start + k] as St);
      if (s === null) continue;
      const rest = matched === 0 ? ahead : ahead.slice(matched);
      if (rest.length > 0 && (ending || !this.follows(rest, tails))) continue;
      let untaken = fresh - matched;
      if (ending) {
        s = this.run(s, planned, untaken);
        if (s === null) continue;
        untaken = 0;
      }
      out.push({ state: s, untaken: withAt(c.untaken, tid, untaken, 0), ahead: withAt(c.ahead, tid, rest, NONE) });
    }
    if (ending) {
      this.flights = withAt(this.flights, tid, undefined, undefined);
    } else {
      const trimmed = m.trim(obs);
      const certified = trimmed === obs ? planned : m.plan(trimmed);
      if (isInconsistent(certified) || !this.keepsLast(certified, planned, fresh)) {
        this.current = { kind: 'unknown', reason: `trimming what ${f.label()} observed changed the steps this event certified, which the online linearizability check cannot follow` };
        return;
      }
      this.flights = withAt(this.flights, tid, this.flight(trimmed, certified, tails, 0, f.label), undefined);
    }
    this.settle(out, () => `no order of atomic steps explains ${f.label()} ${what}${this.refusal()}`);
  }

  /** `s` with the flight's provisional invocation steps confirmed by the plan, or retracted. */
  private settleProvisional(s: S, f: Flight<St>, planned: readonly St[], confirmed: boolean): S | null {
    let state = s;
    for (let k = 0; k < f.provisional; k++) {
      if (!confirmed) {
        state = this.model.retract(state, f.certified[f.provisional - 1 - k] as St);
        continue;
      }
      const next = this.confirmed(state, f.certified[k] as St, planned[k] as St);
      if (next === null) return null;
      state = next;
    }
    return state;
  }

  /** `s` once the step `taken` (a guess or a provisional step) turned out to be `actual`; null if it is not, or the state rules it out. */
  private confirmed(s: S, taken: St, actual: St): S | null {
    if (!this.model.same(taken, actual)) return null;
    const next = this.model.confirm(s, taken, actual);
    if (!isInconsistent(next)) return next;
    this.lastRefusal = next;
    return null;
  }

  /** Whether `steps` (taken as guesses) begin one of `tails`. */
  private follows(steps: readonly St[], tails: readonly (readonly St[])[]): boolean {
    return tails.some((t) => t.length >= steps.length && steps.every((a, k) => this.model.same(a, t[k] as St)));
  }

  /**
   * The trimmed plan ends with the steps this event certified (what a configuration may leave untaken:
   * one, or two when an alloc_fn call shows both that the previous pass found the reserve empty and
   * which element this one returns).
   */
  private keepsLast(trimmed: readonly St[], full: readonly St[], fresh: number): boolean {
    if (trimmed.length < fresh) return false;
    for (let k = 1; k <= fresh; k++) if (!this.model.same(trimmed[trimmed.length - k] as St, full[full.length - k] as St)) return false;
    return true;
  }

  /** What an operation in flight may have done since its last event: its pending tails and the model's single-step guesses. */
  private tailsOf(obs: Observation): (readonly St[])[] | null {
    const t = this.model.pendingTails(obs);
    if (isInconsistent(t)) return [];
    const out: (readonly St[])[] = this.model.guesses(obs).map((g) => [g]);
    for (const alt of t) if (alt.length > 0) out.push(alt);
    return out;
  }

  /** `s` after the last `count` steps of `steps`, or null if one is refused. */
  private run(s: S, steps: readonly St[], count: number): S | null {
    let state = s;
    for (let k = steps.length - count; k < steps.length; k++) {
      const next = this.model.apply(state, steps[k] as St);
      if (isInconsistent(next)) {
        this.lastRefusal = next;
        return null;
      }
      state = next;
    }
    return state;
  }

  private settle(out: Config<S, St>[], why: () => string): void {
    if (out.length === 0) {
      this.current = { kind: 'violation', reason: why() };
      return;
    }
    const closed = this.close(out);
    if (closed !== null) this.frontier = this.commit(closed);
  }

  /** Every configuration reachable by steps of the operations in flight; null when out of budget. */
  private close(start: readonly Config<S, St>[]): Config<S, St>[] | null {
    const m = this.model;
    const seen = new Map<string, Config<S, St>>();
    const work: Config<S, St>[] = [];
    const add = (c: Config<S, St>): void => {
      const k = keyOf(m, this.flights, c);
      if (seen.has(k)) return;
      seen.set(k, c);
      work.push(c);
    };
    start.forEach(add);
    let applied = 0;
    while (work.length > 0) {
      const c = work.pop() as Config<S, St>;
      for (let tid = 0; tid < this.flights.length; tid++) {
        const f = this.flights[tid];
        if (f === undefined) continue;
        const u = c.untaken[tid] ?? 0;
        const ahead = c.ahead[tid] ?? NONE;
        // Its next certified step, or else the next step of each tail its guesses so far begin.
        const guesses = u > 0 ? NONE : this.nextGuesses(f, ahead);
        const count = u > 0 ? 1 : guesses.length;
        for (let k = 0; k < count; k++) {
          const abstract = u > 0 ? (f.certified[f.certified.length - u] as St) : (guesses[k] as St);
          if (++applied > this.budget) {
            this.current = { kind: 'unknown', reason: `the online linearizability check ran out of its budget (${this.budget.toLocaleString('en-US')} model steps at one event)` };
            return null;
          }
          const step = u > 0 ? abstract : m.concretize(c.state, abstract);
          const retracting = u === 0 && f.provisional > 0 && m.retractsInvocationSteps(step) && !ahead.some((a) => m.retractsInvocationSteps(a));
          const state = m.apply(retracting ? this.retracted(c.state, f) : c.state, step);
          if (isInconsistent(state)) {
            this.lastRefusal = state;
            continue;
          }
          add(u > 0 ? { state, untaken: withAt(c.untaken, tid, u - 1, 0), ahead: c.ahead } : { state, untaken: c.untaken, ahead: withAt(c.ahead, tid, [...ahead, step], NONE) });
        }
      }
    }
    return [...seen.values()];
  }

  /** The step after `ahead` in each of the flight's tails that `ahead` begins (each distinct step once). */
  private nextGuesses(f: Flight<St>, ahead: readonly St[]): readonly St[] {
    if (ahead.length === 0) return f.firsts;
    let out: St[] | null = null;
    for (const t of f.tails) {
      if (t.length <= ahead.length || !ahead.every((a, k) => this.model.same(a, t[k] as St))) continue;
      out = this.withNew(out ?? [], t[ahead.length] as St);
    }
    return out ?? NONE;
  }

  /** `steps` with `step` added unless it holds the same step already. */
  private withNew(steps: St[], step: St): St[] {
    const text = this.model.stepText(step, String);
    if (!steps.some((x) => this.model.stepText(x, String) === text)) steps.push(step);
    return steps;
  }

  private flight(obs: Observation, certified: readonly St[], tails: readonly (readonly St[])[], provisional: number, label: () => string): Flight<St> {
    const firsts: St[] = [];
    for (const t of tails) this.withNew(firsts, t[0] as St);
    return { obs, certified, tails, firsts, provisional, label };
  }

  /**
   * The configurations with every guess they all share written into its operation's observation
   * (model `commit`): a first guessed step that every configuration took (the same step) is past.
   */
  private commit(configs: Config<S, St>[]): readonly Config<S, St>[] {
    const m = this.model;
    if (m.commit === undefined || configs.length === 0) return configs;
    let out = configs;
    for (let tid = 0; tid < this.flights.length; tid++) {
      for (;;) {
        const f = this.flights[tid];
        const first = (out[0] as Config<S, St>).ahead[tid]?.[0];
        if (f === undefined || first === undefined) break;
        const text = m.stepText(first, String);
        if (!out.every((c) => (c.untaken[tid] ?? 0) === 0 && (c.ahead[tid]?.length ?? 0) > 0 && m.stepText(c.ahead[tid]?.[0] as St, String) === text)) break;
        const obs = m.commit(f.obs, first);
        if (obs === null) break;
        const certified = m.plan(obs);
        const tails = this.tailsOf(obs);
        if (isInconsistent(certified) || tails === null || !this.keepsLast(certified, f.certified, f.certified.length)) break;
        this.flights = withAt(this.flights, tid, this.flight(obs, certified, tails, f.provisional, f.label), undefined);
        out = distinct(m, this.flights, out.map((c) => ({ ...c, ahead: withAt(c.ahead, tid, (c.ahead[tid] ?? NONE).slice(1), NONE) })));
      }
    }
    return out;
  }

  /** Whether thread `tid`'s operation retracted its invocation steps in `c` when it took its guesses. */
  private retractedAhead(c: Config<S, St>, tid: number): boolean {
    return (c.ahead[tid] ?? NONE).some((a) => this.model.retractsInvocationSteps(a));
  }

  /** `s` without the effects of the flight's provisional invocation steps. */
  private retracted(s: S, f: Flight<St>): S {
    let state = s;
    for (let k = f.provisional - 1; k >= 0; k--) state = this.model.retract(state, f.certified[k] as St);
    return state;
  }

  private refusal(): string {
    return this.lastRefusal === null ? '' : ` (last refusal: ${this.lastRefusal.reason})`;
  }
}
