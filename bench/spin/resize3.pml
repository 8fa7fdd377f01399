/*
 * resize3 (scenarios/named/resize3.ts) as an abstract SPIN model: min_nr 2, backend slab, every
 * element allocation may fail (faults CHOICE), untimed waits; T1 mempool_resize(3), T2
 * mempool_resize(1), T3 `e = mempool_alloc(GFP_KERNEL); mempool_free(e)`, then mempool_destroy once
 * all have returned. What is modelled and abstracted away, and how it differs from mempool-check: see
 * mempool.pml.
 * Expected from SPIN: no assertion violation, no invalid end state; an acceptance cycle against the
 * LTL property no_grow_shrink_livelock (`pan -a -f`): the grow/shrink ping-pong, T3 returned, T1's refill
 * (L167-174) adding an element that T2's shrink (L137-141) takes out again, forever, neither returning,
 * under weak fairness. The non-progress search (-DNP, `pan -l -f`) finds a cycle too (see mempool.pml's
 * note on the LTL property for why it can be a weaker one).
 */
#define MIN_NR 2
#define CAP 3          /* the grow to 3 reallocates the elements array */
#define NELEM 6        /* alive at once: 3 in the reserve + 1 in each thread */
#define N_ALLOC_FREE 1
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

init {
  byte e;
  atomic {
    mempool_create(MIN_NR);
    run T1(); run T2(); run T3()
  };
  _nr_pr == 1;        /* every thread has returned (finalDestroy) */
  mempool_destroy(e)
}
