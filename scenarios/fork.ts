/**
 * A copy of a running scenario execution — kernel and PoolWorld — that continues independently and
 * identically: what a stateful search restores instead of re-executing a prefix (issue 10 Part 2).
 * Possible only when every live thread is an explicit scenario thread (the C front end's operations);
 * otherwise null.
 */
import { forkLive } from '../kernel/rt/fork-live.ts';
import type { Kernel } from '../kernel/rt/kernel.ts';
import { ExplicitCommandThread } from './command-thread-explicit.ts';
import type { PoolWorld } from './world.ts';

export interface ForkedWorld {
  readonly kernel: Kernel;
  readonly world: PoolWorld;
}

export function forkWorld(kernel: Kernel, world: PoolWorld): ForkedWorld | null {
  const copy = world.clone();
  // Each live thread's body: a new scenario thread bound to the copied world, restored from the original's snapshot.
  const k = forkLive(kernel, (t, mapValue) => (t.gen instanceof ExplicitCommandThread ? t.gen.copyFor(copy, mapValue) : null));
  return k === null ? null : { kernel: k, world: copy };
}
