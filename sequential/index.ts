/** The sequential model-based check: what the CLI and the gate use. */
export { runSequence, runSequentialCheck, type SequentialFailure, type SequentialOptions, type SequentialReport } from './check.ts';
export { formatSequentialReport, replayCommand } from './report.ts';
export { DEFAULT_RUNS, DEFAULT_SEED, seedFromEnv } from './seed.ts';
export { sequenceArbitrary, LIMITS } from './arbitraries.ts';
export type { DisagreementDetail } from './disagreement.ts';
export type { Exercised } from './tally.ts';
