// Starts a worker thread of the command line: in the precompiled bundle (dist/cli/worker.js) with the
// repository root the bundle needs (impl/patched/load.ts reads the port's sources from it) and source
// maps on (reports find the `// L123` notes through stack positions); from the TypeScript sources
// through tsx, which a worker must register itself (Node 20 does not pass loader hooks to workers).
import { workerData } from 'node:worker_threads';

if (workerData.root !== null) globalThis.mempoolCheckRoot = workerData.root;
process.setSourceMapsEnabled(true);
if (workerData.entry.endsWith('.ts')) {
  const { register } = await import('tsx/esm/api');
  register();
}
await import(workerData.entry);
