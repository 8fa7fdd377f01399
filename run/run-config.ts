/**
 * Everything an execution depends on besides its recorded choices: the scenario, the implementation,
 * and the kernel settings. Together with the choices it determines the execution exactly, which is
 * what a replay token encodes.
 */
import type { KernelConfig, TimeoutMode } from '../kernel/rt/kernel.ts';
import type { MemoryModelName } from '../kernel/rt/memory.ts';
import { describeMemory, memoryFactory } from '../kernel/rt/weak/factory.ts';
import { DEFAULT_WEAK_OPTIONS } from '../kernel/rt/weak/options.ts';
import type { Program } from '../explorer/program.ts';
import { sharingOf } from '../explorer/execution.ts';
import { Sharing, type SharingSnapshot } from '../kernel/rt/sharing.ts';
import type { AnyPoolImpl } from '../impl/pool-impl.ts';
import { implNamed } from '../impl/registry.ts';
import type { Profile } from '../model/profile.ts';
import { scenarioProgram } from '../scenarios/program.ts';
import type { Scenario } from '../scenarios/spec.ts';
import type { PoolWorld } from '../scenarios/world.ts';
import { implementationThrew } from './impl-throws.ts';
import type { PropertySelection } from './monitors.ts';

export interface RunConfig {
  readonly scenario: Scenario;
  /** Implementation registry name (`v4.1`, `mutant:free-no-wake`). */
  readonly impl: string;
  /** What it is checked against (model/profile.ts): the contract, or a version's refinement. */
  readonly profile: Profile;
  readonly memory: MemoryModelName;
  /** Weak model bounds (MEMORY-MODEL.md): stale reads per execution, history window (Infinity: none). */
  readonly staleReads: number;
  readonly window: number;
  readonly timeouts: TimeoutMode;
  readonly timeoutBudget: number;
  readonly fineGrained: boolean;
  /** A run is cut after this many steps: a LIVELOCK if it holds a confirmed lasso, else it makes the result incomplete. */
  readonly maxSteps: number;
  /**
   * Where steps merged when the run was recorded (a replay token's): the runtime then learns nothing
   * and decides exactly as then. Absent, the program learns it while it is explored.
   */
  readonly sharing?: SharingSnapshot;
  /** Which properties are checked (`--properties` / `--skip`); absent: every property of the profile. */
  readonly properties?: PropertySelection;
}

export const DEFAULT_MAX_STEPS = 2000;

/** The profile an implementation is checked against unless told otherwise: the one it claims, else the contract. */
export function defaultProfile(impl: string): Profile {
  return implNamed(impl).profile ?? 'contract';
}

/** The settings a scenario runs with unless told otherwise. */
export function defaultConfig(scenario: Scenario, impl: string, profile: Profile = defaultProfile(impl)): RunConfig {
  return { scenario, impl, profile, memory: 'sc', ...DEFAULT_WEAK_OPTIONS, timeouts: scenario.timeouts, timeoutBudget: 1, fineGrained: false, maxSteps: DEFAULT_MAX_STEPS };
}

/** By scenario, then by implementation object (a name may be loaded again with new code), then by programKey. */
const PROGRAMS = new WeakMap<Scenario, WeakMap<AnyPoolImpl, Map<string, Program<PoolWorld>>>>();

/** What makes two configurations run the same program (the step limit and the properties do not). */
function programKey(c: RunConfig): string {
  const sharing = c.sharing === undefined ? 'learn' : JSON.stringify(c.sharing);
  return [c.impl, c.memory, String(c.staleReads), String(c.window), c.timeouts, c.timeoutBudget, c.fineGrained, sharing].join('|');
}

/**
 * The program a configuration runs: the same object for every configuration that runs the same
 * program (whatever its step limit), so that an exploration, a lasso search with another step limit
 * and the counterexample built afterwards share what the runtime learned about where steps may merge
 * (explorer/execution.ts sharingOf), and a recorded run replays as it was found.
 */
export function programOf(config: RunConfig): Program<PoolWorld> {
  const impl = implNamed(config.impl);
  let byImpl = PROGRAMS.get(config.scenario);
  if (byImpl === undefined) {
    byImpl = new WeakMap();
    PROGRAMS.set(config.scenario, byImpl);
  }
  let byKey = byImpl.get(impl);
  if (byKey === undefined) {
    byKey = new Map();
    byImpl.set(impl, byKey);
  }
  const key = programKey(config);
  const known = byKey.get(key);
  if (known !== undefined) return known;
  const overrides: Partial<Omit<KernelConfig, 'faults'>> = {
    memory: memoryFactory({ model: config.memory, staleReads: config.staleReads, window: config.window }),
    timeouts: config.timeouts,
    timeoutBudget: config.timeoutBudget,
    fineGrained: config.fineGrained,
    ...(config.sharing === undefined ? {} : { sharing: Sharing.fromSnapshot(config.sharing) }),
    // An exception of the implementation's own code is its finding (IMPL-CRASH), the checker's an internal error.
    implementationThrew,
  };
  const program = scenarioProgram(config.scenario, impl, overrides);
  byKey.set(key, program);
  return program;
}

/** What the program of `config` has learned about where steps merge (for a replay token). */
export function sharingSnapshotOf(config: RunConfig): SharingSnapshot {
  return sharingOf(programOf(config)).snapshot();
}

/** One line: what ran, for report headers. */
export function configLine(c: RunConfig): string {
  const budget = c.timeouts === 'timed' ? ` (${c.timeoutBudget} timeout${c.timeoutBudget === 1 ? '' : 's'})` : '';
  const memory = c.memory === 'weak' ? `weak memory (${describeMemory({ model: 'weak', staleReads: c.staleReads, window: c.window }).slice('weak, '.length)})` : `${c.memory} memory`;
  const profile = c.profile === defaultProfile(c.impl) ? '' : ` (profile ${c.profile})`;
  return `${c.scenario.name} on ${c.impl}${profile}, ${memory}, ${c.timeouts}${budget}${c.fineGrained ? ', fine-grained' : ''}`;
}
