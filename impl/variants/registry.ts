/** Later kernels and fixed versions, by name. Adding one: a folder or file here and a line below. */
import type { AnyPoolImpl } from '../pool-impl.ts';

export const VARIANTS: ReadonlyMap<string, AnyPoolImpl> = new Map<string, AnyPoolImpl>();
