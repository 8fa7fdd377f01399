/**
 * Kernel objects taken on trust: a lock or wait queue that was never initialised, a wait head outside
 * the pool object, a wait entry left queued, a sleep that is no sleep. Each works by accident in a
 * simulation that trusts its objects; the kernel (lockdep, a stack frame reused under a queued entry,
 * a CPU spinning at 100 %) does not forgive it.
 */
import type { Mutant } from './mutant.ts';

export const noSpinLockInit: Mutant = {
  name: 'no-spin-lock-init',
  summary: 'mempool_create_node never calls spin_lock_init (L86 deleted)',
  breaks: 'the pool lock is a zeroed word that was never initialised: works without lock debugging, a lockdep splat (or worse, on configurations whose unlocked state is not zero) with it',
  file: 'create.ts',
  patches: [{ find: '  yield* spin_lock_init(pool.lock); // L86\n', replace: '  // L86 (mutant: spin_lock_init deleted)\n' }],
  caughtBy: ['KERNEL-OBJECTS'],
};

export const noInitWaitqueueHead: Mutant = {
  name: 'no-init-waitqueue-head',
  summary: 'mempool_create_node never calls init_waitqueue_head (L89 deleted)',
  breaks: "the wait queue's list head is zeroed memory, not an empty list: the first prepare_to_wait or wake_up follows a NULL pointer",
  file: 'create.ts',
  patches: [{ find: '  yield* init_waitqueue_head(pool.wait); // L89\n', replace: '  // L89 (mutant: init_waitqueue_head deleted)\n' }],
  caughtBy: ['KERNEL-OBJECTS'],
};

export const waitHeadOutsidePool: Mutant = {
  name: 'wait-head-outside-pool',
  summary: "struct mempool_s's wait head placed one word past the end of the struct",
  breaks: 'the wait-queue head lies outside the pool object (a layout or sizeof bug): init_waitqueue_head and every waiter write memory the pool does not own',
  file: 'mempool_t.ts',
  patches: [{ find: '    this.wait = addr + 4;\n', replace: '    this.wait = addr + 5; // mutant: one past the end of the 5-word struct\n' }],
  caughtBy: ['KERNEL-OBJECTS'],
};

export const noFinishWait: Mutant = {
  name: 'no-finish-wait',
  summary: 'mempool_alloc never calls finish_wait after its sleep (L264 deleted)',
  breaks: 'a waiter woken by a wake_up is taken off the queue by autoremove, but one whose timeout fired stays queued: mempool_alloc returns with its on-stack wait entry on the pool wait queue, and the next wake_up writes to a dead stack frame',
  file: 'alloc.ts',
  patches: [{ find: '    yield* finish_wait(pool.wait, wait); // L264\n', replace: '    // L264 (mutant: finish_wait deleted)\n' }],
  caughtBy: ['KERNEL-OBJECTS'],
};

export const busyPoll: Mutant = {
  name: 'busy-poll',
  summary: 'the waiter sleeps with io_schedule_timeout(0) instead of 5*HZ (L262)',
  breaks: 'schedule_timeout(0) returns at once: the waiter never sleeps, it polls the allocator and the pool in a loop for as long as the reserve stays empty (a livelock when no element will come back: test/scenarios/livelock.test.ts)',
  file: 'alloc.ts',
  patches: [{ find: '    yield* io_schedule_timeout(5 * HZ); // L262\n', replace: '    yield* io_schedule_timeout(0); // L262 (mutant: a zero timeout)\n' }],
  caughtBy: ['LIVELOCK'],
};
