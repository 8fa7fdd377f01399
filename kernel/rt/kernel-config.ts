/** How a simulated kernel is set up: memory model, timeouts, faults, step granularity. */
import type { Block } from './allocator.ts';
import { DEFAULT_FAULTS, type FaultPolicy } from './faults.ts';
import type { Kernel } from './kernel.ts';
import type { MemoryModel } from './memory.ts';
import { ScMemory } from './memory-sc.ts';
import type { Loc } from './ops.ts';
import type { Sharing } from './sharing.ts';
import type { Thread } from './thread.ts';

export type TimeoutMode = 'untimed' | 'timed';

/** Who wants to know when a thread touches an element's words (see Kernel.checkCell). */
export interface ElementWatch {
  onElementAccess(kernel: Kernel, t: Thread, element: Block, loc: Loc, write: boolean): void;
}

export interface KernelConfig {
  readonly memory: () => MemoryModel;
  /** untimed: a sleeper wakes only when woken; timed: its timeout may also fire (a scheduler choice). */
  readonly timeouts: TimeoutMode;
  /** How many timeouts may fire in one execution (`timed` only); bounds retry loops. */
  readonly timeoutBudget: number;
  readonly faults: FaultPolicy;
  /**
   * Make every operation a scheduling point (`--fine-grained`). Off by default: a step then runs the
   * thread's pending visible operation and every following operation no other thread can tell apart
   * from running at once (see `Kernel`); the self-checks show both give the same verdicts.
   */
  readonly fineGrained: boolean;
  /**
   * What the exploration learned about how the program shares memory (which accesses under a lock
   * may be merged). The explorer gives every execution of one program the same one; absent, the
   * kernel starts its own.
   */
  readonly sharing?: Sharing;
  /**
   * Whose exception it is, for one thrown while a thread's body ran (inside its generator): a
   * description of it when the implementation's own code threw it (a finding, IMPL-CRASH, and the
   * thread dies as in an oops), null when the checker's code did (it propagates: an internal error).
   * Absent: every exception propagates. Given by whoever knows which code is the checker's (run/).
   */
  readonly implementationThrew?: (error: unknown) => string | null;
}

export const DEFAULT_KERNEL_CONFIG: KernelConfig = {
  memory: () => new ScMemory(),
  timeouts: 'untimed',
  timeoutBudget: 1,
  faults: DEFAULT_FAULTS,
  fineGrained: false,
};
