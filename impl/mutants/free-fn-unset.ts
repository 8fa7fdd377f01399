import type { Mutant } from './mutant.ts';

export const freeFnUnset: Mutant = {
  name: 'free-fn-unset',
  summary: 'mempool_create_node never sets pool->free (L91 deleted): it stays NULL, as kzalloc_node left it (L77)',
  breaks: 'the first element that goes back to the allocator (mempool_free past a full reserve, L327; mempool_destroy, L43) is freed through a NULL function pointer: an oops (here the port throws where the call lands)',
  file: 'create.ts',
  patches: [{ find: '  pool.free = free_fn; // L91\n', replace: '  // L91 (mutant: pool->free = free_fn deleted)\n' }],
  caughtBy: ['IMPL-CRASH'],
};
