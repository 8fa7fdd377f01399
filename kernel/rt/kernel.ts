import { Allocators, type Block } from './allocator.ts';
import { DEFAULT_FAULTS, type FaultPolicy } from './faults.ts';
import type { RuntimeFinding, RuntimePropertyId } from './findings.ts';
import { access, clearFootprint, OBJ_ALLOC_ORDER, OBJ_TIMEOUT_BUDGET, objTask, READ, WRITE, type Footprint } from './footprint.ts';
import { __GFP_WAIT } from './gfp.ts';
import type { HistoryEvent } from './history.ts';
import type { MemoryModel, ValueChooser } from './memory.ts';
import { ScMemory } from './memory-sc.ts';
import type { Gen, Loc, Op, WaitEntry } from './ops.ts';
import { MAX_SCHEDULE_TIMEOUT, NULL } from './ops.ts';
import { Thread, TASK_RUNNING, type ThreadOptions } from './thread.ts';
import type { Tracer } from './trace.ts';
import { WaitQueues } from './waitqueues.ts';

export type TimeoutMode = 'untimed' | 'timed';

/** Who wants to know when a thread touches an element's words (see Kernel.checkCell). */
export interface ElementWatch {
  onElementAccess(kernel: Kernel, t: Thread, element: Block, loc: Loc, write: boolean): void;
}

export interface KernelConfig {
  readonly memory: () => MemoryModel;
  /** untimed: a sleeper wakes only when woken; timed: its timeout may also fire (a scheduler choice). */
  readonly timeouts: TimeoutMode;
  /** How many timeouts may fire in one execution (`timed` only); bounds retry loops. */
  readonly timeoutBudget: number;
  readonly faults: FaultPolicy;
  /**
   * Make every memory access a scheduling point, also under a held spinlock. Off by default: accesses
   * under a lock are merged into the step that took it, which is exact for programs whose only races
   * are lockless reads (the race detector reports any other race).
   */
  readonly fineGrained: boolean;
  /**
   * Whose exception it is, for one thrown while a thread's body ran (inside its generator): a
   * description of it when the implementation's own code threw it (a finding, IMPL-CRASH, and the
   * thread dies as in an oops), null when the checker's code did (it propagates: an internal error).
   * Absent: every exception propagates. Given by whoever knows which code is the checker's (run/).
   */
  readonly implementationThrew?: (error: unknown) => string | null;
}

export const DEFAULT_KERNEL_CONFIG: KernelConfig = {
  memory: () => new ScMemory(),
  timeouts: 'untimed',
  timeoutBudget: 1,
  faults: DEFAULT_FAULTS,
  fineGrained: false,
};

/**
 * Harness cells get an arena of their own, far above every thread's (see memory.ts). Not inside arena
 * 0: a cell half-way into an arena makes its array sparse, and every fork would copy the hole.
 */
const HARNESS_BASE = 1 << 30;

