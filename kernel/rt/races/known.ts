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

  // The port of upstream v6.17's zero-minimum fix (impl/variants/zero-min-fix.ts) adds a second
  // lockless test, `pool->min_nr == 0 && READ_ONCE(pool->curr_nr) == 0` (v6.17 L563-564).
  {
    id: 'free-zero-min-test-min_nr',
    location: 'pool->min_nr',
    plain: 'v6.17 L563',
    against: ['L143', 'L165'],
    reason: `${LOCKLESS_TEST}; v6.17's zero-minimum test (v6.17 L563) reads min_nr the same way (upstream marks only its curr_nr read); a stale 0 (a grow under way) only leads to the locked re-check (v6.17 L566), which decides, and min_nr never returns to 0 (resize refuses n <= 0)`,
  },
  {
    id: 'free-zero-min-test-curr_nr',
    location: 'pool->curr_nr',
    plain: 'v6.17 L563',
    against: ['L22', 'L28'],
    reason:
      "v6.17's zero-minimum test reads curr_nr with READ_ONCE (v6.17 L564) while add_element/remove_element store it plainly under the lock (L22, L28): a race in LKMM's terms (one side plain), the kernel's accepted idiom for a lockless pre-check (KCSAN does not report a plain aligned write against a marked read); the locked re-check (v6.17 L566) decides",
  },
];

/** The known race a (location, plain site, other site) triple is, if any. */
export function knownRace(location: string, plainSite: string | null, otherSite: string | null): KnownRace | null {
  return KNOWN_RACES.find((k) => k.location === location && k.plain === plainSite && otherSite !== null && k.against.includes(otherSite)) ?? null;
}
