/**
 * The smp_wmb (L227) / smp_rmb (L298) pair of mempool_alloc and mempool_free, each removed, and both.
 * The seed's comment at L285-296 describes the fringe case they exist for: an element handed to
 * another task "without going through barriers" (a plain publish and a spin-wait). Only weak memory
 * shows the bug (scenario handoff3): the freer reads the `curr_nr` from before the removal that handed
 * the element out, passes the element to free_fn, and the reserve stays short for good.
 */
import type { Mutant, Patch } from './mutant.ts';

const WHY =
  'under weak memory the freer may read curr_nr from before the removal of its element, give the element to free_fn and leave the reserve short for good; a later waiter sleeps forever';

const noWmbPatch: Patch = {
  find: '      yield* smp_wmb(); // L227\n',
  replace: '      // smp_wmb() removed by the mutant // L227\n',
};
const noRmbPatch: Patch = {
  find: '  yield* smp_rmb(); // L298\n',
  replace: '  // smp_rmb() removed by the mutant // L298\n',
};

/** Under the weak memory model (scenario handoff3); each also breaks Tejun's guarantee directly. */
// The run goes on after the stale test: the history is then not linearizable either.
const caughtBy = ['RESERVE', 'NO-DEADLOCK', 'FREE-SEES-REMOVAL', 'LINEARIZABLE'] as const;

export const allocNoWmb: Mutant = {
  name: 'alloc-no-wmb',
  summary: 'mempool_alloc hands out a reserve element without smp_wmb (L227)',
  breaks: `the removal's curr_nr store may reach other CPUs after the element's publication: ${WHY}`,
  file: 'alloc.ts',
  patches: [noWmbPatch],
  caughtBy,
};

export const freeNoRmb: Mutant = {
  name: 'free-no-rmb',
  summary: 'mempool_free reads curr_nr without smp_rmb (L298)',
  breaks: `the unlocked curr_nr read (L317) is not ordered after the read of the element: ${WHY}`,
  file: 'free.ts',
  patches: [noRmbPatch],
  caughtBy,
};

export const noBarriers: Mutant = {
  name: 'no-barriers',
  summary: 'neither smp_wmb in mempool_alloc (L227) nor smp_rmb in mempool_free (L298)',
  breaks: WHY,
  file: 'alloc.ts',
  patches: [noWmbPatch],
  alsoPatches: [{ file: 'free.ts', patches: [noRmbPatch] }],
  caughtBy,
};
