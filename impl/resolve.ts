/**
 * `--impl` specs to registry names. A built-in name (`v4.1`, a variant, `mutant:<name>`) is itself; a
 * path to a .ts or .js module (optionally `#exportName`, optionally prefixed `file:`) is type-checked
 * (TypeScript), imported (TypeScript through tsx), its PoolImpl export found and registered as
 * `file:<path>#<export>`; `c:path/to/pool.c` goes to the C front end (c/load.ts). Asynchronous, run
 * once before anything explores, so that everything after it looks names up synchronously: loading is
 * not part of any execution (no scheduler choice depends on it), and a token pins the loaded file by its
 * content hash, so replays see the same code.
 *
 * Bad input (no such file, no PoolImpl export, several, a type error) is an ImplLoadError: one line
 * (type errors: one line each), exit 2 on the command line.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AnyPoolImpl } from './pool-impl.ts';
import { builtinImplNames, implSource, isLoadableName, registerLoadedImpl } from './registry.ts';
import { isTypeScript, typecheckImplFile } from './resolve-typecheck.ts';
import { packageRoot } from './package-root.ts';

export class ImplLoadError extends Error {}

export interface ResolveOptions {
  /** Paths are relative to this folder (default: the working directory). */
  readonly cwd?: string;
  /** Type-check TypeScript files before loading them (default true). */
  readonly typecheck?: boolean;
}

/** The methods every PoolImpl has (impl/pool-impl.ts). */
const METHODS = ['create', 'alloc', 'free', 'resize', 'destroy', 'inspect', 'lockOf', 'waitQueueOf'] as const;

