/**
 * What the library's runners accept as an implementation: a built-in name (`v4.1`, `mutant:<name>`),
 * a path or URL of a module exporting a PoolImpl (type-checked and loaded as `--impl` does), a C source
 * (`c:pool.c`), or a PoolImpl object (registered in-process under `object:<its name>`; its replay
 * tokens replay only in the same process).
 */
import { fileURLToPath } from 'node:url';
import type { AnyPoolImpl } from '../impl/pool-impl.ts';
import { loadedImpl, registerLoadedImpl } from '../impl/registry.ts';
import { isPoolImplShape, resolveImpl, type ResolveOptions } from '../impl/resolve.ts';

export type ImplSpec = string | URL | AnyPoolImpl;

/** The registry name given to each PoolImpl object passed in. */
const objectNames = new WeakMap<AnyPoolImpl, string>();

export async function implName(spec: ImplSpec, options: ResolveOptions = {}): Promise<string> {
  if (spec instanceof URL) return resolveImpl(fileURLToPath(spec), options);
  if (typeof spec === 'string') return resolveImpl(spec, options);
  if (!isPoolImplShape(spec)) throw new TypeError('not a PoolImpl: expected an object with a name and create, alloc, free, resize, destroy, inspect, lockOf, waitQueueOf');
  const known = objectNames.get(spec);
  if (known !== undefined) return known;
  // Another object under the same name (two versions of a pool in one test file) gets a name of its
  // own: results, caches and replay tokens are per object.
  let name = `object:${spec.name}`;
  for (let n = 2; loadedImpl(name) !== undefined; n++) name = `object:${spec.name}#${n}`;
  registerLoadedImpl(name, spec, null);
  objectNames.set(spec, name);
  return name;
}
