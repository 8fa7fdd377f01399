/**
 * Fuzzing on worker threads (`fuzz --jobs N`): a task is one run index (one random scenario, shrunk if
 * it fails), run in a worker by the same code as in the main thread (run/fuzz.ts with a range of one);
 * the pieces come back as plain data (run/fuzz-parts.ts) and combine into what one run gives.
 */
import type { MemoryModelName } from '../../kernel/rt/memory.ts';
import type { Profile } from '../../model/profile.ts';
import type { RandomScenarioOptions } from '../../scenarios/random.ts';
import type { RunControl } from '../control.ts';
import { fuzz, type FuzzPace } from '../fuzz.ts';
import { partOf, type FuzzPart } from '../fuzz-parts.ts';
import { monitorsOf, type PropertySelection } from '../monitors.ts';
import type { RunConfig } from '../run-config.ts';

/** What a worker needs to fuzz one run index: the command's settings, as plain data. */
export interface FuzzTask {
  readonly impl: string;
  readonly seed: number;
  readonly runs: number;
  readonly index: number;
  readonly executionsPerScenario: number;
  readonly profile?: Profile;
  readonly properties?: PropertySelection;
  readonly scenarios?: RandomScenarioOptions;
  readonly memories?: readonly MemoryModelName[];
  readonly newOnly: boolean;
}

/** Fuzzes the task's one run index under `control` (Ctrl-C passed on from the main thread). */
export async function runFuzzTask(task: FuzzTask, control: RunControl, onExplore: (config: RunConfig) => void): Promise<FuzzPart> {
  const pace: FuzzPace = {
    sliceOver: () => control.sliceOver(),
    breathe: () => control.breathe(),
    get stopped() {
      return control.stopped;
    },
  };
  const { index, properties, ...settings } = task;
  const r = await fuzz({
    ...settings,
    ...(properties === undefined ? {} : { properties }),
    range: { from: index, to: index + 1 },
    monitors: (profile) => monitorsOf({ profile, ...(properties === undefined ? {} : { properties }) }),
    pace,
    onExplore,
  });
  return partOf(r);
}
