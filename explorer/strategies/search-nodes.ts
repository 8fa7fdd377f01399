/**
 * Nodes of a stateless search tree: one per choice an execution asked for. A thread node is a state
 * where more than one thread was enabled; a value node is a value choice inside a step (allocation
 * fault, read-from), whose alternatives are always all explored.
 */
import type { ThreadMask } from './thread-mask.ts';

export interface ThreadNode {
  readonly kind: 't';
  /** Position (step number, from 0) of the step this node chooses the thread of. */
  readonly step: number;
  /** Enabled threads. */
  readonly enabled: ThreadMask;
  /** Thread of the previous step (-1 before the first) and whether it is still enabled here. */
  readonly prev: number;
  readonly prevEnabled: boolean;
  /** Preemptions before this step. */
  readonly preemptions: number;
  readonly parent: SearchNode | null;
  /** The parent's choice that leads here (its thread, or its value index). */
  readonly choiceInParent: number;
  /** The thread being explored from here. */
  current: number;
  /** Threads whose exploration from here is finished. */
  done: ThreadMask;
  /** Threads to explore from here (the backtrack set; all enabled threads without reduction). */
  pending: ThreadMask;
  /** Threads asleep here (inherited): their steps were explored from an earlier state. */
  readonly sleep: ThreadMask;
  /** Footprints of the sleeping threads' steps, by thread (union over their value alternatives). */
  readonly sleepFp: readonly (readonly number[] | undefined)[] | null;
  /** Union footprints of finished threads (they sleep for the threads explored after them; sleep sets only). */
  doneFp: (readonly number[] | undefined)[] | null;
  /** Union footprint of the current thread's step over the value alternatives seen so far (sleep sets only). */
  currentFp: number[] | null;
  /** Preemption levels this node is queued at (bounded search; rarely more than one). */
  queued: number[] | null;
}

export interface ValueNode {
  readonly kind: 'v';
  /** Position of the step the choice is made in (the number of steps taken before it). */
  readonly step: number;
  readonly count: number;
  index: number;
  readonly parent: SearchNode | null;
  readonly choiceInParent: number;
}

export type SearchNode = ThreadNode | ValueNode;

export const choiceOf = (node: SearchNode): number => (node.kind === 't' ? node.current : node.index);

/** Add the accesses of `fp` to the set `into` (small arrays: a linear scan beats a Set). */
export function addAll(into: number[], fp: readonly number[]): void {
  for (const a of fp) if (!into.includes(a)) into.push(a);
}
