/**
 * What the explorer runs: a setup, concurrent threads, an optional teardown. The explorer knows
 * nothing of pools; scenarios/ builds Programs from scenario specs and an implementation.
 */
import type { Gen } from '../kernel/rt/ops.ts';
import type { KernelConfig, Kernel } from '../kernel/rt/kernel.ts';
import type { StateSink } from '../kernel/rt/state.ts';

export interface ThreadSpec {
  readonly name: string;
  readonly body: Gen<unknown>;
  /** Runs in atomic context (interrupt handler). */
  readonly atomic?: boolean;
}

export interface Program<S = unknown> {
  readonly kernelConfig: KernelConfig;
  /**
   * Runs first, alone, on thread 0 (e.g. create the pool, run a sequential prefix). Returns the shared
   * setup value (e.g. the pool), or null when setup failed and there is nothing to run concurrently.
   */
  setup(kernel: Kernel): Gen<S | null>;
  /** The concurrent threads, given the setup value (thread ids 1..n in this order). */
  threads(setup: S, kernel: Kernel): readonly ThreadSpec[];
  /**
   * A copy of a setup value for another execution. When given, and the setup asked the scheduler
   * nothing, the explorer runs the setup once and forks its kernel for every execution.
   */
  cloneSetup?(setup: S): S;
  /**
   * The program's own shared state that the threads' future depends on (what each thread holds, say),
   * as fingerprint tokens (kernel/rt/state-sink.ts: pointers as words): part of the world fingerprint
   * (kernel/rt/state.ts).
   */
  writeState?(setup: S, out: StateSink): void;
  /**
   * A copy of a running execution's kernel and setup value that continues independently and
   * identically (scenarios/fork.ts), or null when its threads cannot be copied (generator threads):
   * what a stateful search saves instead of re-executing prefixes.
   */
  forkRunning?(kernel: Kernel, setup: S): { readonly kernel: Kernel; readonly setup: S } | null;
  /** Runs alone after every thread has returned (e.g. a final destroy). */
  teardown?(setup: S, kernel: Kernel): Gen<unknown>;
}
