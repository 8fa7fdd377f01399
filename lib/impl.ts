/**
 * What the library's runners accept as an implementation: a built-in name (`v4.1`, `mutant:<name>`),
 * a path or URL of a module exporting a PoolImpl (type-checked and loaded as `--impl` does), a C source
 * (`c:pool.c`), or a PoolImpl object (registered in-process under `object:<its name>`; its replay
 * tokens replay only in the same process).
 */
import { fileURLToPath } from 'node:url';
import type { AnyPoolImpl } from '../impl/pool-impl.ts';
import { registerLoadedImpl } from '../impl/registry.ts';
import { isPoolImplShape, resolveImpl, type ResolveOptions } from '../impl/resolve.ts';

export type ImplSpec = string | URL | AnyPoolImpl;

export async function implName(spec: ImplSpec, options: ResolveOptions = {}): Promise<string> {
  if (spec instanceof URL) return resolveImpl(fileURLToPath(spec), options);
  if (typeof spec === 'string') return resolveImpl(spec, options);
  if (!isPoolImplShape(spec)) throw new TypeError('not a PoolImpl: expected an object with a name and create, alloc, free, resize, destroy, inspect, lockOf, waitQueueOf');
  const name = `object:${spec.name}`;
  registerLoadedImpl(name, spec, null);
  return name;
}
