/**
 * Which scenarios are explored within a preemption bound, for which implementation.
 *
 * A scenario declares a bound (`scenario.bound`) only because the seed livelocks there: its grow/shrink
 * ping-pong makes executions unbounded, so a complete search could never end. The bound belongs to that
 * livelock, not to the scenario: it applies to an implementation known to have it (a LIVELOCK known
 * finding on the scenario, from its project file; the port's variants and mutants, edits of it that keep
 * its resize, inherit the port's unless they have an entry of their own). Every other implementation is
 * explored completely.
 * Should its executions turn out to be unbounded as well, the complete search cuts runs at the step
 * limit, which makes the result incomplete, or shows the livelock as a lasso: never a pass.
 */
import { LIVELOCK } from '../explorer/lasso.ts';
import type { MemoryModelName } from '../kernel/rt/memory.ts';
import { projectEntryFor } from '../config/project.ts';
import { builtinImplNames, PORT } from '../impl/registry.ts';
import { knownFindingsFor } from '../properties/known-findings.ts';
import type { ExplorationBound, Scenario } from '../scenarios/spec.ts';

/** A known finding as far as the bound cares: which property, under which memory model. */
interface Known {
  readonly property: string;
  readonly memory?: MemoryModelName;
}

export interface AppliedBound {
  /** At most this many preemptions per execution. */
  readonly maxPreemptions: number;
  readonly bound: ExplorationBound;
}

/**
 * The bound `scenario` is explored within under `memory`, given the implementation's known findings
 * on it (default: its project file's), or null: explore it completely.
 */
export function boundFor(scenario: Scenario, memory: MemoryModelName, impl: string, known?: readonly Known[]): AppliedBound | null {
  if (scenario.bound === undefined) return null;
  const findings = known ?? knownFindingsFor(scenario.name, inheritsFrom(impl), memory);
  if (!findings.some((f) => f.property === LIVELOCK && (f.memory === undefined || f.memory === memory))) return null;
  return declaredBound(scenario, memory);
}

/**
 * The scenario's own bound under `memory`, whoever is explored (null: it declares none). For a run
 * that must end whatever the implementation (`docs`), where a search of unbounded executions would not.
 */
export function declaredBound(scenario: Scenario, memory: MemoryModelName): AppliedBound | null {
  const bound = scenario.bound;
  if (bound === undefined) return null;
  return { maxPreemptions: memory === 'weak' ? (bound.weakMaxPreemptions ?? bound.maxPreemptions) : bound.maxPreemptions, bound };
}

/** Whose project entry says whether `impl` livelocks: its own, or for a built-in edit of the port without one, the port's. */
function inheritsFrom(impl: string): string {
  return projectEntryFor(impl) === null && impl !== PORT.name && builtinImplNames().includes(impl) ? PORT.name : impl;
}
