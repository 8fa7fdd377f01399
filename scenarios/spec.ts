/**
 * Scenarios as data: pool parameters, allocator fault mode, timeout mode, a sequential prefix and the
 * thread programs. A scenario plus an implementation makes a Program the explorer can run.
 */
import type { FaultMode } from '../kernel/rt/faults.ts';
import type { GfpClass } from '../kernel/rt/gfp.ts';
import type { TimeoutMode } from '../kernel/rt/kernel.ts';
import type { BackendKind } from '../impl/pool-impl.ts';

/** One step of a thread program. Elements are held on a per-thread stack. */
export type Command =
  /** mempool_alloc with a GFP class; a non-NULL result is pushed on the thread's stack. */
  | { readonly op: 'alloc'; readonly gfp: GfpClass; readonly zero?: boolean }
  /** mempool_free of the most recently held element (of NULL when the thread holds none). */
  | { readonly op: 'free' }
  | { readonly op: 'resize'; readonly n: number }
  /**
   * WRITE_ONCE(shared[var], most recent held element): hands it to whoever receives it. `locked`: the
   * store is made holding the scenario's hand-off spinlock (a hand-off "through barriers").
   */
  | { readonly op: 'publish'; readonly var: number; readonly locked?: boolean }
  /**
   * Wait until shared[var] holds an element (READ_ONCE spin), take it, clear the variable. `locked`:
   * then take it again holding the hand-off spinlock, which orders everything after the publisher's
   * unlock.
   */
  | { readonly op: 'receive'; readonly var: number; readonly locked?: boolean }
  /**
   * mempool_create of a second pool of `min_nr` on the scenario's backend, and its mempool_destroy
   * when it succeeds: create's failure paths (L77-105) while other threads use the allocators.
   */
  | { readonly op: 'create'; readonly min_nr: number }
  | { readonly op: 'destroy' };

export interface ThreadProgram {
  readonly name?: string;
  /** Runs in atomic context (an interrupt handler). */
  readonly atomic?: boolean;
  readonly commands: readonly Command[];
}

/** What the seed port must give (DESIGN.md / issue verdicts). */
export type Expectation =
  | { readonly verdict: 'pass' }
  | { readonly verdict: 'fail'; readonly properties: readonly string[]; readonly why: string };

export interface Scenario {
  readonly name: string;
  readonly description: string;
  readonly min_nr: number;
  readonly backend: BackendKind;
  /** Fault mode of element allocations after the pool is created (creation itself never faults). */
  readonly faults: FaultMode;
  /**
   * Fault mode of the pool's own allocations (kzalloc_node, kmalloc_node, kmalloc_array) after the
   * pool is created: resize's -ENOMEM (L149-152), a `create` command's failure paths. Default never.
   */
  readonly metaFaults?: FaultMode;
  /**
   * The backend's alloc_fn and free_fn may sleep, as the seed allows (L60-62): alloc_fn when its mask
   * carries __GFP_WAIT, free_fn always. Calling one with the pool lock held is then NO-SLEEP-ATOMIC.
   */
  readonly sleepingCallbacks?: boolean;
  readonly timeouts: TimeoutMode;
  /** Run by the setup thread right after create, alone. */
  readonly prefix: readonly Command[];
  readonly threads: readonly ThreadProgram[];
  /** Destroy the pool once every thread has returned (enables NO-LEAK). */
  readonly finalDestroy: boolean;
  readonly expected: Expectation;
  /**
   * For a scenario with unbounded executions (a known livelock): exhaustive exploration cannot end,
   * so the gate explores it completely within this preemption bound (where every execution ends), and
   * shows the livelock as a fair lasso found by a separate search (run/gate-run.ts).
   */
  readonly bound?: ExplorationBound;
}

export interface ExplorationBound {
  readonly maxPreemptions: number;
  /** A smaller bound under the weak memory model, whose read choices multiply the traces. */
  readonly weakMaxPreemptions?: number;
  readonly why: string;
}

/** Why resize3 and quad4 have no unbounded verdict (see properties/known-findings.ts). */
export const GROW_SHRINK_LIVELOCK =
  'a grow refill (L167-174) and a concurrent shrink (L137-141) can pass an element back and forth forever, each dropping the lock for its allocator call: a fair cycle (both resizers step, every other thread has returned) in which neither returns, as long as the two alternate perfectly';

export function describeCommand(c: Command): string {
  switch (c.op) {
    case 'alloc':
      return `alloc(${c.gfp}${c.zero ? '|__GFP_ZERO' : ''})`;
    case 'free':
      return 'free';
    case 'resize':
      return `resize(${c.n})`;
    case 'publish':
      return `publish(v${c.var}${c.locked === true ? ', locked' : ''})`;
    case 'receive':
      return `receive(v${c.var}${c.locked === true ? ', locked' : ''})`;
    case 'create':
      return `create(${c.min_nr})+destroy`;
    case 'destroy':
      return 'destroy';
    default: {
      const never: never = c;
      throw new Error(`unknown command ${JSON.stringify(never)}`);
    }
  }
}

export function describeScenario(s: Scenario): string {
  const threads = s.threads.map((t, i) => `T${i + 1}${t.atomic ? '(atomic)' : ''}: ${t.commands.map(describeCommand).join('; ')}`);
  const prefix = s.prefix.length ? ` prefix: ${s.prefix.map(describeCommand).join('; ')};` : '';
  const meta = s.metaFaults !== undefined && s.metaFaults.kind !== 'never' ? `, metadata faults ${s.metaFaults.kind}` : '';
  const sleeping = s.sleepingCallbacks === true ? ' (callbacks that sleep)' : '';
  return `min_nr ${s.min_nr}, ${s.backend}${sleeping}, faults ${s.faults.kind}${meta}, ${s.timeouts};${prefix} ${threads.join(' | ')}`;
}
