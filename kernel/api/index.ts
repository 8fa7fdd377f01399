/**
 * The simulated kernel in the kernel's own names: the only surface an implementation may import.
 * Every primitive is a generator: `yield*` it, as the C code would call it.
 */
export * from './alloc.ts';
export * from './debug.ts';
export * from './memory.ts';
export * from './sync.ts';
export * from './unsequenced.ts';
export * from './wait.ts';
export * from '../rt/gfp.ts';
export type { Gen, Loc, Ptr } from '../rt/ops.ts';
