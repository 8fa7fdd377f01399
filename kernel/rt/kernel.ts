import { Allocators } from './allocator.ts';
import { HARNESS_BASE, hasCell, objectOutside, objectProblem } from './cells.ts';
import type { RuntimeFinding, RuntimePropertyId } from './findings.ts';
import { access, clearFootprint, READ, touch, WRITE, type Footprint } from './footprint.ts';
import type { HistoryEvent } from './history.ts';
import { DEFAULT_KERNEL_CONFIG, type ElementWatch, type KernelConfig } from './kernel-config.ts';
import { allocate, finishWait, freeBlock, prepareToWait, releaseLock, scheduleTimeout, takeLock, waitqueueActive, wakeUp } from './kernel-objects.ts';
import type { MemoryModel, ValueChooser } from './memory.ts';
import type { Gen, Loc, Op, WaitEntry } from './ops.ts';
import { FIRST_THEN_SECOND, MAX_SCHEDULE_TIMEOUT } from './ops.ts';
import { enablingReads, isVisible, operandOrder, sharedHead } from './step-shape.ts';
import { Thread, TASK_RUNNING, type ThreadOptions } from './thread.ts';
import type { Tracer } from './trace.ts';
import { WaitQueues } from './waitqueues.ts';
import { Sharing } from './sharing.ts';

// The kernel's configuration lives in kernel-config.ts; most of the runtime names it through here.
export { DEFAULT_KERNEL_CONFIG, type ElementWatch, type KernelConfig, type TimeoutMode } from './kernel-config.ts';

/**
 * Copies running threads for `Kernel.fork` (kernel/rt/fork-live.ts): each wait entry gets one copy,
 * the same object for the copied wait queues and for the copied threads that hold it.
 */
export interface LiveThreadCopier {
  thread(t: Thread): Thread;
  entry(e: WaitEntry): WaitEntry;
}

const FIRST_VALUE: ValueChooser = { pickValue: () => 0 };

/** Operations one step may run before the thread is stopped as an endless loop (TERMINATION). */
export const MAX_OPS_PER_STEP = 100_000;

/**
 * The simulated kernel: threads, memory, locks, wait queues and allocators of one execution.
 *
 * A thread runs in steps. A step executes the thread's pending visible operation, then every following
 * operation that no other thread can observe (accesses under a held lock, fences, context checks, calls
 * to allocators that cannot conflict), up to the next visible one, which becomes pending. Only the
 * choice of which enabled thread takes the next step, and value choices inside steps, are left to the
 * scheduler (`chooser`).
 */
export class Kernel {
  readonly threads: Thread[] = [];
  readonly mem: MemoryModel;
  readonly allocators = new Allocators();
  readonly waitQueues = new WaitQueues();
  readonly findings: RuntimeFinding[] = [];
  readonly history: HistoryEvent[] = [];
  readonly warnings: { tid: number; key: string; step: number }[] = [];
  private readonly warnedOnce = new Set<string>();
  /** Locks and wait-queue heads set up by spin_lock_init / init_waitqueue_head (see `objectProblem`). */
  readonly initialised = new Set<Loc>();
  /** Steps taken so far (a step is one scheduling decision). */
  steps = 0;
  timeoutsLeft: number;
  chooser: ValueChooser = FIRST_VALUE;
  tracer: Tracer | null = null;
  /** Told of every access to an element's word (set by the OWNERSHIP monitor for one execution). */
  elementWatch: ElementWatch | null = null;
  /** What the current step touched (reset at every step). */
  readonly footprint: Footprint = [];
  readonly sharing: Sharing;
  /** The current step already holds an access another thread could observe (at most one may merge). */
  stepShared = false; // set by step-shape.ts as the step merges operations
  private harnessCells = 0;

  constructor(
    readonly config: KernelConfig = DEFAULT_KERNEL_CONFIG,
    memory: MemoryModel | null = null,
    sharing: Sharing | null = null,
  ) {
    this.sharing = sharing ?? config.sharing ?? new Sharing();
    this.mem = memory ?? config.memory();
    this.mem.attach?.(this.footprint);
    this.timeoutsLeft = config.timeouts === 'timed' ? config.timeoutBudget : 0;
    this.allocators.faults = config.faults;
  }

