/**
 * The monitors an exploration, replay or gate run checks: every property of DESIGN.md section 5
 * (properties/registry.ts) that the run's profile checks, or the chosen ones (`--properties` /
 * `--skip`), fresh for each use (monitors may keep state across one exploration). Without a profile,
 * the seed's (v4.1).
 */
import type { Monitor } from '../explorer/monitor.ts';
import type { Profile } from '../model/profile.ts';
import { checkedUnder, monitorsFor, PROPERTIES, propertyIds } from '../properties/registry.ts';

/** Which properties to check: only these IDs, and/or all but these. Absent: all of them. */
export interface PropertySelection {
  readonly properties?: readonly string[];
  readonly skip?: readonly string[];
}

export function defaultMonitors(profile: Profile = 'v4.1'): Monitor[] {
  return monitorsFor({ profile });
}

/** Fresh monitors for a run: its profile's properties, as its selection narrows them. */
export function monitorsOf(config: { readonly profile: Profile; readonly properties?: PropertySelection }): Monitor[] {
  return config.properties === undefined ? defaultMonitors(config.profile) : selectedMonitors(config.properties, config.profile);
}

/** Whether a run checks a property: the profile checks it, and the selection keeps it (runtime-detected ones always). */
export function checksProperty(config: { readonly profile: Profile; readonly properties?: PropertySelection }, id: string): boolean {
  const p = PROPERTIES.get(id);
  if (p === undefined) return true; // LIVELOCK and other findings of the explorer itself
  if (!checkedUnder(p, config.profile)) return false;
  if (p.runtime === true) return true;
  const s = config.properties ?? {};
  return (s.properties === undefined || s.properties.includes(id)) && !(s.skip ?? []).includes(id);
}

/** A selection as the command line writes it: `--properties A,B --skip C`, or '' for none. */
export function selectionArgs(s: PropertySelection | undefined): string {
  if (s === undefined) return '';
  const parts: string[] = [];
  if (s.properties !== undefined) parts.push(`--properties ${s.properties.join(',')}`);
  if (s.skip !== undefined && s.skip.length > 0) parts.push(`--skip ${s.skip.join(',')}`);
  return parts.join(' ');
}

/** Only the selection's own fields of a larger options object (a library caller's). */
export function selectionOf(o: PropertySelection): PropertySelection {
  return { ...(o.properties === undefined ? {} : { properties: o.properties }), ...(o.skip === undefined ? {} : { skip: o.skip }) };
}

export function selectedMonitors(selection: PropertySelection = {}, profile: Profile = 'v4.1'): Monitor[] {
  checkSelection(selection, profile);
  return monitorsFor({ profile, ...(selection.properties === undefined ? {} : { ids: selection.properties }), ...(selection.skip === undefined ? {} : { exclude: selection.skip }) });
}

/**
 * Refuses unknown IDs, and skipping a property the runtime detects at the operation that breaks it
 * (BUG-FREE, KERNEL-OBJECTS, NO-SLEEP-ATOMIC): the thread dies or the execution stops there whatever
 * monitors run, so leaving it out would claim coverage of executions that were cut short. For the
 * same reason `properties` never turns those off: they are reported whichever properties are chosen.
 */
export function checkSelection(selection: PropertySelection, profile?: Profile): void {
  for (const id of [...(selection.properties ?? []), ...(selection.skip ?? [])]) {
    const p = PROPERTIES.get(id);
    if (p === undefined) throw new RangeError(`unknown property '${id}' (known: ${propertyIds().join(', ')})`);
    if (profile !== undefined && !checkedUnder(p, profile)) throw new RangeError(`${id} is not checked under profile ${profile} (it is part of ${(p.profiles ?? []).join(', ')})`);
  }
  if (selection.properties !== undefined && selection.properties.length === 0) throw new RangeError('--properties needs at least one property ID');
  const named = (selection.skip ?? []).filter((id) => PROPERTIES.get(id)?.runtime === true);
  if (named.length > 0) {
    throw new RangeError(`${named.join(', ')} cannot be skipped: the runtime detects ${named.length === 1 ? 'it' : 'them'} at the operation that breaks ${named.length === 1 ? 'it' : 'them'}, and the execution cannot go on past it`);
  }
}
