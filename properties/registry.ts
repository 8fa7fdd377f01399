/**
 * Properties by stable ID (DESIGN.md section 5). Adding one: a file in this folder and a line in ALL.
 * `monitorsFor` gives fresh monitors for one exploration: all of them, or the chosen IDs.
 */
import type { Monitor } from '../explorer/monitor.ts';
import type { Profile } from '../model/profile.ts';
import { bounds } from './bounds.ts';
import { forcedGfp } from './forced-gfp.ts';
import { kernelObjects } from './kernel-objects.ts';
import { implCrash } from './impl-crash.ts';
import { freeSeesRemoval } from './free-sees-removal.ts';
import { linearizable, linearizableWith, type LinStats } from './linearizable.ts';
import { neverNull } from './never-null.ts';
import { noDeadlock } from './no-deadlock.ts';
import { noLeak } from './no-leak.ts';
import { noLostWakeup } from './no-lost-wakeup.ts';
import { ownership } from './ownership.ts';
import type { PropertyDef } from './property.ts';
import { reserve } from './reserve.ts';
import { bugFree } from './bug-free.ts';
import { noSleepAtomic } from './no-sleep-atomic.ts';
import { zeroWarn } from './zero-warn.ts';

const ALL: readonly PropertyDef[] = [
  bugFree,
  bounds,
  ownership,
  noLeak,
  neverNull,
  forcedGfp,
  noSleepAtomic,
  reserve,
  linearizable,
  noLostWakeup,
  noDeadlock,
  freeSeesRemoval,
  zeroWarn,
  kernelObjects,
  implCrash,
];

export const PROPERTIES: ReadonlyMap<string, PropertyDef> = new Map(ALL.map((p) => [p.id, p]));

export const propertyIds = (): string[] => [...PROPERTIES.keys()];

/** Whether a profile checks a property (absent `profiles`: the contract, checked by every profile). */
export const checkedUnder = (p: PropertyDef, profile: Profile): boolean => p.profiles === undefined || p.profiles.includes(profile);

/** The properties a profile checks, in registry order. */
export const propertiesOf = (profile: Profile): PropertyDef[] => [...PROPERTIES.values()].filter((p) => checkedUnder(p, profile));

export interface MonitorOptions {
  /** The profile checked against (default v4.1, the seed's): which properties, and LINEARIZABLE's model. */
  readonly profile?: Profile;
  /** Only these properties (default: all). Runtime-detected ones are reported by the runtime anyway. */
  readonly ids?: readonly string[];
  /** Leave these out (e.g. LINEARIZABLE for a raw throughput run). */
  readonly exclude?: readonly string[];
  /** Collect linearizability counts (checks, unknown verdicts) here. */
  readonly linStats?: LinStats;
  /** Model steps one linearizability check may apply before it answers `unknown`. */
  readonly linBudget?: number;
}

export function propertyNamed(id: string): PropertyDef {
  const p = PROPERTIES.get(id);
  if (p === undefined) throw new RangeError(`unknown property '${id}' (known: ${propertyIds().join(', ')})`);
  return p;
}

/**
 * Fresh monitors for one exploration under a profile: the profile's properties (or those of `ids` it
 * checks; an ID the profile does not check is left out, as it would be by default).
 */
export function monitorsFor(options: MonitorOptions = {}): Monitor[] {
  const profile = options.profile ?? 'v4.1';
  const chosen = (options.ids ?? propertyIds())
    .map(propertyNamed)
    .filter((p) => checkedUnder(p, profile) && !(options.exclude ?? []).includes(p.id));
  return chosen.map((p) => {
    if (p.id !== linearizable.id || (options.linStats === undefined && options.linBudget === undefined)) return p.create(profile);
    const lin = linearizableWith({
      ...(options.linStats === undefined ? {} : { stats: options.linStats }),
      ...(options.linBudget === undefined ? {} : { budget: options.linBudget }),
    });
    return lin.create(profile);
  });
}
