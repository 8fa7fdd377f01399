/** Seeded bugs by name. Adding one: a file in this folder and a line in ALL. */
import { allocNoWmb, freeNoRmb, noBarriers } from './barriers.ts';
import { freeNoWake } from './free-no-wake.ts';
import { allocReserveFirst } from './alloc-reserve-first.ts';
import { createLeaksPrefill } from './create-leaks-prefill.ts';
import { destroyLeaksReserve } from './destroy-leaks-reserve.ts';
import { firstPassWait } from './first-pass-wait.ts';
import { growNoCopy } from './grow-no-copy.ts';
import { noImmediateRetry } from './no-immediate-retry.ts';
import { freeNoRecheck } from './free-no-recheck.ts';
import { growNoRacedCheck } from './grow-no-raced-check.ts';
import { prepareAfterUnlock } from './prepare-after-unlock.ts';
import { allocPopUnlocked } from './alloc-pop-unlocked.ts';
import { waitReturnsNull } from './wait-returns-null.ts';
import { sleepUnderLock } from './sleep-under-lock.ts';
import { freeRefillsOnlyEmpty } from './free-refills-only-empty.ts';
import { noZeroWarn } from './no-zero-warn.ts';
import { busyPoll, noFinishWait, noInitWaitqueueHead, noSpinLockInit, waitHeadOutsidePool } from './kernel-objects.ts';
import { createNodeKernelMask, growNoNullCheck, shrinkFreeUnderLock } from './scope.ts';
import { freeFnUnset } from './free-fn-unset.ts';
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
  freeNoRecheck,
  growNoRacedCheck,
  prepareAfterUnlock,
  allocPopUnlocked,
  waitReturnsNull,
  sleepUnderLock,
  freeRefillsOnlyEmpty,
  noZeroWarn,
  noSpinLockInit,
  noInitWaitqueueHead,
  waitHeadOutsidePool,
  noFinishWait,
  busyPoll,
  growNoNullCheck,
  shrinkFreeUnderLock,
  createNodeKernelMask,
  freeFnUnset,
];

export const MUTANTS: ReadonlyMap<string, Mutant> = new Map(ALL.map((m) => [m.name, m]));
