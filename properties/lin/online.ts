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
 *   operation's previous event. Before that event it can only have been taken as a guess: one pending
 *   tail (`ahead`) at most, taken in the state it happened in and held against the step the event then
 *   certifies;
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
 * is undecided.
 */
import { isInconsistent, type AllocatorCall, type Inconsistent, type ModelOp, type Observation } from './model-api.ts';
import type { OnlineSupport } from '../../model/online.ts';

export interface OnlineModel<S, St> extends OnlineSupport<S, St> {
  apply(s: S, step: St): S | Inconsistent;
  stateKey(s: S): string;
  plan(obs: Observation): readonly St[] | Inconsistent;
  pendingTails(obs: Observation): readonly (readonly St[])[] | Inconsistent;
}

/** An operation in flight, as the check remembers it (shared by every configuration). */
interface Flight<St> {
  /** What it observed so far, trimmed; outcome pending. */
  readonly obs: Observation;
  /** The steps its plan certifies so far (of the trimmed observation: only the last ones are ever read). */
  readonly certified: readonly St[];
  /** Single steps it may have taken since its last event without a trace yet. */
  readonly tails: readonly St[];
  /** Leading certified steps taken at the invocation and not yet confirmed by the plan. */
  readonly provisional: number;
  readonly label: () => string;
}

interface Config<S, St> {
  readonly state: S;
  /** By thread: how many of its operation's last certified steps this configuration has not taken. */
  readonly untaken: readonly number[];
  /** By thread: a step taken ahead of the event that will certify it, or null. */
  readonly ahead: readonly (St | null)[];
}

interface Written<S, St> {
  readonly frontier: readonly Config<S, St>[];
  readonly flights: readonly (Flight<St> | undefined)[];
  readonly pointers: readonly number[];
  readonly names: readonly string[];
  readonly parts: string[];
}

export type OnlineStatus =
  | { readonly kind: 'ok' }
  | { readonly kind: 'violation'; readonly reason: string }
  | { readonly kind: 'unknown'; readonly reason: string };

const OK: OnlineStatus = { kind: 'ok' };

/** Model steps one event's closure may apply before the check gives up undecided. */
export const ONLINE_BUDGET = 200_000;

/** A copy of `xs` with `v` at `i`; places before `i` that did not exist get `filler`. */
const withAt = <T>(xs: readonly T[], i: number, v: T, filler: T): T[] => {
  const out = xs.slice();
  while (out.length < i) out.push(filler);
  out[i] = v;
  return out;
};

export class OnlineLin<S, St> {
  private flights: (Flight<St> | undefined)[] = [];
  private frontier: readonly Config<S, St>[];
  private current: OnlineStatus = OK;
  /** The last step the model refused (its sentence is written only if a message needs it). */
  private lastRefusal: Inconsistent | null = null;
  /** The last text written, and the names its pointers had (`text`). */
  private written: Written<S, St> | null = null;

  constructor(
    private readonly model: OnlineModel<S, St>,
    initial: S,
    private readonly budget: number = ONLINE_BUDGET,
  ) {
    this.frontier = [{ state: initial, untaken: [], ahead: [] }];
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
    c.written = this.written;
    return c;
  }

