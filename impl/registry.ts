/**
 * Implementations by name: the port, variants, `mutant:<name>` for every seeded bug, and those loaded
 * at run time (a file: `file:./pool.ts`, a C source: `c:./pool.c`), which impl/resolve.ts loads
 * asynchronously and registers here before anything runs, so that looking a name up stays synchronous
 * (programOf, replay tokens).
 */
import { buildMutant } from './patched/load.ts';
import { MUTANTS } from './mutants/registry.ts';
import type { AnyPoolImpl } from './pool-impl.ts';
import { v41 } from './v4.1/index.ts';
import { variantNamed, variantNames } from './variants/registry.ts';

export const PORT: AnyPoolImpl = v41;

/** Where a loaded implementation came from: its file and the hash of the file's content. */
export interface ImplSource {
  /** The file as the user named it, relative to the working directory where it can be. */
  readonly file: string;
  readonly absolute: string;
  /** sha256 of the file's content (hex, first 16 digits): a token refuses a changed file. */
  readonly hash: string;
  /** The export the PoolImpl was taken from (`default` for the default export); null for C sources. */
  readonly exportName: string | null;
}

interface Loaded {
  readonly impl: AnyPoolImpl;
  /** null for an object handed over in-process (the library's runners): nothing to re-load it from. */
  readonly source: ImplSource | null;
}

const loaded = new Map<string, Loaded>();

/** Registers an implementation loaded at run time under its registry name (`file:...`, `c:...`, `object:...`). */
export function registerLoadedImpl(name: string, impl: AnyPoolImpl, source: ImplSource | null): void {
  loaded.set(name, { impl, source });
}

/** The implementation loaded under `name`, if any. */
export function loadedImpl(name: string): AnyPoolImpl | undefined {
  return loaded.get(name)?.impl;
}

/** The file behind a loaded implementation, or null for built-in ones. */
export function implSource(name: string): ImplSource | null {
  return loaded.get(name)?.source ?? null;
}

/** Whether a name is one of a file implementation (`file:`) or a C source (`c:`), loaded or not. */
export const isLoadableName = (name: string): boolean => name.startsWith('file:') || name.startsWith('c:');

/** Built-in implementations (the port, variants, mutants). */
export function builtinImplNames(): string[] {
  return [v41.name, ...variantNames(), ...[...MUTANTS.keys()].map((m) => `mutant:${m}`)];
}

export function implNames(): string[] {
  return [...builtinImplNames(), ...loaded.keys()];
}

export function implNamed(name: string): AnyPoolImpl {
  if (name === v41.name) return v41;
  const variant = variantNamed(name);
  if (variant) return variant;
  const mutant = MUTANTS.get(name.replace(/^mutant:/, ''));
  if (mutant) return buildMutant(mutant);
  const file = loaded.get(name);
  if (file) return file.impl;
  if (isLoadableName(name)) throw new RangeError(`implementation '${name}' is not loaded (a file or C implementation is loaded before the run starts)`);
  throw new RangeError(`unknown implementation '${name}' (known: ${builtinImplNames().join(', ')}, or a path to a .ts/.js file exporting a PoolImpl, or c:path/to/pool.c)`);
}
