#!/usr/bin/env node
/**
 * Precompiles the package into ES modules under dist/: the command line (dist/cli/main.js), the gate's
 * worker (dist/cli/worker.js) and the library's entries (dist/index.js, dist/kernel.js, dist/vitest.js),
 * with the code they share in chunks (dist/chunks/), so that a pool loaded from a file and the checker
 * running it share one copy of the kernel. Source maps keep stack positions, and through them the
 * `// L123` notes of the port, those of the sources. Lists every source file it was built from in dist/cli/inputs.json:
 * bin/mempool-check.js uses the bundle only while no input is newer, so it only ever saves start-up
 * time (~0.3 s of tsx loading ~200 TypeScript modules), never runs stale code.
 *
 * `npm ci` runs it (the `prepare` script); `npm pack` runs it and the declarations (`npm run build`).
 * Usage: node scripts/bundle.mjs [OUTDIR]   (default dist)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../', import.meta.url));

export async function bundle(outdir = `${root}dist`) {
  const result = await build({
    absWorkingDir: root,
    // The command line, the worker threads the gate runs its units on (run/workers/pool.ts finds
    // cli/worker.js), and the library's entries.
    entryPoints: { 'cli/main': 'cli/main.ts', 'cli/worker': 'run/workers/worker-main.ts', index: 'index.ts', kernel: 'kernel.ts', vitest: 'vitest.ts' },
    outdir,
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    keepNames: true, // reports name the port's functions from stack frames
    metafile: true,
    logLevel: 'warning',
  });
  mkdirSync(`${outdir}/cli`, { recursive: true });
  writeFileSync(`${outdir}/cli/inputs.json`, `${JSON.stringify({ inputs: Object.keys(result.metafile.inputs) }, null, 1)}\n`);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  await bundle(process.argv[2]);
}
