/**
 * The folder of the mempool-check package itself (the repository, or node_modules/mempool-check):
 * where the port's sources are read from (mutants, variants) and what tells the checker's own stack
 * frames from an implementation's. Found from this module's location, which is a source file under
 * impl/ or a precompiled chunk under dist/; the precompiled command line names it explicitly.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | null = null;

/** Absolute path of the package folder, ending in a path separator. */
export function packageRoot(): string {
  if (cached !== null) return cached;
  const named = (globalThis as { mempoolCheckRoot?: string }).mempoolCheckRoot;
  let dir = named === undefined ? dirname(fileURLToPath(import.meta.url)) : fileURLToPath(named);
  for (;;) {
    if (isOurs(join(dir, 'package.json'))) break;
    const up = dirname(dir);
    if (up === dir) throw new Error(`mempool-check: cannot find the package folder above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
  cached = dir.endsWith(sep) ? dir : dir + sep;
  return cached;
}

function isOurs(file: string): boolean {
  if (!existsSync(file)) return false;
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown }).name === 'mempool-check';
  } catch {
    return false;
  }
}
