/**
 * The gate as a list of units of work, in a fixed order: the sequential check, every scenario under
 * every memory model, the race pass of every scenario. A unit is plain data (a worker thread gets it by
 * structured clone); its outcome too. `--shard i/n` takes every n-th unit starting at the i-th, so n
 * shards together run each unit exactly once, and their outcomes put back in plan order are those of
 * one run.
 */
import type { MemoryModelName } from '../../kernel/rt/memory.ts';
import type { Profile } from '../../model/profile.ts';
import type { KnownFinding } from '../../properties/known-findings.ts';
import type { Scenario } from '../../scenarios/spec.ts';
import type { KnownRace } from '../known-races.ts';
import type { PropertySelection } from '../monitors.ts';

/** A time per exploration that never runs out (seconds): every exploration runs to its end. */
export const NO_TIME_LIMIT = 1e9;

export type GateUnit =
  | { readonly kind: 'sequential'; readonly id: string; readonly index: number; readonly impl: string; readonly profile?: Profile }
  | {
      readonly kind: 'scenario';
      readonly id: string;
      readonly index: number;
      readonly impl: string;
      readonly scenario: Scenario;
      readonly memory: MemoryModelName;
      readonly timeLimit: number;
      /** What it is checked against (absent: the implementation's own profile) and which properties. */
      readonly profile?: Profile;
      readonly properties?: PropertySelection;
      /** The project's known findings of this scenario under this memory model. */
      readonly known: readonly KnownFinding[];
      /** Explored within the scenario's declared bound even if the implementation is not known to livelock there (GatePlanOptions.bounded). */
      readonly bounded?: true;
    }
  | { readonly kind: 'races'; readonly id: string; readonly index: number; readonly impl: string; readonly scenario: Scenario; readonly budget: number; readonly knownRaces: readonly KnownRace[] }
  /** A mutant explored on a scenario, up to `budget` executions, for the properties that kill it. */
  | { readonly kind: 'mutant'; readonly id: string; readonly index: number; readonly impl: string; readonly scenario: Scenario; readonly memory: MemoryModelName; readonly budget: number }
  /** A mutant under the sequential check. */
  | { readonly kind: 'mutant-sequential'; readonly id: string; readonly index: number; readonly impl: string; readonly runs: number };

export interface GatePlanOptions {
  readonly impl: string;
  readonly scenarios: readonly Scenario[];
  readonly memories: readonly MemoryModelName[];
  readonly sequential: boolean;
  /** Seconds each exploration may take. */
  readonly timeLimit: number;
  /** Race pass: executions per scenario (0 skips it). */
  readonly raceBudget: number;
  readonly profile?: Profile;
  readonly properties?: PropertySelection;
  /** The project's known findings and races of the implementation (default: none). */
  readonly knownFindings?: readonly KnownFinding[];
  readonly knownRaces?: readonly KnownRace[];
  /**
   * Every run must end (`docs`, which has no time limit): a scenario that declares a bound, because
   * the seed's executions there are unbounded, is explored within it for every implementation, not
   * only for one known to livelock there.
   */
  readonly bounded?: boolean;
}

export interface Shard {
  /** 1-based. */
  readonly index: number;
  readonly count: number;
}

export function gatePlan(o: GatePlanOptions): GateUnit[] {
  const units: GateUnit[] = [];
  const next = (): number => units.length;
  const profile = o.profile === undefined ? {} : { profile: o.profile };
  const properties = o.properties === undefined ? {} : { properties: o.properties };
  if (o.sequential) units.push({ kind: 'sequential', id: 'sequential', index: next(), impl: o.impl, ...profile });
  for (const scenario of o.scenarios) {
    // The verdicts must hold under both memory models: weak memory only adds behaviours.
    for (const memory of o.memories) {
      const known = (o.knownFindings ?? []).filter((f) => f.scenario === scenario.name && (f.memory === undefined || f.memory === memory));
      const bounded = o.bounded === true && scenario.bound !== undefined ? { bounded: true as const } : {};
      units.push({ kind: 'scenario', id: `${scenario.name}/${memory}`, index: next(), impl: o.impl, scenario, memory, timeLimit: o.timeLimit, ...profile, ...properties, known, ...bounded });
    }
  }
  const knownRaces = o.knownRaces ?? [];
  if (o.raceBudget > 0) for (const scenario of o.scenarios) units.push({ kind: 'races', id: `races/${scenario.name}`, index: next(), impl: o.impl, scenario, budget: o.raceBudget, knownRaces });
  return units;
}

/** The units of shard i/n: every n-th one from the i-th (deterministic; together the shards cover the plan once). */
export function shardOf<U extends { readonly index: number }>(units: readonly U[], shard: Shard | null): U[] {
  if (shard === null) return [...units];
  return units.filter((u) => u.index % shard.count === shard.index - 1);
}

/** `i/n` with 1 <= i <= n; anything else is a RangeError (one line, exit 2). */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (m === null || count < 1 || index < 1 || index > count) throw new RangeError(`--shard takes i/n with 1 <= i <= n (for example 2/3), got '${text}'`);
  return { index, count };
}

export interface MutationPlanOptions {
  readonly mutants: readonly string[];
  readonly scenarios: readonly Scenario[];
  readonly memories: readonly MemoryModelName[];
  /** Executions per mutant, scenario and memory model. */
  readonly budget: number;
  /** Command sequences of the sequential check per mutant. */
  readonly sequences: number;
}

/** The mutation run, numbered after `first` units: every mutant under the sequential check and on every scenario. */
export function mutationPlan(o: MutationPlanOptions, first: number): GateUnit[] {
  const units: GateUnit[] = [];
  const next = (): number => first + units.length;
  for (const m of o.mutants) {
    const impl = `mutant:${m}`;
    units.push({ kind: 'mutant-sequential', id: `${impl}/sequential`, index: next(), impl, runs: o.sequences });
    for (const scenario of o.scenarios) {
      for (const memory of o.memories) units.push({ kind: 'mutant', id: `${impl}/${scenario.name}/${memory}`, index: next(), impl, scenario, memory, budget: o.budget });
    }
  }
  return units;
}
