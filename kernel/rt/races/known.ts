/**
 * Races the seed has on purpose, with the reason they are accepted: reported as known findings, not
 * failures. Matched by the racing plain access's seed line and the conflicting access's seed lines.
 */
export interface KnownRace {
  readonly id: string;
  /** The location as reports name it (`pool->curr_nr`). */
  readonly location: string;
  /** Seed line of the racing plain access. */
  readonly plain: string;
  /** Seed lines of the conflicting accesses it races with. */
  readonly against: readonly string[];
  readonly reason: string;
}

const LOCKLESS_TEST =
  "mempool_free's unlocked test `curr_nr < min_nr` (L317) is deliberate: a stale value can only send the element to free_fn or to the locked re-check (L319), and the smp_wmb (L227) / smp_rmb (L298) pair makes curr_nr new enough for the reserve to be refilled (Tejun's comment, L300-316). LKMM calls a racing plain access undefined behaviour; upstream later marked the read with READ_ONCE after a KCSAN report";

export const KNOWN_RACES: readonly KnownRace[] = [
  {
    id: 'free-lockless-curr_nr',
    location: 'pool->curr_nr',
    plain: 'L317',
    // remove_element (L28) and add_element (L22) store curr_nr under the lock.
    against: ['L22', 'L28'],
    reason: LOCKLESS_TEST,
  },
  {
    id: 'free-lockless-min_nr',
    location: 'pool->min_nr',
    plain: 'L317',
    // mempool_resize stores min_nr under the lock when it shrinks (L143) or grows (L165).
    against: ['L143', 'L165'],
    reason: `${LOCKLESS_TEST}; the same test reads min_nr, which mempool_resize changes under the lock`,
  },
];

/** The known race a (location, plain site, other site) triple is, if any. */
export function knownRace(location: string, plainSite: string | null, otherSite: string | null): KnownRace | null {
  return KNOWN_RACES.find((k) => k.location === location && k.plain === plainSite && otherSite !== null && k.against.includes(otherSite)) ?? null;
}