  /**
   * A copy of this kernel to run on independently: how an explorer reuses one setup for many
   * executions. Without `live`, only a kernel whose threads have all finished can be forked (a running
   * generator cannot be copied); finished threads are shared, everything mutable is copied. With it,
   * running threads are copied by it (forkLive in kernel/rt/fork-live.ts, for explicit threads).
   */
  fork(live: LiveThreadCopier | null = null): Kernel {
    if (live === null && this.threads.some((t) => t.status === 'ready')) throw new Error('Kernel.fork: a thread is still running');
    const k = new Kernel(this.config, this.mem.clone(), this.sharing);
    // With a copier (kernel/rt/fork-live.ts), running threads are copied with their bodies restored.
    for (const t of this.threads) k.threads.push(live !== null && t.status === 'ready' ? live.thread(t) : t);
    k.allocators.copyFrom(this.allocators);
    k.waitQueues.copyFrom(this.waitQueues, live?.entry);
    k.findings.push(...this.findings);
    k.history.push(...this.history);
    k.warnings.push(...this.warnings);
    for (const key of this.warnedOnce) k.warnedOnce.add(key);
    for (const loc of this.initialised) k.initialised.add(loc);
    k.steps = this.steps;
    k.timeoutsLeft = this.timeoutsLeft;
    k.harnessCells = this.harnessCells;
    return k;
  }

  /**
   * Start a thread. Nothing of it runs yet: its first step, when the scheduler picks it, runs the
   * operations before its first scheduling point (movers: marks, allocator calls, fences) and then
   * that first visible operation if it can run (see `step`). Running them at spawn put them before
   * every other thread's operations, which monitors can tell (an operation invoked before anything
   * else happened). With fine-grained steps there is nothing before the first scheduling point: the
   * first operation is pending at once.
   */
  spawn(name: string, gen: Gen<unknown>, options: ThreadOptions = {}): Thread {
    const thread = new Thread(this.threads.length, name, gen, options);
    this.threads.push(thread);
    this.mem.threadStart?.(thread.id);
    // Its code up to its first operation has no effect on the kernel: take that operation, unrun.
    const r = this.resume(thread, undefined);
    if (r === null) return thread;
    if (r.done === true) {
      thread.status = 'done';
      thread.result = r.value;
    } else {
      thread.pending = r.value;
      thread.started = this.config.fineGrained;
    }
    return thread;
  }

  /** Thread ids whose pending operation can execute now, in increasing order. */
  enabled(): number[] {
    const out: number[] = [];
    for (const t of this.threads) if (this.isEnabled(t)) out.push(t.id);
    return out;
  }

  isEnabled(t: Thread): boolean {
    if (t.status !== 'ready') return false;
    if (!t.started) return true;
    const op = t.pending;
    if (op === null) return false;
    switch (op.kind) {
      case 'lock':
        return this.mem.peek(op.lock) === 0 || t.locksHeld.includes(op.lock);
      case 'schedule_timeout':
        // Woken, or a timeout that needs no wait (<= 0 returns at once), or one that may fire while
        // the budget lasts; MAX_SCHEDULE_TIMEOUT (io_schedule) never fires.
        return t.taskState === TASK_RUNNING || op.timeout <= 0 || (this.timeoutsLeft > 0 && op.timeout < MAX_SCHEDULE_TIMEOUT);
      case 'await':
        // An await on memory that does not exist runs, to be reported (see hasCell).
        return !this.mem.has(op.loc) || this.mem.canAwait(t.id, op.loc, op.pred);
      default:
        return true;
    }
  }

  /** Whether the thread's enabled step would be a timeout firing (not a wake-up). */
  isTimeoutStep(t: Thread): boolean {
    const op = t.pending;
    return op?.kind === 'schedule_timeout' && t.taskState !== TASK_RUNNING && op.timeout > 0;
  }

