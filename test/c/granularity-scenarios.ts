/** Which named scenarios the coarse-against-fine tests compare where (stateful-granularity*.test.ts). */

/**
 * The named scenarios whose fine-grained state space is small enough for a quick run (measured on the
 * 2-core machine, seed C, sc: fine states 577 to 6,245, under 6 s each), and resize3, the one whose
 * stateless fine exploration never ends (its ping-pong): 2,166 states coarse, 94,154 fine, LIVELOCK in
 * both (~40 s here). The larger ones (gfp-mix, trio3, meta-faults) are in
 * stateful-granularity-large.test.ts, which also says why quad4 is left out.
 */
export const SIZED_FOR_CI: readonly string[] = ['pair2', 'atomic2', 'zero-min', 'grow2', 'resize-wake', 'holder2', 'timed-rescue', 'sleepy-shrink', 'handoff-lock', 'handoff-refill', 'handoff3', 'resize3'];

/** Larger at fine grain (tens to hundreds of thousands of states): stateful-granularity-large.test.ts. */
export const LARGE: readonly string[] = ['gfp-mix', 'trio3', 'meta-faults'];
