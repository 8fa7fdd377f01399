/**
 * Copying a kernel whose threads are still running, for a search that restores states instead of
 * re-executing prefixes (issue 10 Part 2). Only explicit threads can be copied: a JavaScript
 * generator's state cannot be read, so `forkLive` returns null unless every live thread exposes its
 * state (kernel/rt/state.ts `threadsExplicit`) and the caller can copy its body.
 *
 * Everything of the kernel is copied as `Kernel.fork` copies it (memory of either model, allocators,
 * wait queues, findings, history, warnings, steps, timeouts left, harness cells); each running thread
 * gets a new Thread with the same context (status, pending operation, started, locks held, irqs,
 * task state, atomic) and the body the caller made from the original's snapshot.
 *
 * Wait entries are the one thing held by reference in two places: by a wait queue and by the frames
 * (or the pending operation) of the thread that owns it. Each gets exactly one copy, used by both.
 */
import { Kernel, type LiveThreadCopier } from './kernel.ts';
import { WaitEntry, type Gen, type Op } from './ops.ts';
import { threadsExplicit } from './state.ts';
import { Thread } from './thread.ts';
import { opSites } from './trace.ts';

/**
 * Makes the copy of a running thread's body, restored from the original's state; `mapValue` gives the
 * copy of every value the body holds (wait entries: the copy's own). Null: this body cannot be copied.
 */
export type BodyCopier = (t: Thread, mapValue: (v: unknown) => unknown) => Gen<unknown> | null;

export function forkLive(kernel: Kernel, copyBody: BodyCopier): Kernel | null {
  if (!threadsExplicit(kernel)) return null;
  const copier = new LiveCopier(copyBody);
  const k = kernel.fork(copier);
  return copier.refused ? null : k;
}

/**
 * Copies a kernel's running threads and wait entries for one fork. A class with bound methods rather
 * than closures: a search forks once per transition, and the build names every function it creates.
 */
class LiveCopier implements LiveThreadCopier {
  private readonly copies = new Map<WaitEntry, WaitEntry>();
  refused = false;
  readonly entry: (e: WaitEntry) => WaitEntry;
  private readonly mapValue: (v: unknown) => unknown;

  constructor(private readonly copyBody: BodyCopier) {
    this.entry = LiveCopier.prototype.copyEntry.bind(this);
    this.mapValue = LiveCopier.prototype.copyValue.bind(this);
  }

  thread(t: Thread): Thread {
    const body = this.copyBody(t, this.mapValue);
    if (body === null) {
      this.refused = true;
      return t;
    }
    return copyThread(t, body, this.entry);
  }

  private copyEntry(e: WaitEntry): WaitEntry {
    let c = this.copies.get(e);
    if (c === undefined) {
      c = new WaitEntry();
      c.task = e.task;
      c.queued = e.queued;
      this.copies.set(e, c);
    }
    return c;
  }

  private copyValue(v: unknown): unknown {
    return v instanceof WaitEntry ? this.copyEntry(v) : v;
  }
}

function copyThread(t: Thread, body: Gen<unknown>, entry: (e: WaitEntry) => WaitEntry): Thread {
  const c = new Thread(t.id, t.name, body, { atomic: t.atomic, alone: t.alone });
  c.pending = t.pending === null ? null : copyOp(t.pending, entry);
  c.started = t.started;
  c.status = t.status;
  c.result = t.result;
  c.locksHeld.push(...t.locksHeld);
  c.heldMask = t.heldMask;
  c.irqsOff = t.irqsOff;
  c.taskState = t.taskState;
  return c;
}

/**
 * The pending operation of a copied thread. Operations are immutable data and shared, except those that
 * carry a wait entry: those are copied with the copy's entry, and keep the original's explicit site
 * (kernel/rt/trace.ts looks sites up by operation identity).
 */
function copyOp(op: Op, entry: (e: WaitEntry) => WaitEntry): Op {
  let copy: Op;
  switch (op.kind) {
    case 'wait_init':
    case 'prepare_to_wait':
    case 'finish_wait':
      copy = { ...op, wait: entry(op.wait) };
      break;
    case 'unsequenced': {
      const first = op.first === null ? null : copyOp(op.first, entry);
      const second = op.second === null ? null : copyOp(op.second, entry);
      if (first === op.first && second === op.second) return op;
      copy = { ...op, first, second };
      break;
    }
    default:
      return op;
  }
  const site = opSites.explicit.get(op);
  if (site !== undefined) opSites.explicit.set(copy, site);
  return copy;
}
