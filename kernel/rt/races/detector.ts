/**
 * A happens-before race detector for plain accesses (MEMORY-MODEL.md, "Plain accesses"): vector
 * clocks carried through spinlocks, release stores read by acquire loads, and fences (smp_wmb/smp_mb
 * release for later marked stores, smp_rmb/smp_mb acquire what earlier marked loads read; value-
 * returning RMWs are both). A plain access concurrent with a conflicting access (one of them a store)
 * is a race; two marked accesses never race. It runs as a Tracer, so it sees every access, also the
 * ones merged into a step under a lock, and works under both memory models: under `weak` a load
 * synchronises with the message it actually read, under `sc` with the newest store.
 */
import type { Kernel } from '../kernel.ts';
import { WeakMemory } from '../memory-weak.ts';
import type { Loc, Op } from '../ops.ts';
import type { Thread } from '../thread.ts';
import type { Tracer } from '../trace.ts';
import { entry, joinClock, tick, type Clock } from './clock.ts';

export interface Access {
  readonly tid: number;
  readonly step: number;
  readonly op: Op;
  readonly write: boolean;
  readonly plain: boolean;
  /** The thread's own clock entry when it made the access. */
  readonly epoch: number;
}

export interface Race {
  readonly loc: Loc;
  /** The access that came first in this execution. */
  readonly earlier: Access;
  readonly later: Access;
}

export class RaceDetector implements Tracer {
  readonly races: Race[] = [];
  private readonly clocks: Clock[] = [];
  /** Clock at each thread's last release fence (smp_wmb, smp_mb): what its later marked stores carry. */
  private readonly fenceRelease: (Clock | null)[] = [];
  /** Clocks of messages each thread read since its last acquire fence. */
  private readonly pendingAcquire: Clock[] = [];
  private readonly lockClocks = new Map<Loc, Clock>();
  /** What a reader of a message acquires: by WeakMemory message, or (SC) the newest store per location. */
  private readonly messageClocks = new Map<object, Clock | null>();
  private readonly newestClock = new Map<Loc, Clock | null>();
  private readonly lastWrite = new Map<Loc, Access>();
  private readonly reads = new Map<Loc, Access[]>();
  private readonly seen = new Set<string>();

  constructor(private readonly next: Tracer | null = null) {}

  onOp(kernel: Kernel, thread: Thread, op: Op, result: unknown, visible: boolean): void {
    this.next?.onOp(kernel, thread, op, result, visible);
    this.startThreads(kernel);
    const t = thread.id;
    const c = this.clocks[t] as Clock;
    const weak = kernel.mem instanceof WeakMemory ? kernel.mem : null;
    switch (op.kind) {
      case 'load':
      case 'await': {
        const clock = this.readClock(weak, op.loc);
        if (op.kind === 'load' && op.order === 'acquire') joinClock(c, clock);
        else joinClock(this.pendingAcquire[t] as Clock, clock);
        this.access(kernel, t, op, op.loc, false, op.kind === 'load' && op.order === 'plain');
        return;
      }
      case 'store': {
        this.access(kernel, t, op, op.loc, true, op.order === 'plain');
        const clock = op.order === 'release' ? c.slice() : this.fenceRelease[t] ?? null;
        this.wrote(weak, op.loc, clock);
        if (op.order === 'release') tick(c, t);
        return;
      }
      case 'rmw':
        joinClock(c, this.readClock(weak, op.loc));
        this.access(kernel, t, op, op.loc, true, false);
        this.wrote(weak, op.loc, c.slice());
        tick(c, t);
        return;
      case 'fence':
        if (op.fence !== 'wmb') joinClock(c, this.pendingAcquire[t]);
        if (op.fence !== 'rmb') {
          this.fenceRelease[t] = c.slice();
          tick(c, t);
        }
        return;
      case 'lock':
        joinClock(c, this.lockClocks.get(op.lock));
        return;
      case 'unlock':
        this.lockClocks.set(op.lock, c.slice());
        tick(c, t);
        return;
      default:
        return;
    }
  }

  /**
   * Threads start after every thread that has finished (the setup thread for the workers, all of
   * them for the teardown): a new thread's clock joins theirs.
   */
  private startThreads(kernel: Kernel): void {
    for (let t = this.clocks.length; t < kernel.threads.length; t++) {
      const c: Clock = [];
      for (let u = 0; u < t; u++) if (kernel.threads[u]?.status !== 'ready') joinClock(c, this.clocks[u]);
      tick(c, t);
      this.clocks[t] = c;
      this.fenceRelease[t] = null;
      this.pendingAcquire[t] = [];
    }
  }

  private readClock(weak: WeakMemory | null, loc: Loc): Clock | null {
    if (weak !== null) return weak.lastRead === null ? null : (this.messageClocks.get(weak.lastRead) ?? null);
    return this.newestClock.get(loc) ?? null;
  }

  private wrote(weak: WeakMemory | null, loc: Loc, clock: Clock | null): void {
    if (weak !== null && weak.lastWritten !== null) this.messageClocks.set(weak.lastWritten, clock);
    else this.newestClock.set(loc, clock);
  }

  private access(kernel: Kernel, t: number, op: Op, loc: Loc, write: boolean, plain: boolean): void {
    const c = this.clocks[t] as Clock;
    const a: Access = { tid: t, step: kernel.steps, op, write, plain, epoch: entry(c, t) };
    const concurrent = (b: Access): boolean => b.tid !== t && b.epoch > entry(c, b.tid) && (b.plain || plain);
    const w = this.lastWrite.get(loc);
    if (w !== undefined && concurrent(w)) this.report(loc, w, a);
    let reads = this.reads.get(loc);
    if (write) {
      if (reads !== undefined) for (const r of reads) if (concurrent(r)) this.report(loc, r, a);
      this.lastWrite.set(loc, a);
      this.reads.set(loc, []);
      return;
    }
    if (reads === undefined) {
      reads = [];
      this.reads.set(loc, reads);
    }
    const mine = reads.findIndex((r) => r.tid === t);
    if (mine >= 0) reads[mine] = a;
    else reads.push(a);
  }

  private report(loc: Loc, earlier: Access, later: Access): void {
    const key = `${loc}:${earlier.tid}:${earlier.epoch}:${later.tid}:${later.epoch}:${later.write}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.races.push({ loc, earlier, later });
  }
}