  /** Execute one step of thread `tid` (which must be enabled). */
  step(tid: number): void {
    const t = this.threads[tid];
    if (t === undefined || t.status !== 'ready' || (t.started && t.pending === null)) throw new Error(`thread ${tid} has nothing to run`);
    this.steps += 1;
    clearFootprint(this.footprint);
    if (!t.started) {
      // Its first step: the movers before its first scheduling point, then that operation if it can
      // run now. Whether it can is read from the state (a lock word, an awaited cell): the step's
      // footprint says so, so that the reduction orders it against what changes that state.
      t.started = true;
      const first = t.pending as Op;
      if (!isVisible(this, t, first)) {
        t.pending = null;
        this.stepShared = false;
        const r = this.exec(t, first, false);
        if (t.status === 'ready') this.advance(t, r);
      }
      if (t.status !== 'ready' || t.pending === null) return;
      enablingReads(this, t, t.pending);
      if (!this.isEnabled(t)) return;
    }
    const op = t.pending as Op;
    t.pending = null;
    this.stepShared = sharedHead(this, op);
    const result = this.exec(t, op, true);
    if (t.status === 'ready') this.advance(t, result);
  }

  private advance(t: Thread, input: unknown): void {
    let next = input;
    for (let ops = 0; ; ops++) {
      if (ops === MAX_OPS_PER_STEP) {
        // Every operation so far was merged into this step: no other thread could have changed what it
        // read, so the loop would never end in any schedule.
        this.report('TERMINATION', t, `ran ${MAX_OPS_PER_STEP} operations without reaching a scheduling point: an endless loop`);
        t.status = 'dead';
        t.pending = null;
        return;
      }
      const r = this.resume(t, next);
      if (r === null) return;
      if (r.done === true) {
        t.status = 'done';
        t.result = r.value;
        if (t.locksHeld.length > 0) this.report('LOCKING', t, `returned with ${t.locksHeld.length} spinlock(s) held`);
        if (this.waitQueues.queuedOf(t.id) !== null) this.report('KERNEL-OBJECTS', t, 'returned with its wait entry still on a wait queue (no finish_wait): the on-stack entry outlives its function');
        return;
      }
      const op = r.value;
      if (isVisible(this, t, op)) {
        t.pending = op;
        return;
      }
      next = this.exec(t, op, false);
      if (t.status !== 'ready') return;
    }
  }

  /**
   * Runs the thread's body up to its next operation. An exception its implementation threw is a
   * finding and kills the thread (null); one the checker's code threw propagates.
   */
  private resume(t: Thread, input: unknown): IteratorResult<Op, unknown> | null {
    try {
      return t.gen.next(input);
    } catch (e) {
      const crash = this.config.implementationThrew?.(e) ?? null;
      if (crash === null) throw e;
      this.report('IMPL-CRASH', t, crash);
      t.status = 'dead';
      return null;
    }
  }

  private exec(t: Thread, op: Op, visible: boolean): unknown {
    const result = this.execOp(t, op);
    if (this.tracer !== null) this.tracer.onOp(this, t, op, result, visible);
    return result;
  }

