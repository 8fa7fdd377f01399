/**
 * Races an implementation has on purpose, accepted with a reason (the project file's `knownRaces`,
 * config/project.ts): reported as known findings, not failures. Matched by the location, where the
 * racing plain access is (a seed line, or `file:line` for code without notes) and where the
 * conflicting access is.
 */
export interface KnownRace {
  readonly id: string;
  /** The location as reports name it (`pool->curr_nr`). */
  readonly location: string;
  /** Site of the racing plain access. */
  readonly plain: string;
  /** Sites of the conflicting accesses it races with. */
  readonly against: readonly string[];
  readonly reason: string;
  /** Where upstream knows of it (free text or a URL). */
  readonly upstream?: string;
}

/** The known race a (location, plain site, other site) triple is, if any. */
export function knownRaceIn(known: readonly KnownRace[], location: string, plainSite: string | null, otherSite: string | null): KnownRace | null {
  return known.find((k) => k.location === location && k.plain === plainSite && otherSite !== null && k.against.includes(otherSite)) ?? null;
}
