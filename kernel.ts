/**
 * `mempool-check/kernel`: the simulated kernel an implementation is written against (docs/kernel-api.md
 * lists every name, what it does and where it is a scheduling point). Every primitive is a generator:
 * `yield*` it where the C calls it.
 */
export * from './kernel/api/index.ts';
export { setOpSite, type ExplicitSite } from './kernel/rt/trace.ts';
export type { Backend, BackendKind, PoolImpl, PoolSnapshot } from './impl/pool-impl.ts';
export { DEFAULT_BACKENDS } from './impl/pool-impl.ts';
