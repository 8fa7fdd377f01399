// Whether the precompiled command line (scripts/bundle.mjs) is up to date: it exists and no source file
// it was built from has changed since (a missing or unreadable file counts as changed).
import { readFileSync, statSync } from 'node:fs';

/** @param {URL} dir the bundle's folder (holding main.js and inputs.json) @param {URL} root the repository */
export function bundleIsFresh(dir, root) {
  try {
    const built = statSync(new URL('main.js', dir)).mtimeMs;
    const { inputs } = JSON.parse(readFileSync(new URL('inputs.json', dir), 'utf8'));
    return inputs.length > 0 && inputs.every((file) => statSync(new URL(file, root)).mtimeMs <= built);
  } catch {
    return false;
  }
}
