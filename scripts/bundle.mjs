#!/usr/bin/env node
/**
 * Precompiles the command line into ES modules, dist/cli/main.js and the gate's worker dist/cli/worker.js (with a source map, so stack
 * positions, and through them the `// L123` notes of the port, stay those of the sources), and lists
 * every source file it was built from in dist/cli/inputs.json. `npm ci` runs it (the `prepare` script);
 * bin/mempool-check.js uses the bundle only while no input is newer, so it only ever saves start-up
 * time (~0.3 s of tsx loading ~200 TypeScript modules), never runs stale code.
 *
 * Usage: node scripts/bundle.mjs [OUTDIR]   (default dist/cli)
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../', import.meta.url));

export async function bundle(outdir = `${root}dist/cli`) {
  const result = await build({
    absWorkingDir: root,
    // The command line, and the worker threads the gate runs its units on (run/workers/pool.ts finds worker.js beside main.js).
    entryPoints: { main: 'cli/main.ts', worker: 'run/workers/worker-main.ts' },
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    keepNames: true, // reports name the port's functions from stack frames
    metafile: true,
    logLevel: 'warning',
  });
  writeFileSync(`${outdir}/inputs.json`, `${JSON.stringify({ inputs: Object.keys(result.metafile.inputs) }, null, 1)}\n`);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  await bundle(process.argv[2]);
}
