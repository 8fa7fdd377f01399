/**
 * Properties by stable ID (DESIGN.md section 5). Adding one: a file in this folder and a line in ALL.
 * `monitorsFor` gives fresh monitors for one exploration: all of them, or the chosen IDs.
 */
import type { Monitor } from '../explorer/monitor.ts';
import { bounds } from './bounds.ts';
import { forcedGfp } from './forced-gfp.ts';
import { kernelObjects } from './kernel-objects.ts';
import { freeSeesRemoval } from './free-sees-removal.ts';
import { linearizable, linearizableWith, type LinStats } from './linearizable.ts';
import { referenceModel } from './lin/pool-model.ts';
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
];

export const PROPERTIES: ReadonlyMap<string, PropertyDef> = new Map(ALL.map((p) => [p.id, p]));

export const propertyIds = (): string[] => [...PROPERTIES.keys()];

export interface MonitorOptions {
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

/** Fresh monitors for one exploration. */
export function monitorsFor(options: MonitorOptions = {}): Monitor[] {
  const chosen = (options.ids ?? propertyIds()).map(propertyNamed).filter((p) => !(options.exclude ?? []).includes(p.id));
  return chosen.map((p) => {
    if (p.id !== linearizable.id || (options.linStats === undefined && options.linBudget === undefined)) return p.create();
    const lin = linearizableWith({
      model: referenceModel,
      ...(options.linStats === undefined ? {} : { stats: options.linStats }),
      ...(options.linBudget === undefined ? {} : { budget: options.linBudget }),
    });
    return lin.create();
  });
}
