/**
 * What a pool is checked against. The **contract** is what every mempool must keep, stated at the API
 * (what alloc may return for each GFP class, the reserve guarantee of the seed's comment L300-316,
 * refill and wake-up on free, ownership, no leak, no sleep in atomic context, linearizability against
 * an abstract pool), with no opinion on how the pool allocates its own metadata or in which order it
 * calls the allocator. A **refinement profile** pins one kernel version's exact behaviour on top of the
 * contract: which allocator calls, in which order, with which masks; how the elements array is sized
 * and pre-filled; which element is handed out next.
 */
export type Profile = 'contract' | 'v4.1' | 'v6.17';

export const PROFILES: readonly Profile[] = ['contract', 'v4.1', 'v6.17'];

export const PROFILE_TEXT: Readonly<Record<Profile, string>> = {
  contract: 'what every mempool must keep, stated at the API (any design, any metadata, any allocator-call order)',
  'v4.1': "Linux v4.1 mm/mempool.c exactly (the seed): allocator calls, masks and their order; LIFO reserve; a min_nr 0 pool never takes an element back",
  'v6.17':
    'Linux v6.17 mm/mempool.c semantics on the seed: as v4.1, except that an empty zero-minimum pool takes a freed element back and wakes its waiters, and the elements array holds max(1, min_nr) pre-filled elements',
};

export function isProfile(text: string): text is Profile {
  return (PROFILES as readonly string[]).includes(text);
}

/** The profile named by `text`, or a RangeError naming the known ones (the CLI turns it into exit 2). */
export function profileNamed(text: string): Profile {
  if (isProfile(text)) return text;
  throw new RangeError(`unknown profile '${text}' (known: ${PROFILES.join(', ')})`);
}

/**
 * How many elements a pool of `min_nr` may hold. v4.1: exactly min_nr. v6.17 and the contract: at least
 * one, so that a zero-minimum pool can keep the one element a waiter needs (v6.17 mm/mempool.c L209,
 * L218: the elements array and the pre-fill are max(1, min_nr)).
 */
export function slotsOf(profile: Profile, min_nr: number): number {
  return profile === 'v4.1' ? min_nr : Math.max(1, min_nr);
}

/** A refinement profile: one kernel version's exact behaviour. */
export type Refinement = Exclude<Profile, 'contract'>;

export const REFINEMENTS: readonly Refinement[] = ['v4.1', 'v6.17'];
