import type { Mutant } from './mutant.ts';

/**
 * mempool_resize grows without the "Raced" check (L155): after allocating its new array unlocked, it
 * installs it even if another grow has meanwhile made min_nr larger. The later, smaller grow then
 * copies curr_nr elements into an array sized for fewer (a write past its end) and lowers min_nr under
 * curr_nr. Only two concurrent grows reach this (scenario grow2).
 */
export const growNoRacedCheck: Mutant = {
  name: 'grow-no-raced-check',
  summary: 'mempool_resize grow installs its new array without the "Raced" check (L155)',
  breaks: 'a smaller grow that loses the race copies more elements than its array holds and sets min_nr below curr_nr; the elements past its end are lost (still live at mempool_destroy)',
  file: 'resize.ts',
  patches: [
    {
      find: '      if (unlikely(new_min_nr <= (yield* load(pool.min_nr)))) { // L155\n',
      replace: '      if (unlikely(false)) { // L155 (mutant: no "Raced" check)\n',
    },
  ],
  caughtBy: ['OWNERSHIP', 'BOUNDS', 'LINEARIZABLE', 'NO-LEAK'],
};
