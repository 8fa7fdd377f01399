/**
 * Naming the stale reads of a weak-memory execution: which load read which store, and which newer
 * store it missed. A WeakTracer, installed while one execution is replayed for a report, ties every
 * message to the operation that wrote it and every stale read to the load that made it; positions come
 * from a caller-supplied `siteOf` (run/sites.ts resolves operation stacks to seed lines).
 */
import type { Kernel } from '../kernel.ts';
import { WeakMemory } from '../memory-weak.ts';
import type { Loc, Op } from '../ops.ts';
import type { Thread } from '../thread.ts';
import type { Tracer } from '../trace.ts';
import type { Message, StaleRead } from './message.ts';

/** Where an operation ran: thread, step, the operation itself. */
export interface OpAt {
  readonly tid: number;
  readonly step: number;
  readonly op: Op;
}

export interface ExplainedStaleRead {
  readonly read: StaleRead;
  /** The load (or await) that read stale. */
  readonly by: OpAt | null;
  /** The store that wrote what it read (null: the location's initial value, or written before tracing). */
  readonly source: OpAt | null;
  /** The newest store of the location when it read, the one it missed. */
  readonly missed: OpAt | null;
}

const WRITES = new Set<Op['kind']>(['store', 'rmw', 'lock', 'unlock']);
const READS = new Set<Op['kind']>(['load', 'await', 'rmw']);

export class WeakTracer implements Tracer {
  private readonly writers = new Map<Message, OpAt>();
  private readonly stale: { read: StaleRead; by: OpAt }[] = [];
  private seen = 0;

  constructor(private readonly next: Tracer | null = null) {}

  onOp(kernel: Kernel, thread: Thread, op: Op, result: unknown, visible: boolean): void {
    this.next?.onOp(kernel, thread, op, result, visible);
    const mem = kernel.mem;
    if (!(mem instanceof WeakMemory)) return;
    const at: OpAt = { tid: thread.id, step: kernel.steps, op };
    if (WRITES.has(op.kind) && mem.lastWritten !== null && !this.writers.has(mem.lastWritten)) this.writers.set(mem.lastWritten, at);
    if (READS.has(op.kind)) {
      for (; this.seen < mem.staleReads.length; this.seen++) this.stale.push({ read: mem.staleReads[this.seen] as StaleRead, by: at });
    }
  }

  explained(): ExplainedStaleRead[] {
    return this.stale.map(({ read, by }) => ({
      read,
      by,
      source: this.writers.get(read.read) ?? null,
      missed: this.writers.get(read.newest) ?? null,
    }));
  }
}

/** How a report names things: locations, values, threads, and an operation's source position. */
export interface ExplainNames {
  loc(loc: Loc): string;
  value(v: number): string;
  thread(tid: number): string;
  /** e.g. `L317` or `free.ts:42`; null when unknown. */
  site(op: Op): string | null;
}

/** One sentence per stale read: "B's load of pool->curr_nr at L317 read 1 (stored by setup at L22) and missed 0 (stored by A at L28, step 5)". */
export function describeStaleReads(reads: readonly ExplainedStaleRead[], names: ExplainNames): string[] {
  const store = (m: Message, at: OpAt | null): string => {
    if (at === null) return m.writer < 0 ? `${names.value(m.value)} (the initial value)` : `${names.value(m.value)} (stored by ${names.thread(m.writer)})`;
    const site = names.site(at.op);
    return `${names.value(m.value)} (stored by ${names.thread(at.tid)}${site === null ? '' : ` at ${site}`}, step ${at.step})`;
  };
  return reads.map((r) => {
    const loc = names.loc(r.read.loc);
    const by = r.by === null ? names.thread(r.read.tid) : names.thread(r.by.tid);
    const site = r.by === null ? null : names.site(r.by.op);
    const step = r.by === null ? '' : `, step ${r.by.step}`;
    return `${by}'s load of ${loc}${site === null ? '' : ` at ${site}`}${step} read ${store(r.read.read, r.source)} and missed the newer ${store(r.read.newest, r.missed)}`;
  });
}
