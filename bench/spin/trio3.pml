/*
 * trio3 (scenarios/named/trio3.ts) as an abstract SPIN model: min_nr 2, backend slab, every element
 * allocation may fail (faults CHOICE), untimed waits; three threads each run
 * `e = mempool_alloc(GFP_KERNEL); mempool_free(e)`, then mempool_destroy once all have returned.
 * What is modelled and abstracted away, and how it differs from mempool-check: see mempool.pml.
 * Expected from SPIN: no assertion violation, no invalid end state (every waiter is woken by a free),
 * no non-progress cycle (every loop of the seed needs another thread's progress here).
 */
#define MIN_NR 2
#define CAP 2          /* the elements array never grows here */
#define NELEM 5        /* alive at once: 2 in the reserve + 1 per thread */
#define N_ALLOC_FREE 3
#define N_RESIZE 0
#include "mempool.pml"

/* Thread i: alloc(GFP_KERNEL); free. The bit 1 << (i-1) is its task in pool->wait. */
proctype T1() {
  byte e; bool gfp_wait; byte seen_curr, seen_min;
  mempool_alloc(e, gfp_wait, 1);
  mempool_free(e, seen_curr, seen_min);
progress: alloc_free_returned++
}
proctype T2() {
  byte e; bool gfp_wait; byte seen_curr, seen_min;
  mempool_alloc(e, gfp_wait, 2);
  mempool_free(e, seen_curr, seen_min);
progress: alloc_free_returned++
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
