/**
 * Work deferred by a preemption-bounded search, by level (the preemption count its alternatives
 * cost). Levels are explored in increasing order; within a level, nodes in the order they were queued.
 */
import type { ThreadNode } from './search-nodes.ts';

export class LevelQueues {
  private readonly queues: ThreadNode[][] = [];
  private readonly heads: number[] = [];
  private current = 0;
  /** Whether something was queued beyond the largest level (the search at `max` cut it off). */
  cut = false;

  constructor(readonly max: number) {
    if (!Number.isInteger(max) || max < 0) throw new RangeError(`preemption bound must be a non-negative integer, got ${max}`);
  }

  /** The level being explored. */
  get level(): number {
    return this.current;
  }

  push(node: ThreadNode, level: number): void {
    if (level > this.max) {
      this.cut = true;
      return;
    }
    if (node.queued === null) node.queued = [level];
    else if (node.queued.includes(level)) return;
    else node.queued.push(level);
    let q = this.queues[level];
    if (q === undefined) {
      q = [];
      this.queues[level] = q;
      this.heads[level] = 0;
    }
    q.push(node);
  }

  /** Next queued node at the current level, moving to higher levels as they run dry; null at the end. */
  next(): ThreadNode | null {
    for (;;) {
      const q = this.queues[this.current];
      const head = this.heads[this.current] ?? 0;
      if (q !== undefined && head < q.length) {
        const node = q[head] as ThreadNode;
        this.heads[this.current] = head + 1;
        const at = node.queued?.indexOf(this.current) ?? -1;
        if (at >= 0) node.queued?.splice(at, 1);
        if (head + 1 === q.length) {
          q.length = 0;
          this.heads[this.current] = 0;
        }
        return node;
      }
      if (this.current >= this.max) return null;
      this.current += 1;
    }
  }
}