  private execOp(t: Thread, op: Op): unknown {
    const fp = this.footprint;
    switch (op.kind) {
      case 'load':
        touch(fp, 'load', access(op.loc, READ));
        if (!t.alone) this.sharing.observe(op.loc, t.id, false, t.heldMask);
        if (!hasCell(this, t, op.loc, false)) return 0;
        return this.mem.load(t.id, op.loc, op.order, this.chooser);
      case 'store':
        touch(fp, 'store', access(op.loc, WRITE));
        if (!t.alone) this.sharing.observe(op.loc, t.id, true, t.heldMask);
        if (hasCell(this, t, op.loc, true)) this.mem.store(t.id, op.loc, op.value, op.order);
        return undefined;
      case 'rmw':
        touch(fp, 'rmw', access(op.loc, WRITE));
        if (!t.alone) this.sharing.observe(op.loc, t.id, true, t.heldMask);
        if (!hasCell(this, t, op.loc, true)) return 0;
        return this.mem.rmw(t.id, op.loc, op.update, op.ordering ?? 'mb');
      case 'await':
        touch(fp, 'await', access(op.loc, READ));
        if (!t.alone) this.sharing.observe(op.loc, t.id, false, t.heldMask);
        if (!hasCell(this, t, op.loc, false)) return 0;
        return this.mem.awaitRead(t.id, op.loc, op.pred, this.chooser);
      case 'fence':
        this.mem.fence(t.id, op.fence);
        return undefined;
      case 'lock_init':
        if (objectOutside(this, t, 'spin_lock_init', op.lock)) return undefined;
        this.mem.init(op.lock, 0);
        this.initialised.add(op.lock);
        return undefined;
      case 'lock':
        if (objectProblem(this, t, 'spin_lock', op.lock, 'spin_lock_init')) return 0;
        return takeLock(this, t, op.lock, op.irqsave);
      case 'unlock':
        releaseLock(this, t, op.lock, op.irqrestore, op.flags);
        return undefined;
      case 'wq_init':
        if (objectOutside(this, t, 'init_waitqueue_head', op.wq)) return undefined;
        this.waitQueues.init(op.wq);
        this.initialised.add(op.wq);
        return undefined;
      case 'wait_init':
        op.wait.task = t.id;
        op.wait.queued = false;
        return undefined;
      case 'prepare_to_wait':
        prepareToWait(this, t, op.wq, op.wait, op.state);
        return undefined;
      case 'finish_wait':
        finishWait(this, t, op.wq, op.wait);
        return undefined;
      case 'wake_up':
        if (objectProblem(this, t, 'wake_up', op.wq, 'init_waitqueue_head')) return 0;
        return wakeUp(this, op.wq);
      case 'wq_active':
        return waitqueueActive(this, t, op.wq);
      case 'schedule_timeout':
        return scheduleTimeout(this, t, op.timeout);
      case 'might_sleep':
        if (t.inAtomicContext()) this.report('NO-SLEEP-ATOMIC', t, 'might_sleep() in atomic context');
        return undefined;
      case 'bug':
        this.report('BUG-FREE', t, 'kernel BUG');
        t.status = 'dead';
        return undefined;
      case 'warn_once':
        if (!this.warnedOnce.has(op.key)) {
          this.warnedOnce.add(op.key);
          this.warnings.push({ tid: t.id, key: op.key, step: this.steps });
        }
        return undefined;
      case 'alloc':
        return allocate(this, t, op);
      case 'free':
        freeBlock(this, t, op);
        return undefined;
      case 'cache_create':
        return this.allocators.createCache(op.name, op.size);
      case 'kmemleak_update_trace':
        return undefined;
      case 'mark':
        this.history.push({ kind: 'mark', tid: t.id, step: this.steps, mark: op.mark });
        return undefined;
      case 'unsequenced':
        if (op.compound === true) {
          if (!t.alone) this.sharing.refuteSingleOperands();
          return FIRST_THEN_SECOND;
        }
        return operandOrder(this, t, op.first, op.second);
      default: {
        const never: never = op;
        throw new Error(`unknown operation ${JSON.stringify(never)}`);
      }
    }
  }

  report(property: RuntimePropertyId, t: Thread, message: string): void {
    this.findings.push({ property, tid: t.id, step: this.steps, message });
  }

  /**
   * A memory cell owned by the harness (a shared variable of a thread program), outside every
   * allocator: it is neither an element nor a leak.
   */
  harnessCell(initial = 0): Loc {
    const loc = HARNESS_BASE + this.harnessCells;
    this.harnessCells += 1;
    this.mem.init(loc, initial);
    return loc;
  }

  /**
   * An implementation's static data (a C file's globals, initialised at compile time): the first
   * harness cells of a fresh kernel, word by word, so each lies at the address the implementation
   * was compiled for (HARNESS_BASE plus its offset).
   */
  defineStatics(values: readonly number[]): void {
    if (values.length === 0) return;
    if (this.harnessCells !== 0) throw new Error('static data must be the first harness cells of a kernel');
    for (const v of values) this.harnessCell(v);
  }

  /** The harness cells created so far, in creation order (the world fingerprint's fixed roots). */
  harnessCellLocs(): Loc[] {
    const out: Loc[] = [];
    for (let i = 0; i < this.harnessCells; i++) out.push(HARNESS_BASE + i);
    return out;
  }

  /** Remove a thread that can never run again (the sequential runner abandons a blocked alloc). */
  abandon(tid: number, wq: Loc | null): void {
    const t = this.threads[tid];
    if (t === undefined) return;
    if (wq !== null) this.waitQueues.removeTask(wq, tid);
    t.pending = null;
    t.status = 'dead';
  }

  /** Mark entries a wait queue holds for a thread (used by checks). */
  waitersOf(wq: Loc): readonly WaitEntry[] {
    return this.waitQueues.entries(wq);
  }
}
