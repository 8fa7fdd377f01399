import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Exhaustive explorations are CPU-bound: one fork per core.
    pool: 'forks',
    // A limit catches a hang; it is no assertion on speed. Every test but those of the files that set
    // their own (vi.setConfig, with the measurement it rests on) took at most 12.5 s in a fresh-clone run
    // on the 2-core machine (2026-12-05); hooks (the package test packs and installs) at most ~30 s.
    testTimeout: 60_000,
    hookTimeout: 300_000,
    reporters: ['default'],
  },
});
