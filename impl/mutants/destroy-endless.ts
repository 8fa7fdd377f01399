import type { Mutant } from './mutant.ts';

/**
 * mempool_destroy's loop (L41-44) tests curr_nr but no longer takes elements out: it never ends. Run
 * alone (teardown, the sequential check), the destroy must be stopped by the step bound and reported,
 * not grow memory until the process dies. Breaks TERMINATION.
 */
export const destroyEndless: Mutant = {
  name: 'destroy-endless',
  summary: 'mempool_destroy loops on curr_nr without removing elements (L41-44): it never returns',
  breaks: 'destroy never returns (TERMINATION)',
  file: 'create.ts',
  patches: [
    {
      find: '    const element = yield* remove_element(pool); // L42\n    yield* pool.free(element, pool.pool_data); // L43\n',
      replace: '    continue; // L42-43 (mutant: nothing is taken out, curr_nr never changes)\n',
    },
  ],
  caughtBy: ['SEQUENTIAL', 'TERMINATION'],
};
