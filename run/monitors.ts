/**
 * The monitors an exploration, replay or gate run checks: every property of DESIGN.md section 5
 * (properties/registry.ts) that the run's profile checks, or the chosen ones (`--properties` /
 * `--skip`), fresh for each use (monitors may keep state across one exploration). Without a profile,
 * the seed's (v4.1).
 */
import type { Monitor } from '../explorer/monitor.ts';
import type { Profile } from '../model/profile.ts';
import { monitorsFor, PROPERTIES, propertyIds } from '../properties/registry.ts';

/** Which properties to check: only these IDs, and/or all but these. Absent: all of them. */
export interface PropertySelection {
  readonly properties?: readonly string[];
  readonly skip?: readonly string[];
}

export function defaultMonitors(profile: Profile = 'v4.1'): Monitor[] {
  return monitorsFor({ profile });
}

export function selectedMonitors(selection: PropertySelection = {}, profile: Profile = 'v4.1'): Monitor[] {
  checkSelection(selection);
  return monitorsFor({ profile, ...(selection.properties === undefined ? {} : { ids: selection.properties }), ...(selection.skip === undefined ? {} : { exclude: selection.skip }) });
}

/**
 * Refuses unknown IDs, and skipping a property the runtime detects at the operation that breaks it
 * (BUG-FREE, OWNERSHIP, NO-SLEEP-ATOMIC): the thread dies or the execution stops there whatever
 * monitors run, so leaving it out would claim coverage of executions that were cut short. For the
 * same reason `properties` never turns those off: they are reported whichever properties are chosen.
 */
export function checkSelection(selection: PropertySelection): void {
  for (const id of [...(selection.properties ?? []), ...(selection.skip ?? [])]) {
    if (!PROPERTIES.has(id)) throw new RangeError(`unknown property '${id}' (known: ${propertyIds().join(', ')})`);
  }
  const named = (selection.skip ?? []).filter((id) => PROPERTIES.get(id)?.runtime === true);
  if (named.length > 0) {
    throw new RangeError(`${named.join(', ')} cannot be skipped: the runtime detects ${named.length === 1 ? 'it' : 'them'} at the operation that breaks ${named.length === 1 ? 'it' : 'them'}, and the execution cannot go on past it`);
  }
}
