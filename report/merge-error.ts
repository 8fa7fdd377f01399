/** Shards that do not make one run (different runs, the same shard twice): bad input to `merge`. */
export class MergeError extends Error {}
