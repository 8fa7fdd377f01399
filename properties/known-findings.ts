/**
 * Known findings: real properties of an implementation the checker reports, accepted with why. The
 * gate fails on any finding not listed, and says so when a listed finding stops showing up (the list
 * is out of date, or the code changed). They are data in a project file, `mempool-check.config.json`
 * (config/): the seed port's (v4.1 mm/mempool.c) in the package's own, a user's pool's in theirs.
 *
 * A known finding excuses one property AND one cause: a failure of its property is excused only on an
 * execution where its cause (a named predicate of properties/causes.ts) holds. Any other failure of
 * the same property on the same scenario is a new finding, and every other property is still judged
 * on every execution (a run goes on after a violation). A finding without a cause (a user's, where no
 * named predicate fits) excuses every failure of its property on its scenario.
 */
import { knownFindingsFor as projectFindingsFor, packageProject } from '../config/project.ts';
import type { CauseKey } from './causes.ts';

export interface KnownFinding {
  readonly scenario: string;
  /** Implementation registry name (`v4.1` for the seed). */
  readonly impl: string;
  /** Property ID (DESIGN.md section 5), or LIVELOCK for a livelock shown as a fair lasso (explorer/lasso.ts). */
  readonly property: string;
  readonly reason: string;
  /** What produces it: only failures on executions where this predicate holds are excused. */
  readonly cause?: CauseKey;
  /** Only under this memory model (absent: under both; a weak-only finding never shows under SC). */
  readonly memory?: 'sc' | 'weak';
  /** Where upstream knows of it (a fix, a release, a report: free text or a URL). */
  readonly upstream?: string;
}

// RESERVE on resize3 and quad4 under weak memory ("weak memory only") is no finding: the unlocked
// test's two loads are unsequenced (L317), so a free can read the old min_nr and the refill's curr_nr
// under SC too (min_nr loaded first), and the seed promises the refill of a grown pool only to frees
// that start after the grow (L117-119). properties/reserve.ts states this; test/properties/reserve-grow.test.ts
// has a run for each case. LINEARIZABLE is real-time linearizability: under weak memory a freer that
// never took the lock may read curr_nr and min_nr from before a grow and an allocation that returned
// before its call (quad4, an element from the allocator), which no real-time order explains. The
// project file lists that as a weak-memory finding of its own; docs/claims.md says why the property
// keeps real time rather than happens-before.

/** The seed port's known findings, as the package's own project file lists them (read on first use). */
export function seedKnownFindings(): readonly KnownFinding[] {
  return packageProject().entries.filter((e) => e.implementation === 'v4.1').flatMap((e) => e.knownFindings);
}

/** The findings expected of a scenario on an implementation under a memory model (default SC). */
export function knownFindingsFor(scenario: string, impl: string, memory: 'sc' | 'weak' = 'sc'): KnownFinding[] {
  return projectFindingsFor(scenario, impl, memory);
}

export function isKnownFinding(scenario: string, impl: string, property: string, memory: 'sc' | 'weak' = 'sc'): boolean {
  return knownFindingsFor(scenario, impl, memory).some((f) => f.property === property);
}