  invoke(tid: number, op: ModelOp, label: () => string): void {
    if (this.current.kind !== 'ok') return;
    const obs: Observation = { op, calls: [], outcome: { kind: 'pending' } };
    const tails = this.tailsOf(obs);
    if (tails === null) return;
    const first = this.model.invocationSteps(op);
    this.flights = withAt(this.flights, tid, { obs, certified: first, tails, provisional: first.length, label }, undefined);
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
      if (state !== null) out.push({ state, untaken: withAt(c.untaken, tid, 0, 0), ahead: withAt(c.ahead, tid, null, null) });
    }
    this.settle(out, () => `no order of atomic steps explains how ${label()} began${this.refusal()}`);
  }

  /** An allocator call of thread `tid`'s operation; `op` replaces its operation when a call revealed more of it (what a free's test could read). */
  call(tid: number, call: AllocatorCall, op?: ModelOp): void {
    const f = this.flights[tid];
    if (this.current.kind !== 'ok' || f === undefined) return;
    const obs: Observation = { op: op ?? f.obs.op, calls: [...f.obs.calls, call], outcome: { kind: 'pending' } };
    this.advance(tid, f, obs, false, 'calling its allocator');
  }

  /** The operation returns; `calls` are its allocator calls, when they were not reported one by one (mempool_destroy's, at the end). */
  ret(tid: number, value: number, op?: ModelOp, calls?: readonly AllocatorCall[]): void {
    const f = this.flights[tid];
    if (this.current.kind !== 'ok' || f === undefined) return;
    this.advance(tid, f, { op: op ?? f.obs.op, calls: calls ?? f.obs.calls, outcome: { kind: 'returned', value } }, true, 'returning');
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
      this.advance(tid, f, { op: f.obs.op, calls: f.obs.calls, outcome: { kind: outcome } }, true, outcome === 'blocked' ? 'blocking for good' : 'hitting a BUG');
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
    // Between two events of the history nothing here changes but how the world names the pointers:
    // the last text stands while every pointer it wrote still has the name it had (a stateful search
    // writes the key after every step, and most steps are not events).
    const last = this.written;
    if (last !== null && last.frontier === this.frontier && last.flights === this.flights && last.pointers.every((p, i) => name(p) === last.names[i])) return last.parts;
    const pointers: number[] = [];
    const names: string[] = [];
    const parts = this.textWith((p) => {
      const n = name(p);
      pointers.push(p);
      names.push(n);
      return n;
    });
    this.written = { frontier: this.frontier, flights: this.flights, pointers, names, parts };
    return parts;
  }

  private textWith(name: (p: number) => string): string[] {
    const m = this.model;
    const parts: string[] = [];
    this.flights.forEach((f, tid) => {
      if (f !== undefined) parts.push(`T${tid}:${m.observationText(f.obs, name)}:${f.provisional}`);
    });
    const configs = this.frontier.map((c) => {
      let t = m.stateText(c.state, name);
      this.flights.forEach((f, tid) => {
        if (f === undefined) return;
        const a = c.ahead[tid] ?? null;
        t += `/${c.untaken[tid] ?? 0}${a === null ? '' : `:${m.stepText(a, name)}`}`;
      });
      return t;
    });
    configs.sort();
    parts.push(String(configs.length), ...configs);
    return parts;
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
    const closed = this.frontier;
    const old = f.certified;
    // A provisional step the plan does not begin with never happened (a free that pushed): retracted.
    const confirmed = f.provisional > 0 && planned.length >= f.provisional && old.slice(0, f.provisional).every((s, k) => m.same(s, planned[k] as St));
    const start = f.provisional > 0 && !confirmed ? 0 : old.length;
    if (start > 0 && !old.every((s, k) => k < f.provisional || m.same(s, planned[k] as St))) {
      this.current = { kind: 'unknown', reason: `the model's plan of ${f.label()} changed steps it had certified, which the online linearizability check cannot follow` };
      return;
    }
    const out: Config<S, St>[] = [];
    for (const c of closed) {
      // Steps certified at the operation's previous event are placed before this one.
      if ((c.untaken[tid] ?? 0) !== 0) continue;
      let s = c.state;
      let ahead = c.ahead[tid] ?? null;
      // A guess that retracted the invocation steps when it was taken (closure) left nothing to retract.
      const retracted = ahead !== null && f.provisional > 0 && m.retractsInvocationSteps(ahead);
      if (!retracted) for (let k = 0; k < f.provisional; k++) s = confirmed ? m.confirm(s, old[k] as St, planned[k] as St) : m.retract(s, old[f.provisional - 1 - k] as St);
      const fresh = planned.length - start;
      let untaken = fresh;
      if (ahead !== null) {
        if (fresh > 0) {
          if (!m.same(ahead, planned[start] as St)) continue;
          s = m.confirm(s, ahead, planned[start] as St);
          untaken = fresh - 1;
          ahead = null;
        } else if (!tails.some((t) => m.same(ahead as St, t))) continue;
      }
      if (ending) {
        const done = this.run(s, planned, untaken);
        if (done === null) continue;
        s = done;
        untaken = 0;
      }
      out.push({ state: s, untaken: withAt(c.untaken, tid, untaken, 0), ahead: withAt(c.ahead, tid, ahead, null) });
    }
    if (ending) {
      this.flights = withAt(this.flights, tid, undefined, undefined);
    } else {
      const trimmed = m.trim(obs);
      const certified = trimmed === obs ? planned : m.plan(trimmed);
      if (isInconsistent(certified) || !this.keepsLast(certified, planned, planned.length - start)) {
        this.current = { kind: 'unknown', reason: `trimming what ${f.label()} observed changed the steps this event certified, which the online linearizability check cannot follow` };
        return;
      }
      this.flights = withAt(this.flights, tid, { obs: trimmed, certified, tails, provisional: 0, label: f.label }, undefined);
    }
    this.settle(out, () => `no order of atomic steps explains ${f.label()} ${what}${this.refusal()}`);
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

  /** The single steps an operation in flight may have taken since its last event: its pending tails and the model's guesses. */
  private tailsOf(obs: Observation): St[] | null {
    const t = this.model.pendingTails(obs);
    if (isInconsistent(t)) return [];
    const out: St[] = [...this.model.guesses(obs)];
    for (const alt of t) {
      if (alt.length > 1) {
        this.current = { kind: 'unknown', reason: 'a pending tail of more than one step, which the online linearizability check cannot guess ahead' };
        return null;
      }
      if (alt.length === 1) out.push(alt[0] as St);
    }
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
    if (closed !== null) this.frontier = closed;
  }

  private keyOf(c: Config<S, St>): string {
    let k = this.model.stateKey(c.state);
    this.flights.forEach((f, tid) => {
      if (f === undefined) return;
      const a = c.ahead[tid] ?? null;
      k += `/${c.untaken[tid] ?? 0}${a === null ? '' : `:${this.model.stepText(a, String)}`}`;
    });
    return k;
  }

  /** Every configuration reachable by steps of the operations in flight; null when out of budget. */
  private close(start: readonly Config<S, St>[]): Config<S, St>[] | null {
    const m = this.model;
    const seen = new Map<string, Config<S, St>>();
    const work: Config<S, St>[] = [];
    const add = (c: Config<S, St>): void => {
      const k = this.keyOf(c);
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
        // Its next certified step, or else (no guess taken yet) each of its single-step tails.
        const guessing = u === 0;
        const count = guessing ? ((c.ahead[tid] ?? null) === null ? f.tails.length : 0) : 1;
        for (let k = 0; k < count; k++) {
          if (++applied > this.budget) {
            this.current = { kind: 'unknown', reason: `the online linearizability check ran out of its budget (${this.budget.toLocaleString('en-US')} model steps at one event)` };
            return null;
          }
          const step = guessing ? m.concretize(c.state, f.tails[k] as St) : (f.certified[f.certified.length - u] as St);
          const next = m.apply(guessing && f.provisional > 0 && m.retractsInvocationSteps(step) ? this.retracted(c.state, f) : c.state, step);
          if (isInconsistent(next)) {
            this.lastRefusal = next;
            continue;
          }
          add(guessing ? { state: next, untaken: c.untaken, ahead: withAt(c.ahead, tid, step, null) } : { state: next, untaken: withAt(c.untaken, tid, u - 1, 0), ahead: c.ahead });
        }
      }
    }
    return [...seen.values()];
  }

  /** Whether thread `tid`'s operation retracted its invocation steps in `c` when it took its guess. */
  private retractedAhead(c: Config<S, St>, tid: number): boolean {
    const a = c.ahead[tid] ?? null;
    return a !== null && this.model.retractsInvocationSteps(a);
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
