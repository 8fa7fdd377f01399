/** Defaults of the sequential check: a fixed seed (reproducible CI), overridable with MEMPOOL_SEED. */

/** Linux v4.1 was released on 2015-06-22. */
export const DEFAULT_SEED = 20150622;
export const DEFAULT_RUNS = 1000;

/** The seed from the environment (MEMPOOL_SEED), else the default; a malformed value is an error. */
export function seedFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): number {
  const text = env['MEMPOOL_SEED'];
  if (text === undefined || text === '') return DEFAULT_SEED;
  const seed = Number(text);
  if (!Number.isSafeInteger(seed)) throw new RangeError(`MEMPOOL_SEED must be an integer, got '${text}'`);
  return seed;
}
