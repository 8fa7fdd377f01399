import type { Loc } from './ops.ts';
import { WaitEntry } from './ops.ts';

/** Wait queues by the address of their head. Entries keep insertion order (wake_up walks them in it). */
export class WaitQueues {
  private readonly queues = new Map<Loc, WaitEntry[]>();

  /**
   * Make these (fresh) queues a copy of `other`, entries included. `copyOf`: how an entry is copied
   * when its holders (running threads' frames) are copied too, so that they all get the same copy.
   */
  copyFrom(other: WaitQueues, copyOf?: (e: WaitEntry) => WaitEntry): void {
    const copies = new Map<WaitEntry, WaitEntry>();
    const copy =
      copyOf ??
      ((e: WaitEntry): WaitEntry => {
        const c = copies.get(e) ?? Object.assign(new WaitEntry(), e);
        copies.set(e, c);
        return c;
      });
    for (const [wq, q] of other.queues) this.queues.set(wq, q.map(copy));
  }

  init(wq: Loc): void {
    this.queues.set(wq, []);
  }

  private queue(wq: Loc): WaitEntry[] {
    let q = this.queues.get(wq);
    if (q === undefined) {
      q = [];
      this.queues.set(wq, q);
    }
    return q;
  }

  /** prepare_to_wait: add the entry unless it is already queued. */
  add(wq: Loc, entry: WaitEntry): void {
    if (entry.queued) return;
    entry.queued = true;
    this.queue(wq).push(entry);
  }

  /** finish_wait: take the entry off if it is still there. */
  remove(wq: Loc, entry: WaitEntry): void {
    if (!entry.queued) return;
    entry.queued = false;
    const q = this.queue(wq);
    const i = q.indexOf(entry);
    if (i >= 0) q.splice(i, 1);
  }

  removeTask(wq: Loc, tid: number): void {
    for (const entry of [...this.queue(wq)]) if (entry.task === tid) this.remove(wq, entry);
  }

  /** wake_up with autoremove_wake_function: every (non-exclusive) waiter is taken off and returned. */
  takeAll(wq: Loc): WaitEntry[] {
    const q = this.queues.get(wq);
    if (q === undefined || q.length === 0) return [];
    const taken = q.splice(0, q.length);
    for (const entry of taken) entry.queued = false;
    return taken;
  }

  /** Every wait-queue head ever initialised or used (the world fingerprint walks them). */
  heads(): IterableIterator<Loc> {
    return this.queues.keys();
  }

  /** The wait queue on which thread `tid` still has an entry, or null. */
  queuedOf(tid: number): Loc | null {
    for (const [wq, q] of this.queues) for (const e of q) if (e.task === tid) return wq;
    return null;
  }

  entries(wq: Loc): readonly WaitEntry[] {
    return this.queues.get(wq) ?? [];
  }
}
