import type { Gen, Loc, Op } from './ops.ts';

export const TASK_RUNNING = 0;
export const TASK_UNINTERRUPTIBLE = 2;

/** ready: has a pending operation or is being advanced; done: returned; dead: killed by BUG. */
export type ThreadStatus = 'ready' | 'done' | 'dead';

/** Options a thread is spawned with. */
export interface ThreadOptions {
  /** Runs in atomic context (an interrupt handler): nothing it does may sleep. */
  readonly atomic?: boolean;
  /** Runs while no other thread can (setup, teardown, the sequential check): its accesses are not sharing. */
  readonly alone?: boolean;
}

/** One simulated kernel thread: a generator plus the context the kernel tracks for it. */
export class Thread {
  /**
   * The next visible operation, not yet executed; null when done or dead. Before the thread's first
   * step, its first operation (visible or not), and the thread is enabled whatever it is.
   */
  pending: Op | null = null;
  /** Whether its first step has run. */
  started = false;
  status: ThreadStatus = 'ready';
  result: unknown = undefined;
  /** Spinlocks held, innermost last. */
  readonly locksHeld: Loc[] = [];
  /** The same as bits of the kernel's Sharing (what accesses are judged by). */
  heldMask = 0;
  irqsOff = false;
  taskState = TASK_RUNNING;
  readonly atomic: boolean;
  readonly alone: boolean;

  constructor(
    readonly id: number,
    readonly name: string,
    readonly gen: Gen<unknown>,
    options: ThreadOptions = {},
  ) {
    this.atomic = options.atomic ?? false;
    this.alone = options.alone ?? false;
  }

  /** Whether anything that may sleep is forbidden right now. */
  inAtomicContext(): boolean {
    return this.atomic || this.irqsOff || this.locksHeld.length > 0;
  }

  /** Whether it still has a step to take: not started yet, or an operation pending. */
  hasWork(): boolean {
    return this.status === 'ready' && this.pending !== null;
  }

  /** Asleep: blocked in schedule_timeout without having been woken. */
  isAsleep(): boolean {
    return this.pending?.kind === 'schedule_timeout' && this.taskState !== TASK_RUNNING;
  }
}