/** Whether a spec names a file rather than a built-in implementation. */
export function isPathSpec(spec: string): boolean {
  const path = spec.replace(/^file:/, '').replace(/#[^/\\]*$/, '');
  return spec.startsWith('file:') || path.startsWith('.') || isAbsolute(path) || path.includes('/') || /\.(c|m)?[jt]s$/.test(path);
}

/** Resolves an `--impl` spec to a registry name, loading and registering a file implementation. */
export async function resolveImpl(spec: string, options: ResolveOptions = {}): Promise<string> {
  if (spec.startsWith('c:')) return resolveC(spec.slice(2), options);
  if (!isPathSpec(spec)) {
    if (builtinImplNames().includes(spec) || builtinImplNames().includes(`mutant:${spec}`)) return spec;
    throw new ImplLoadError(`unknown implementation '${spec}' (known: ${builtinImplNames().join(', ')}; or a path to a .ts/.js file exporting a PoolImpl, or c:path/to/pool.c)`);
  }
  const body = spec.replace(/^file:/, '');
  const hashAt = body.search(/#[^/\\]*$/);
  const pathText = hashAt < 0 ? body : body.slice(0, hashAt);
  const wanted = hashAt < 0 ? null : body.slice(hashAt + 1);
  const file = existingFile(pathText, options);
  const hash = contentHash(file);
  const module = await importModule(file);
  const exportName = pickExport(module, wanted, pathText);
  if (isTypeScript(file) && options.typecheck !== false) {
    const errors = typecheckImplFile(file, exportName);
    if (errors.length > 0) throw new ImplLoadError(`${pathText} does not type-check:\n${errors.join('\n')}`);
  }
  const display = displayName(file, options);
  const name = `file:${display}#${exportName}`;
  registerLoadedImpl(name, module[exportName] as AnyPoolImpl, { file: display, absolute: file, hash, exportName });
  return name;
}

/** Resolves several specs (duplicates are loaded once). */
export async function resolveImpls(specs: readonly string[], options: ResolveOptions = {}): Promise<string[]> {
  const out: string[] = [];
  for (const s of specs) out.push(await resolveImpl(s, options));
  return out;
}

/**
 * Loads a registry name recorded in a token or report (`file:./pool.ts#x`, `c:./pool.c`) if it is not
 * loaded yet, and says whether its file still has the recorded hash. Built-in names pass through.
 */
export async function ensureImplLoaded(name: string, options: ResolveOptions = {}): Promise<string> {
  if (!isLoadableName(name) || implSource(name) !== null) return name;
  const loadedAs = await resolveImpl(name, options);
  if (loadedAs !== name) throw new ImplLoadError(`implementation '${name}' loads as '${loadedAs}' from here: run from the folder it was recorded in`);
  return name;
}

async function resolveC(pathText: string, options: ResolveOptions): Promise<string> {
  const file = existingFile(pathText, options);
  const hash = contentHash(file);
  let frontEnd: typeof import('../c/load.ts');
  try {
    // Loaded on first use (its parser is WebAssembly); a literal path, so the bundle carries it.
    frontEnd = await import('../c/load.ts');
  } catch (e) {
    throw new ImplLoadError(`c:${pathText}: the C front end failed to load: ${e instanceof Error ? e.message : String(e)}`);
  }
  let impl: AnyPoolImpl;
  try {
    impl = await frontEnd.loadCImpl(file);
  } catch (e) {
    // C outside the subset, or not a pool: one line naming file, line, column and the construct.
    if (e instanceof frontEnd.CUnsupported) throw new ImplLoadError(e.message);
    throw e;
  }
  const name = `c:${displayName(file, options)}`;
  registerLoadedImpl(name, impl, { file: displayName(file, options), absolute: file, hash, exportName: null });
  return name;
}

function existingFile(pathText: string, options: ResolveOptions): string {
  const file = resolve(options.cwd ?? process.cwd(), pathText);
  if (!existsSync(file)) throw new ImplLoadError(`${pathText}: no such file`);
  if (!statSync(file).isFile()) throw new ImplLoadError(`${pathText}: not a file`);
  return file;
}

/** sha256 of a file's content, first 16 hex digits: what a replay token checks. */
export function contentHash(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 16);
}

/** The path as names and reports show it: `./x/pool.ts` relative to the working directory, else absolute. */
function displayName(file: string, options: ResolveOptions): string {
  const rel = relative(options.cwd ?? process.cwd(), file).replaceAll('\\', '/');
  if (rel.startsWith('..') || isAbsolute(rel)) return file;
  return `./${rel}`;
}

type ModuleExports = Record<string, unknown>;

async function importModule(file: string): Promise<ModuleExports> {
  const url = pathToFileURL(file).href;
  try {
    if (!isTypeScript(file)) return (await import(url)) as ModuleExports;
    // Stack positions in the file's own lines (tsx gives its output a source map): reports name them.
    process.setSourceMapsEnabled(true);
    const { tsImport } = await import('tsx/esm/api');
    // The repository's tsconfig maps `mempool-check/*` to the sources for its own examples; a user's
    // file is loaded with the tsconfig of its own folder (tsx's default lookup from the working directory).
    const inPackage = file.startsWith(packageRoot());
    return (await tsImport(url, { parentURL: import.meta.url, ...(inPackage ? { tsconfig: `${packageRoot()}tsconfig.json` } : {}) })) as ModuleExports;
  } catch (e) {
    throw new ImplLoadError(`${relative(process.cwd(), file)} failed to load: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
  }
}

/** Whether a value has the shape of a PoolImpl (its type is checked separately for TypeScript). */
export function isPoolImplShape(v: unknown): v is AnyPoolImpl {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return typeof o['name'] === 'string' && METHODS.every((m) => typeof o[m] === 'function');
}

function pickExport(module: ModuleExports, wanted: string | null, pathText: string): string {
  const names = Object.keys(module);
  if (wanted !== null) {
    if (!(wanted in module)) throw new ImplLoadError(`${pathText} has no export '${wanted}' (exports: ${names.join(', ') || 'none'})`);
    if (!isPoolImplShape(module[wanted])) throw new ImplLoadError(`${pathText}: export '${wanted}' is not a PoolImpl (${missing(module[wanted])})`);
    return wanted;
  }
  if (isPoolImplShape(module['default'])) return 'default';
  const pools = names.filter((n) => isPoolImplShape(module[n]));
  if (pools.length === 1) return pools[0] as string;
  if (pools.length > 1) throw new ImplLoadError(`${pathText} exports several PoolImpls (${pools.join(', ')}): name one, e.g. ${pathText}#${pools[0]}`);
  throw new ImplLoadError(`${pathText} exports no PoolImpl (an object with a name and ${METHODS.join(', ')}; exports: ${names.join(', ') || 'none'})`);
}

function missing(v: unknown): string {
  if (typeof v !== 'object' || v === null) return `it is ${v === null ? 'null' : typeof v}`;
  const o = v as Record<string, unknown>;
  const absent = [...(typeof o['name'] === 'string' ? [] : ['name']), ...METHODS.filter((m) => typeof o[m] !== 'function')];
  return `missing ${absent.join(', ')}`;
}
