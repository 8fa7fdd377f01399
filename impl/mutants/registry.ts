/** Seeded bugs by name. Adding one: a file in this folder and a line in ALL. */
import { allocNoWmb, freeNoRmb, noBarriers } from './barriers.ts';
import { freeNoWake } from './free-no-wake.ts';
import { allocReserveFirst } from './alloc-reserve-first.ts';
import { createLeaksPrefill } from './create-leaks-prefill.ts';
import { destroyLeaksReserve } from './destroy-leaks-reserve.ts';
import { firstPassWait } from './first-pass-wait.ts';
import { growNoCopy } from './grow-no-copy.ts';
import { noImmediateRetry } from './no-immediate-retry.ts';
import type { Mutant } from './mutant.ts';

const ALL: readonly Mutant[] = [
  freeNoWake,
  allocReserveFirst,
  firstPassWait,
  noImmediateRetry,
  destroyLeaksReserve,
  createLeaksPrefill,
  growNoCopy,
  allocNoWmb,
  freeNoRmb,
  noBarriers,
];

export const MUTANTS: ReadonlyMap<string, Mutant> = new Map(ALL.map((m) => [m.name, m]));
