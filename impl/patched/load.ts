/**
 * Builds a PoolImpl from a port edit (a mutant, or a patch variant): the port's files are transpiled (Sucrase keeps every line where it
 * was, so stack traces still point at the `// L123` notes) and evaluated as a private module set in
 * which the patched file replaces the original. Synchronous, so callers need no async.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import vm from 'node:vm';
import * as api from '../../kernel/api/index.ts';
import { packageRoot } from '../package-root.ts';
import type { PoolImpl } from '../pool-impl.ts';
import { v41Impl, type V41Functions } from '../v4.1/index.ts';
import type { mempool_t } from '../v4.1/mempool_t.ts';
import type { Mutant } from '../mutants/mutant.ts';
import type { Patch, PortEdit } from './edit.ts';

/** The port's sources, in the package folder (the repository, or the installed package, which ships them). */
const PORT_DIR = `${packageRoot()}impl/v4.1/`;

/** Sucrase, loaded on first use: most runs check the port itself and never need it (~50 ms to load). */
let sucrase: typeof import('sucrase') | null = null;
const transpile = (source: string, file: string): string => {
  sucrase ??= createRequire(import.meta.url)('sucrase') as typeof import('sucrase');
  return sucrase.transform(source, { transforms: ['typescript', 'imports'], filePath: file }).code;
};

/** Patched sources by the virtual file name their code runs under (reports read lines from here). */
export const virtualSources = new Map<string, string>();

export class MutantError extends Error {}

export function applyPatches(source: string, patches: readonly Patch[], where: string): string {
  let out = source;
  for (const p of patches) {
    const first = out.indexOf(p.find);
    if (first < 0) throw new MutantError(`${where}: patch text not found in the port:\n${p.find}`);
    if (out.indexOf(p.find, first + 1) >= 0) throw new MutantError(`${where}: patch text occurs more than once:\n${p.find}`);
    out = out.slice(0, first) + p.replace + out.slice(first + p.find.length);
  }
  return out;
}

type Exports = Record<string, unknown>;

/** Evaluates the port's modules with `file` patched; returns the exports of each module by file name. */
function loadPatchedPort(edit: PortEdit, implName: string): (file: string) => Exports {
  const cache = new Map<string, Exports>();
  const load = (file: string): Exports => {
    const cached = cache.get(file);
    if (cached) return cached;
    const original = readFileSync(PORT_DIR + file, 'utf8');
    const patches = file === edit.file ? edit.patches : edit.alsoPatches?.find((a) => a.file === file)?.patches;
    const source = patches ? applyPatches(original, patches, implName) : original;
    const filename = `${PORT_DIR}${implName}/${file}`;
    virtualSources.set(filename, source);
    const exports: Exports = {};
    cache.set(file, exports);
    const code = transpile(source, file);
    // Wrapped on the first line so that line numbers stay those of the source.
    const fn = vm.runInThisContext(`(function (exports, require, module) {${code}\n})`, { filename }) as (
      exports: Exports,
      require: (spec: string) => unknown,
      module: { exports: Exports },
    ) => void;
    fn(exports, (spec) => resolve(spec, file), { exports });
    return exports;
  };
  const resolve = (spec: string, from: string): unknown => {
    if (spec.endsWith('/kernel/api/index.ts')) return api;
    if (spec.startsWith('./')) return load(spec.slice(2));
    if (spec === '../pool-impl.ts') return {};
    throw new MutantError(`${implName}: ${from} imports '${spec}', which a patched port cannot load`);
  };
  return load;
}

const built = new Map<string, PoolImpl<mempool_t>>();

export function buildMutant(mutant: Mutant): PoolImpl<mempool_t> {
  return buildPatchedPort(mutant, `mutant:${mutant.name}`);
}

/** The port with `edit` applied, as an implementation registered under `implName`. */
export function buildPatchedPort(edit: PortEdit, implName: string): PoolImpl<mempool_t> {
  const cached = built.get(implName);
  if (cached) return cached;
  const load = loadPatchedPort(edit, implName);
  const fns = {
    mempool_create_for: load('mempool.h.ts')['mempool_create_for'],
    mempool_create_node_for: load('mempool.h.ts')['mempool_create_node_for'],
    mempool_alloc: load('alloc.ts')['mempool_alloc'],
    mempool_free: load('free.ts')['mempool_free'],
    mempool_resize: load('resize.ts')['mempool_resize'],
    mempool_destroy: load('create.ts')['mempool_destroy'],
  } as unknown as V41Functions; // evaluated from the port's own sources: same shapes as the imports
  for (const [name, fn] of Object.entries(fns)) {
    if (typeof fn !== 'function') throw new MutantError(`${implName}: ${name} missing after patching`);
  }
  const impl = v41Impl(implName, edit.summary, fns, edit.profile ?? 'v4.1');
  built.set(implName, impl);
  return impl;
}