const FIRST_VALUE: ValueChooser = { pickValue: () => 0 };

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
  private readonly initialised = new Set<Loc>();
  /** Steps taken so far (a step is one scheduling decision). */
  steps = 0;
  timeoutsLeft: number;
  chooser: ValueChooser = FIRST_VALUE;
  tracer: Tracer | null = null;
  /** Told of every access to an element's word (set by the OWNERSHIP monitor for one execution). */
  elementWatch: ElementWatch | null = null;
  /** What the current step touched (reset at every step). */
  readonly footprint: Footprint = [];
  private harnessCells = 0;

  constructor(
    readonly config: KernelConfig = DEFAULT_KERNEL_CONFIG,
    memory: MemoryModel | null = null,
  ) {
    this.mem = memory ?? config.memory();
    this.mem.attach?.(this.footprint);
    this.timeoutsLeft = config.timeouts === 'timed' ? config.timeoutBudget : 0;
    this.allocators.faults = config.faults;
  }

  /**
   * A copy of this kernel to run on independently: how an explorer reuses one setup for many
   * executions. Only a kernel whose threads have all finished can be forked (a running generator
   * cannot be copied); finished threads are shared, everything mutable is copied.
   */
  fork(): Kernel {
    if (this.threads.some((t) => t.status === 'ready')) throw new Error('Kernel.fork: a thread is still running');
    const k = new Kernel(this.config, this.mem.clone());
    k.threads.push(...this.threads);
    k.allocators.copyFrom(this.allocators);
    k.waitQueues.copyFrom(this.waitQueues);
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

  /** Start a thread and run it up to its first visible operation. */
  spawn(name: string, gen: Gen<unknown>, options: ThreadOptions = {}): Thread {
    const thread = new Thread(this.threads.length, name, gen, options);
    this.threads.push(thread);
    clearFootprint(this.footprint);
    this.mem.threadStart?.(thread.id);
    this.advance(thread, undefined);
    return thread;
  }

  /** Thread ids whose pending operation can execute now, in increasing order. */
  enabled(): number[] {
    const out: number[] = [];
    for (const t of this.threads) if (this.isEnabled(t)) out.push(t.id);
    return out;
  }

  isEnabled(t: Thread): boolean {
    const op = t.pending;
    if (op === null || t.status !== 'ready') return false;
    switch (op.kind) {
      case 'lock':
        return this.mem.peek(op.lock) === 0 || t.locksHeld.includes(op.lock);
      case 'schedule_timeout':
        // Woken, or a timeout that needs no wait (<= 0 returns at once), or one that may fire while
        // the budget lasts; MAX_SCHEDULE_TIMEOUT (io_schedule) never fires.
        return t.taskState === TASK_RUNNING || op.timeout <= 0 || (this.timeoutsLeft > 0 && op.timeout < MAX_SCHEDULE_TIMEOUT);
      case 'await':
        return this.mem.canAwait(t.id, op.loc, op.pred);
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
    if (t === undefined || t.pending === null) throw new Error(`thread ${tid} has nothing to run`);
    this.steps += 1;
    clearFootprint(this.footprint);
    const op = t.pending;
    t.pending = null;
    const result = this.exec(t, op, true);
    if (t.status === 'ready') this.advance(t, result);
  }

  private advance(t: Thread, input: unknown): void {
    let next = input;
    for (;;) {
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
      if (this.isVisible(t, op)) {
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

  private isVisible(t: Thread, op: Op): boolean {
    switch (op.kind) {
      case 'load':
      case 'store':
      case 'rmw':
        return t.locksHeld.length === 0 || this.config.fineGrained;
      case 'await':
      case 'lock':
      case 'prepare_to_wait':
      case 'finish_wait':
      case 'wake_up':
      case 'schedule_timeout':
        return true;
      case 'fence':
        return op.fence === 'mb' && this.mem.name === 'weak';
      case 'alloc':
        return this.allocators.orderSensitive(op.req);
      case 'free':
        return this.config.fineGrained;
      default:
        return false;
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
        fp.push(access(op.loc, READ));
        this.checkCell(t, op.loc, false);
        return this.mem.load(t.id, op.loc, op.order, this.chooser);
      case 'store':
        fp.push(access(op.loc, WRITE));
        this.checkCell(t, op.loc, true);
        this.mem.store(t.id, op.loc, op.value, op.order);
        return undefined;
      case 'rmw':
        fp.push(access(op.loc, WRITE));
        this.checkCell(t, op.loc, true);
        return this.mem.rmw(t.id, op.loc, op.update);
      case 'await':
        fp.push(access(op.loc, READ));
        return this.mem.awaitRead(t.id, op.loc, op.pred, this.chooser);
      case 'fence':
        this.mem.fence(t.id, op.fence);
        return undefined;
      case 'lock_init':
        if (this.objectOutside(t, 'spin_lock_init', op.lock)) return undefined;
        this.mem.init(op.lock, 0);
        this.initialised.add(op.lock);
        return undefined;
      case 'lock':
        if (this.objectProblem(t, 'spin_lock', op.lock, 'spin_lock_init')) return 0;
        return this.lock(t, op.lock, op.irqsave);
      case 'unlock':
        this.unlock(t, op.lock, op.irqrestore, op.flags);
        return undefined;
      case 'wq_init':
        if (this.objectOutside(t, 'init_waitqueue_head', op.wq)) return undefined;
        this.waitQueues.init(op.wq);
        this.initialised.add(op.wq);
        return undefined;
      case 'wait_init':
        op.wait.task = t.id;
        op.wait.queued = false;
        return undefined;
      case 'prepare_to_wait':
        fp.push(access(op.wq, WRITE), access(objTask(t.id), WRITE));
        if (this.objectProblem(t, 'prepare_to_wait', op.wq, 'init_waitqueue_head')) return undefined;
        this.waitQueues.add(op.wq, op.wait);
        t.taskState = op.state;
        return undefined;
      case 'finish_wait':
        fp.push(access(op.wq, WRITE), access(objTask(t.id), WRITE));
        if (this.objectProblem(t, 'finish_wait', op.wq, 'init_waitqueue_head')) return undefined;
        t.taskState = TASK_RUNNING;
        this.waitQueues.remove(op.wq, op.wait);
        return undefined;
      case 'wake_up':
        if (this.objectProblem(t, 'wake_up', op.wq, 'init_waitqueue_head')) return 0;
        return this.wakeUp(op.wq);
      case 'schedule_timeout':
        return this.scheduleTimeout(t, op.timeout);
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
        return this.allocate(t, op);
      case 'free':
        this.free(t, op);
        return undefined;
      case 'cache_create':
        return this.allocators.createCache(op.name, op.size);
      case 'kmemleak_update_trace':
        return undefined;
      case 'mark':
        this.history.push({ kind: 'mark', tid: t.id, step: this.steps, mark: op.mark });
        return undefined;
      case 'unsequenced':
        return this.chooser.pickValue(2, 'operand-order');
      default: {
        const never: never = op;
        throw new Error(`unknown operation ${JSON.stringify(never)}`);
      }
    }
  }

  private lock(t: Thread, lock: Loc, irqsave: boolean): number {
    this.footprint.push(access(lock, WRITE));
    if (t.locksHeld.includes(lock)) {
      this.report('LOCKING', t, 'spinlock taken twice by the same thread (self-deadlock)');
      t.status = 'dead';
      return 0;
    }
    const flags = t.irqsOff ? 1 : 0;
    if (irqsave) t.irqsOff = true;
    this.mem.lockAcquire(t.id, lock);
    t.locksHeld.push(lock);
    return flags;
  }

  private unlock(t: Thread, lock: Loc, irqrestore: boolean, flags: number): void {
    this.footprint.push(access(lock, WRITE));
    const index = t.locksHeld.lastIndexOf(lock);
    if (index < 0) {
      this.report('LOCKING', t, 'spin_unlock of a lock this thread does not hold');
      return;
    }
    t.locksHeld.splice(index, 1);
    this.mem.lockRelease(t.id, lock);
    if (irqrestore) t.irqsOff = flags !== 0;
  }

  private wakeUp(wq: Loc): number {
    const fp = this.footprint;
    fp.push(access(wq, WRITE));
    let woken = 0;
    for (const entry of this.waitQueues.takeAll(wq)) {
      const waiter = this.threads[entry.task];
      if (waiter === undefined) continue;
      fp.push(access(objTask(waiter.id), WRITE));
      if (waiter.taskState !== TASK_RUNNING) {
        waiter.taskState = TASK_RUNNING;
        woken += 1;
      }
    }
    return woken;
  }

  private scheduleTimeout(t: Thread, timeout: number): number {
    this.footprint.push(access(objTask(t.id), READ));
    if (t.inAtomicContext()) this.report('NO-SLEEP-ATOMIC', t, 'schedule in atomic context');
    if (t.taskState === TASK_RUNNING) return timeout;
    if (timeout <= 0) {
      // Nothing to wait for: schedule_timeout(0) returns at once, spending no budget (a waiter that
      // sleeps this way is polling, and its loop is as long as the wait).
      t.taskState = TASK_RUNNING;
      return 0;
    }
    // Not woken: this step is the timeout firing (only enabled while the budget lasts).
    this.footprint.push(access(OBJ_TIMEOUT_BUDGET, WRITE));
    this.timeoutsLeft -= 1;
    t.taskState = TASK_RUNNING;
    return 0;
  }

  private allocate(t: Thread, op: Extract<Op, { kind: 'alloc' }>): number {
    const req = op.req;
    if (this.allocators.orderSensitive(req)) this.footprint.push(access(OBJ_ALLOC_ORDER, WRITE));
    if (req.gfp & __GFP_WAIT && t.inAtomicContext()) {
      this.report('NO-SLEEP-ATOMIC', t, 'allocation with __GFP_WAIT in atomic context');
    }
    const block = this.allocators.allocate(t.id, req, this.chooser);
    const ptr = block === null ? NULL : typeof block === 'number' ? block : block.ptr;
    this.history.push({ kind: 'alloc', tid: t.id, step: this.steps, api: req.api, gfp: req.gfp, result: ptr });
    if (block !== null && typeof block !== 'number') this.initCells(block);
    return ptr;
  }

  /** The pool's own blocks get their cells now; an element's words get theirs when first touched. */
  private initCells(block: Block): void {
    if (block.cls === 'element') return;
    for (let i = 0; i < block.words; i++) this.mem.init(block.ptr + i, 0);
  }

  private free(t: Thread, op: Extract<Op, { kind: 'free' }>): void {
    if (op.ptr !== NULL) this.footprint.push(access(op.ptr, WRITE));
    const { problem, cells } = this.allocators.free(t.id, op.api, op.ptr, op.order, op.cache);
    this.history.push({ kind: 'free', tid: t.id, step: this.steps, api: op.api, ptr: op.ptr });
    if (problem !== null) this.report('OWNERSHIP', t, problem);
    for (const loc of cells) this.mem.drop(loc);
  }

  /**
   * A lock or wait-queue head must lie in a live allocation (not freed, not past a block's end) and
   * have been initialised (spin_lock_init / init_waitqueue_head), as lockdep and CONFIG_DEBUG_SPINLOCK
   * would insist. Harness cells stand for statics defined with DEFINE_SPINLOCK /
   * DECLARE_WAIT_QUEUE_HEAD, initialised at compile time. A lock outside any allocation kills the
   * thread (there is no lock word to take); an uninitialised one is reported and then works as the
   * zeroed word it is.
   */
  private objectProblem(t: Thread, call: string, loc: Loc, init: string): boolean {
    if (this.objectOutside(t, call, loc)) return true;
    if (loc < HARNESS_BASE && !this.initialised.has(loc)) {
      this.report('KERNEL-OBJECTS', t, `${call} on 0x${loc.toString(16)} before ${init}: used uninitialised`);
    }
    return false;
  }

  private objectOutside(t: Thread, call: string, loc: Loc): boolean {
    if (this.mem.has(loc)) return false;
    if (this.allocators.touch(loc) !== undefined) {
      // A lock or wait queue inside an element the thread owns: the word gets its cell now.
      this.mem.init(loc, 0);
      return false;
    }
    this.report('KERNEL-OBJECTS', t, `${call} on 0x${loc.toString(16)}, which lies in no live allocation (freed, or outside its object)`);
    t.status = 'dead';
    return true;
  }

  /**
   * A memory access must hit a cell of a live block (or a harness cell). The first touch of an element's
   * word makes its cell (zero). Every access to an element's word also reads the element's identity in
   * the footprint, so that its free (which writes it) is dependent on every access to any of its words,
   * and tells `elementWatch` (OWNERSHIP: the pool must not touch an element it has handed out).
   */
  private checkCell(t: Thread, loc: Loc, write: boolean): void {
    const a = this.allocators;
    if (this.mem.has(loc)) {
      if (a.elementCells.size === 0) return;
      const element = a.elementCells.get(loc);
      if (element !== undefined) this.elementAccess(t, element, loc, write);
      return;
    }
    const element = a.touch(loc);
    if (element !== undefined) {
      this.mem.init(loc, 0);
      this.elementAccess(t, element, loc, write);
      return;
    }
    const block = a.blockAt(loc);
    if (block !== undefined && !a.live.has(block.ptr) && loc < block.ptr + Math.max(1, block.words)) {
      const what = block.cls === 'element' ? 'freed to its allocator' : 'kfree\'d';
      this.report('OWNERSHIP', t, `${write ? 'write to' : 'read of'} word ${loc - block.ptr} of ${a.name(block.ptr)}, which was ${what}: use after free`);
      return;
    }
    this.report('OWNERSHIP', t, `access to unallocated or freed memory 0x${loc.toString(16)}`);
  }

  private elementAccess(t: Thread, element: Block, loc: Loc, write: boolean): void {
    this.footprint.push(access(element.ptr, READ));
    if (this.elementWatch !== null) this.elementWatch.onElementAccess(this, t, element, loc, write);
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
