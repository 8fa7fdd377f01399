#!/usr/bin/env node
// Runs the command line from dist/cli/ (precompiled by `npm ci`, see scripts/bundle.mjs) while it is up
// to date with every source it was built from, otherwise from the TypeScript sources through tsx: a
// clone works without a build step and an edit never runs stale. Both give the same results; the
// bundle only starts faster. MEMPOOL_CHECK_FROM=sources (or =bundle) forces one of them.
import { bundleIsFresh } from './bundle-fresh.js';

const root = new URL('../', import.meta.url);
const dist = new URL('dist/cli/', root);
const from = process.env.MEMPOOL_CHECK_FROM ?? (bundleIsFresh(dist, root) ? 'bundle' : 'sources');

let main;
if (from === 'bundle') {
  // Every module of a bundle shares its URL: the port's sources are found from here instead.
  globalThis.mempoolCheckRoot = root.href;
  // Stack positions in the sources: reports find an operation's `// L123` note through them.
  process.setSourceMapsEnabled(true);
  ({ main } = await import(new URL('main.js', dist).href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
