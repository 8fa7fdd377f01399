/** Named scenarios, by name. Adding one: a file in named/ and a line here. */
import { atomic2 } from './named/atomic2.ts';
import { grow2 } from './named/grow2.ts';
import { handoff3 } from './named/handoff3.ts';
import { pair2 } from './named/pair2.ts';
import { quad4 } from './named/quad4.ts';
import { resize3 } from './named/resize3.ts';
import { resizeWake } from './named/resize-wake.ts';
import { trio3 } from './named/trio3.ts';
import { zeroMin } from './named/zero-min.ts';
import { gfpMix } from './named/gfp-mix.ts';
import { handoffLock } from './named/handoff-lock.ts';
import { handoffRefill } from './named/handoff-refill.ts';
import { holder2 } from './named/holder2.ts';
import { metaFaults } from './named/meta-faults.ts';
import { sleepyShrink } from './named/sleepy-shrink.ts';
import { timedRescue } from './named/timed-rescue.ts';
import type { Scenario } from './spec.ts';

export const SCENARIOS: ReadonlyMap<string, Scenario> = new Map(
  [pair2, trio3, resize3, atomic2, zeroMin, grow2, resizeWake, quad4, handoff3, holder2, gfpMix, timedRescue, metaFaults, sleepyShrink, handoffLock, handoffRefill].map((s) => [s.name, s]),
);

export function scenarioNamed(name: string): Scenario {
  const s = SCENARIOS.get(name);
  if (s === undefined) throw new RangeError(`unknown scenario '${name}' (known: ${[...SCENARIOS.keys()].join(', ')})`);
  return s;
}
