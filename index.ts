/**
 * `mempool-check`: the library. The PoolImpl interface an implementation provides, and the runners the
 * command line is made of — the sequential model-based check, exploration of a scenario's
 * interleavings, fuzzing with random scenarios, race detection — each returning a structured result
 * with the counterexample as text and its replay token. The kernel API is `mempool-check/kernel`;
 * vitest helpers are `mempool-check/vitest`.
 */
export type { AnyPoolImpl, Backend, BackendKind, PoolImpl, PoolSnapshot } from './impl/pool-impl.ts';
export { DEFAULT_BACKENDS } from './impl/pool-impl.ts';
export { ImplLoadError } from './impl/resolve.ts';
export { NondeterministicImplError } from './lib/nondeterminism.ts';
export type { Scenario, ThreadProgram, Command as ScenarioCommand } from './scenarios/spec.ts';
export { SCENARIOS } from './scenarios/registry.ts';
export { PROPERTIES } from './properties/registry.ts';
export type { PropertySelection } from './run/monitors.ts';
export { PROFILES, PROFILE_TEXT, type Profile } from './model/profile.ts';
export { implName as loadImpl, type ImplSpec } from './lib/impl.ts';
export { checkSequential, type SequentialCheckOptions, type SequentialCheckResult } from './lib/check.ts';
export { explore, type ExploreOptions, type ExploreResult } from './lib/explore.ts';
export type { HeapReading } from './run/heap.ts';
export type { StoppedBy } from './run/session.ts';
export { fuzz, type FuzzOptions, type FuzzResult } from './lib/fuzz.ts';
export { races, type RacesOptions, type RacesResult } from './lib/races.ts';
export type { CounterexampleResult, Verdict } from './lib/result.ts';
