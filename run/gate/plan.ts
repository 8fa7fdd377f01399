/**
 * The gate as a list of units of work, in a fixed order: the sequential check, every scenario under
 * every memory model, the race pass of every scenario. A unit is plain data (a worker thread gets it by
 * structured clone); its outcome too. `--shard i/n` takes every n-th unit starting at the i-th, so n
 * shards together run each unit exactly once, and their outcomes put back in plan order are those of
 * one run.
 */
import type { MemoryModelName } from '../../kernel/rt/memory.ts';
import type { Profile } from '../../model/profile.ts';
import type { Scenario } from '../../scenarios/spec.ts';

/** What the gate's own units check against: a profile, or (absent) the one the implementation claims. */
interface Checked {
  readonly profile?: Profile;
}

export type GateUnit =
  | ({ readonly kind: 'sequential'; readonly id: string; readonly index: number; readonly impl: string } & Checked)
  | ({ readonly kind: 'scenario'; readonly id: string; readonly index: number; readonly impl: string; readonly scenario: Scenario; readonly memory: MemoryModelName; readonly timeLimit: number } & Checked)
  | ({ readonly kind: 'races'; readonly id: string; readonly index: number; readonly impl: string; readonly scenario: Scenario; readonly budget: number } & Checked)
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
  /** What to check against (`--profile`); absent: the profile the implementation claims. */
  readonly profile?: Profile;
}

export interface Shard {
  /** 1-based. */
  readonly index: number;
  readonly count: number;
}

export function gatePlan(o: GatePlanOptions): GateUnit[] {
  const units: GateUnit[] = [];
  const next = (): number => units.length;
  const checked: Checked = o.profile === undefined ? {} : { profile: o.profile };
  if (o.sequential) units.push({ kind: 'sequential', id: 'sequential', index: next(), impl: o.impl, ...checked });
  for (const scenario of o.scenarios) {
    // The verdicts must hold under both memory models: weak memory only adds behaviours.
    for (const memory of o.memories) units.push({ kind: 'scenario', id: `${scenario.name}/${memory}`, index: next(), impl: o.impl, scenario, memory, timeLimit: o.timeLimit, ...checked });
  }
  if (o.raceBudget > 0) for (const scenario of o.scenarios) units.push({ kind: 'races', id: `races/${scenario.name}`, index: next(), impl: o.impl, scenario, budget: o.raceBudget, ...checked });
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
