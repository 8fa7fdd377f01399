/**
 * Everything an execution depends on besides its recorded choices: the scenario, the implementation,
 * and the kernel settings. Together with the choices it determines the execution exactly, which is
 * what a replay token encodes.
 */
import type { KernelConfig, TimeoutMode } from '../kernel/rt/kernel.ts';
import type { MemoryModel, MemoryModelName } from '../kernel/rt/memory.ts';
import { ScMemory } from '../kernel/rt/memory-sc.ts';
import type { Program } from '../explorer/program.ts';
import { implNamed } from '../impl/registry.ts';
import { scenarioProgram } from '../scenarios/program.ts';
import type { Scenario } from '../scenarios/spec.ts';
import type { PoolWorld } from '../scenarios/world.ts';

export interface RunConfig {
  readonly scenario: Scenario;
  /** Implementation registry name (`v4.1`, `mutant:free-no-wake`). */
  readonly impl: string;
  readonly memory: MemoryModelName;
  readonly timeouts: TimeoutMode;
  readonly timeoutBudget: number;
  readonly fineGrained: boolean;
  /** A run longer than this is a STEP-LIMIT finding. */
  readonly maxSteps: number;
}

export const DEFAULT_MAX_STEPS = 2000;

/** The settings a scenario runs with unless told otherwise. */
export function defaultConfig(scenario: Scenario, impl: string): RunConfig {
  return { scenario, impl, memory: 'sc', timeouts: scenario.timeouts, timeoutBudget: 1, fineGrained: false, maxSteps: DEFAULT_MAX_STEPS };
}

export const MEMORY_MODELS: readonly MemoryModelName[] = ['sc', 'weak'];

/** A factory for a memory model by name; a RangeError names what is not available. */
export function memoryFactory(name: MemoryModelName): () => MemoryModel {
  switch (name) {
    case 'sc':
      return () => new ScMemory();
    case 'weak':
      throw new RangeError("the weak memory model is not available yet (use --memory sc)");
    default: {
      const never: never = name;
      throw new RangeError(`unknown memory model '${String(never)}' (known: ${MEMORY_MODELS.join(', ')})`);
    }
  }
}

export function programOf(config: RunConfig): Program<PoolWorld> {
  const overrides: Partial<Omit<KernelConfig, 'faults'>> = {
    memory: memoryFactory(config.memory),
    timeouts: config.timeouts,
    timeoutBudget: config.timeoutBudget,
    fineGrained: config.fineGrained,
  };
  return scenarioProgram(config.scenario, implNamed(config.impl), overrides);
}

/** One line: what ran, for report headers. */
export function configLine(c: RunConfig): string {
  const budget = c.timeouts === 'timed' ? ` (${c.timeoutBudget} timeout${c.timeoutBudget === 1 ? '' : 's'})` : '';
  return `${c.scenario.name} on ${c.impl}, ${c.memory} memory, ${c.timeouts}${budget}${c.fineGrained ? ', fine-grained' : ''}`;
}
