/**
 * What the online linearizability check (online.ts) keeps, and how it is written: the operations in
 * flight (shared by every configuration) and the set of just-in-time configurations. The text is the
 * monitor's part of a stateful search's fingerprint, so it names pointers only through the search's
 * canonical renaming, and equal sets of configurations give equal text whatever order they were found in.
 */
import type { Observation } from './model-api.ts';
import type { OnlineModel } from './online.ts';

/** An operation in flight, as the check remembers it (shared by every configuration). */
export interface Flight<St> {
  /** What it observed so far, trimmed; outcome pending. */
  readonly obs: Observation;
  /** The steps its plan certifies so far (of the trimmed observation: only the last ones are ever read). */
  readonly certified: readonly St[];
  /** Sequences of steps it may have taken since its last event without a trace yet (none empty). */
  readonly tails: readonly (readonly St[])[];
  /** The distinct first steps of `tails` (the guesses a configuration that has taken none may take). */
  readonly firsts: readonly St[];
  /** Leading certified steps taken at the invocation and not yet confirmed by the plan. */
  readonly provisional: number;
  readonly label: () => string;
}

export interface Config<S, St> {
  readonly state: S;
  /** By thread: how many of its operation's last certified steps this configuration has not taken. */
  readonly untaken: readonly number[];
  /** By thread: steps taken ahead of the events that will certify them (a prefix of one of its tails). */
  readonly ahead: readonly (readonly St[])[];
}

/** No step taken ahead (shared, never changed). */
export const NONE: readonly never[] = [];

/** A copy of `xs` with `v` at `i`; places before `i` that did not exist get `filler`. */
export const withAt = <T>(xs: readonly T[], i: number, v: T, filler: T): T[] => {
  const out = xs.slice();
  while (out.length < i) out.push(filler);
  out[i] = v;
  return out;
};

/** A configuration's progress beyond its model state: per operation in flight, untaken steps and guesses. */
function progressText<S, St>(model: OnlineModel<S, St>, flights: readonly (Flight<St> | undefined)[], c: Config<S, St>, name: (p: number) => string): string {
  let t = '';
  flights.forEach((f, tid) => {
    if (f === undefined) return;
    const ahead = c.ahead[tid] ?? NONE;
    t += `/${c.untaken[tid] ?? 0}`;
    for (let k = 0; k < ahead.length; k++) t += `${k === 0 ? ':' : ','}${model.stepText(ahead[k] as St, name)}`;
  });
  return t;
}

/** A configuration's identity within one closure (raw pointers: the names only matter across states). */
export const keyOf = <S, St>(model: OnlineModel<S, St>, flights: readonly (Flight<St> | undefined)[], c: Config<S, St>): string =>
  model.stateKey(c.state) + progressText(model, flights, c, String);

/** One of each configuration (by key), in the order first met. */
export function distinct<S, St>(model: OnlineModel<S, St>, flights: readonly (Flight<St> | undefined)[], configs: readonly Config<S, St>[]): Config<S, St>[] {
  const seen = new Map<string, Config<S, St>>();
  for (const c of configs) {
    const k = keyOf(model, flights, c);
    if (!seen.has(k)) seen.set(k, c);
  }
  return [...seen.values()];
}

interface Written<S, St> {
  readonly frontier: readonly Config<S, St>[];
  readonly flights: readonly (Flight<St> | undefined)[];
  readonly pointers: readonly number[];
  readonly names: readonly string[];
  readonly parts: string[];
}

/**
 * The check's state as text: the operations in flight, then the set of configurations. Between two
 * events of the history nothing in it changes but how the world names the pointers: the last text
 * stands while every pointer it wrote still has the name it had (a stateful search writes the key
 * after every step, and most steps are not events).
 */
export class ConfigsText<S, St> {
  private written: Written<S, St> | null = null;

  constructor(private readonly model: OnlineModel<S, St>) {}

  /** A cache of its own that starts from this one's last text. */
  fork(): ConfigsText<S, St> {
    const c = new ConfigsText(this.model);
    c.written = this.written;
    return c;
  }

  text(flights: readonly (Flight<St> | undefined)[], frontier: readonly Config<S, St>[], name: (p: number) => string): string[] {
    const last = this.written;
    if (last !== null && last.frontier === frontier && last.flights === flights && last.pointers.every((p, i) => name(p) === last.names[i])) return last.parts;
    const pointers: number[] = [];
    const names: string[] = [];
    const parts = this.textWith(flights, frontier, (p) => {
      const n = name(p);
      pointers.push(p);
      names.push(n);
      return n;
    });
    this.written = { frontier, flights, pointers, names, parts };
    return parts;
  }

  private textWith(flights: readonly (Flight<St> | undefined)[], frontier: readonly Config<S, St>[], name: (p: number) => string): string[] {
    const m = this.model;
    const parts: string[] = [];
    flights.forEach((f, tid) => {
      if (f !== undefined) parts.push(`T${tid}:${m.observationText(f.obs, name)}:${f.provisional}`);
    });
    const configs = frontier.map((c) => m.stateText(c.state, name) + progressText(m, flights, c, name));
    configs.sort();
    parts.push(String(configs.length), ...configs);
    return parts;
  }
}
