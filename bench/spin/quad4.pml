/*
 * quad4 (scenarios/named/quad4.ts) as an abstract SPIN model: min_nr 2, backend slab, every element
 * allocation may fail (faults CHOICE), untimed waits; T1 mempool_resize(3), T2 mempool_resize(1), T3
 * and T4 each `e = mempool_alloc(GFP_KERNEL); mempool_free(e)`, then mempool_destroy once all have
 * returned. What is modelled and abstracted away, and how it differs from mempool-check: see
 * mempool.pml.
 * Expected from SPIN:
 *   - an invalid end state (the lost wake-up): an allocator sleeps on an empty pool, a grow refill
 *     (L174) adds an element without a wake_up, the other allocator takes and frees elements without
 *     finding the pool below min_nr or after the sleeper queued, and every thread but the sleeper
 *     returns: the sleeper blocks for good, and so does init waiting for it;
 *   - an acceptance cycle against no_grow_shrink_livelock (`pan -a -f`): resize3's grow/shrink
 *     ping-pong once T3 and T4 have returned (and a non-progress cycle, -DNP `pan -l -f`).
 */
#define MIN_NR 2
#define CAP 3          /* the grow to 3 reallocates the elements array */
#define NELEM 7        /* alive at once: 3 in the reserve + 1 in each thread */
#define N_ALLOC_FREE 2
#define N_RESIZE 2
#include "mempool.pml"

proctype T1() {
  byte e;
  mempool_resize(3, e);
progress: resize_returned++
}
proctype T2() {
  byte e;
  mempool_resize(1, e);
progress: resize_returned++
}
proctype T3() {
  byte e; bool gfp_wait; byte seen_curr, seen_min;
  mempool_alloc(e, gfp_wait, 4);
  mempool_free(e, seen_curr, seen_min);
progress: alloc_free_returned++
}
proctype T4() {
  byte e; bool gfp_wait; byte seen_curr, seen_min;
  mempool_alloc(e, gfp_wait, 8);
  mempool_free(e, seen_curr, seen_min);
progress: alloc_free_returned++
}

init {
  byte e;
  atomic {
    mempool_create(MIN_NR);
    run T1(); run T2(); run T3(); run T4()
  };
  _nr_pr == 1;        /* every thread has returned (finalDestroy) */
  mempool_destroy(e)
}
