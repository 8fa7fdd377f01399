import { Allocators, type Block } from './allocator.ts';
import { DEFAULT_FAULTS, type FaultPolicy } from './faults.ts';
import type { RuntimeFinding, RuntimePropertyId } from './findings.ts';
import { access, clearFootprint, OBJ_ALLOC_ORDER, OBJ_TIMEOUT_BUDGET, objTask, READ, touch, WRITE, type Footprint } from './footprint.ts';
import { __GFP_WAIT } from './gfp.ts';
import type { HistoryEvent } from './history.ts';
import type { MemoryModel, ValueChooser } from './memory.ts';
import { ScMemory } from './memory-sc.ts';
import type { Gen, Loc, Op, WaitEntry } from './ops.ts';
import { FIRST_THEN_SECOND, MAX_SCHEDULE_TIMEOUT, NULL, ORDER_IRRELEVANT } from './ops.ts';
import { Thread, TASK_RUNNING, type ThreadOptions } from './thread.ts';
import type { Tracer } from './trace.ts';
import { WaitQueues } from './waitqueues.ts';
import { Sharing } from './sharing.ts';

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
   * Make every operation a scheduling point (`--fine-grained`). Off by default: a step then runs the
   * thread's pending visible operation and every following operation no other thread can tell apart
   * from running at once (see `Kernel`); the self-checks show both give the same verdicts.
   */
  readonly fineGrained: boolean;
  /**
   * What the exploration learned about how the program shares memory (which accesses under a lock
   * may be merged). The explorer gives every execution of one program the same one; absent, the
   * kernel starts its own.
   */
  readonly sharing?: Sharing;
  /**
   * Whose exception it is, for one thrown while a thread's body ran (inside its generator): a
   * description of it when the implementation's own code threw it (a finding, IMPL-CRASH, and the
   * thread dies as in an oops), null when the checker's code did (it propagates: an internal error).
   * Absent: every exception propagates. Given by whoever knows which code is the checker's (run/).
   */
  readonly implementationThrew?: (error: unknown) => string | null;
}

type PlainLoad = Extract<Op, { kind: 'load' }>;

function isPlainLoad(op: Op | null): op is PlainLoad {
  return op !== null && op.kind === 'load' && (op.order === 'plain' || op.order === 'once');
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
  readonly sharing: Sharing;
  /** The current step already holds an access another thread could observe (at most one may merge). */
  private stepShared = false;
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
   * executions. Only a kernel whose threads have all finished can be forked (a running generator
   * cannot be copied); finished threads are shared, everything mutable is copied.
   */
  fork(): Kernel {
    if (this.threads.some((t) => t.status === 'ready')) throw new Error('Kernel.fork: a thread is still running');
    const k = new Kernel(this.config, this.mem.clone(), this.sharing);
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
      if (!this.isVisible(t, first)) {
        t.pending = null;
        this.stepShared = false;
        const r = this.exec(t, first, false);
        if (t.status === 'ready') this.advance(t, r);
      }
      if (t.status !== 'ready' || t.pending === null) return;
      this.enablingReads(t, t.pending);
      if (!this.isEnabled(t)) return;
    }
    const op = t.pending as Op;
    t.pending = null;
    this.stepShared = this.sharedHead(op);
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

  /**
   * Whether `op` ends the current step (it becomes the thread's pending operation). A step may merge
   * operations that commute with every other thread's (movers: fences, context checks, allocator calls
   * whose outcome does not depend on call order, accesses to memory every other access of which holds
   * a lock held here, unlock) and at most one access that another thread could observe between the
   * step's first operation and it (Lipton's reduction: right movers, one non-mover, left movers).
   */
  private isVisible(t: Thread, op: Op): boolean {
    if (this.config.fineGrained) return true;
    switch (op.kind) {
      case 'load':
      case 'store':
      case 'rmw':
        return t.locksHeld.length === 0 || !this.merges(t, op.loc, op.kind !== 'load');
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
        return this.freeIsVisible(t, op.ptr);
      default:
        return false;
    }
  }

  /** What deciding whether `op` can run reads (a thread's first step asks before it runs it). */
  private enablingReads(t: Thread, op: Op): void {
    switch (op.kind) {
      case 'lock':
        touch(this.footprint, 'start.enabling', access(op.lock, READ));
        return;
      case 'await':
        touch(this.footprint, 'start.enabling', access(op.loc, READ));
        return;
      case 'schedule_timeout':
        touch(this.footprint, 'start.enabling', access(objTask(t.id), READ));
        touch(this.footprint, 'start.enabling', access(OBJ_TIMEOUT_BUDGET, READ));
        return;
      default:
        return;
    }
  }

  /** Under a lock: a mover merges into the step; so does the step's first non-mover. */
  private merges(t: Thread, loc: Loc, write: boolean): boolean {
    if (this.sharing.protects(loc, t.id, write, t.heldMask)) return true;
    if (this.stepShared) return false;
    this.stepShared = true;
    return true;
  }

  /**
   * A free writes every word of its block: a block with words is a store to each (an element without
   * is not). A pointer that is not live (freed by another thread, or never allocated) is a step of its
   * own: whether it is live depends on other threads' steps, which the previous step did not read.
   */
  private freeIsVisible(t: Thread, ptr: Loc): boolean {
    if (ptr === NULL) return false;
    const block = this.allocators.live.get(ptr);
    if (block === undefined) return true;
    const words = block.words;
    if (words === 0) return false;
    if (t.locksHeld.length === 0) return true;
    let movers = true;
    for (let i = 0; i < words; i++) if (!this.sharing.protects(ptr + i, t.id, true, t.heldMask)) movers = false;
    if (movers) return false;
    if (this.stepShared) return true;
    this.stepShared = true;
    return false;
  }

  /** Whether a step's first operation is one another thread could observe (all but lock acquisition and movers). */
  private sharedHead(op: Op): boolean {
    switch (op.kind) {
      case 'load':
      case 'store':
      case 'rmw':
      case 'await':
      case 'prepare_to_wait':
      case 'finish_wait':
      case 'wake_up':
      case 'schedule_timeout':
      case 'free':
        return true;
      case 'fence':
        return op.fence === 'mb' && this.mem.name === 'weak';
      case 'alloc':
        return this.allocators.orderSensitive(op.req);
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
        touch(fp, 'load', access(op.loc, READ));
        if (!t.alone) this.sharing.observe(op.loc, t.id, false, t.heldMask);
        if (!this.hasCell(t, op.loc, false)) return 0;
        return this.mem.load(t.id, op.loc, op.order, this.chooser);
      case 'store':
        touch(fp, 'store', access(op.loc, WRITE));
        if (!t.alone) this.sharing.observe(op.loc, t.id, true, t.heldMask);
        if (this.hasCell(t, op.loc, true)) this.mem.store(t.id, op.loc, op.value, op.order);
        return undefined;
      case 'rmw':
        touch(fp, 'rmw', access(op.loc, WRITE));
        if (!t.alone) this.sharing.observe(op.loc, t.id, true, t.heldMask);
        if (!this.hasCell(t, op.loc, true)) return 0;
        return this.mem.rmw(t.id, op.loc, op.update);
      case 'await':
        touch(fp, 'await', access(op.loc, READ));
        if (!t.alone) this.sharing.observe(op.loc, t.id, false, t.heldMask);
        if (!this.hasCell(t, op.loc, false)) return 0;
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
        touch(fp, 'prepare_to_wait.queue', access(op.wq, WRITE));
        touch(fp, 'prepare_to_wait.task', access(objTask(t.id), WRITE));
        if (this.objectProblem(t, 'prepare_to_wait', op.wq, 'init_waitqueue_head')) return undefined;
        this.waitQueues.add(op.wq, op.wait);
        t.taskState = op.state;
        return undefined;
      case 'finish_wait':
        touch(fp, 'finish_wait.queue', access(op.wq, WRITE));
        touch(fp, 'finish_wait.task', access(objTask(t.id), WRITE));
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
        if (op.compound === true) {
          if (!t.alone) this.sharing.refuteSingleOperands();
          return FIRST_THEN_SECOND;
        }
        return this.operandOrder(t, op.first, op.second);
      default: {
        const never: never = op;
        throw new Error(`unknown operation ${JSON.stringify(never)}`);
      }
    }
  }

  /**
   * The order of two unsequenced operands: a scheduler choice, unless it cannot matter: for a thread
   * running alone, whatever the operands; for two single
   * plain loads (READ_ONCE or plain) it cannot when (a) one reads a location no other thread writes:
   * that load reads the same whenever it runs, so the other order's executions are this order's with
   * the loads swapped; or (b) both are movers under a lock held now: they run in one step, nothing
   * between them, and plain loads do not change what the other may read. (An acquire load does: it
   * may forbid stale reads of the other.) Whether the operands are single loads is known only after
   * they ran: if not, the API says so and the exploration starts over without this shortcut.
   */
  private operandOrder(t: Thread, first: Op | null, second: Op | null): number {
    // A thread running alone (setup, teardown, the sequential check): nothing can come in between.
    if (t.alone) return ORDER_IRRELEVANT;
    if (!this.config.fineGrained && !this.sharing.compoundOperands && isPlainLoad(first) && isPlainLoad(second)) {
      const a = first.loc;
      const b = second.loc;
      if (this.sharing.unwritten(a, t.id) || this.sharing.unwritten(b, t.id)) return ORDER_IRRELEVANT;
      if (t.locksHeld.length > 0 && this.sharing.protects(a, t.id, false, t.heldMask) && this.sharing.protects(b, t.id, false, t.heldMask)) {
        return ORDER_IRRELEVANT;
      }
    }
    return this.chooser.pickValue(2, 'operand-order');
  }

  private lock(t: Thread, lock: Loc, irqsave: boolean): number {
    touch(this.footprint, 'lock', access(lock, WRITE));
    if (t.locksHeld.includes(lock)) {
      this.report('LOCKING', t, 'spinlock taken twice by the same thread (self-deadlock)');
      t.status = 'dead';
      return 0;
    }
    if (!this.hasCell(t, lock, true)) {
      t.status = 'dead';
      return 0;
    }
    const flags = t.irqsOff ? 1 : 0;
    if (irqsave) t.irqsOff = true;
    this.mem.lockAcquire(t.id, lock);
    t.locksHeld.push(lock);
    t.heldMask |= this.sharing.bit(lock);
    return flags;
  }

  private unlock(t: Thread, lock: Loc, irqrestore: boolean, flags: number): void {
    touch(this.footprint, 'unlock', access(lock, WRITE));
    const index = t.locksHeld.lastIndexOf(lock);
    if (index < 0) {
      this.report('LOCKING', t, 'spin_unlock of a lock this thread does not hold');
      return;
    }
    t.locksHeld.splice(index, 1);
    t.heldMask = 0;
    for (const l of t.locksHeld) t.heldMask |= this.sharing.bit(l);
    if (this.hasCell(t, lock, true)) this.mem.lockRelease(t.id, lock);
    if (irqrestore) t.irqsOff = flags !== 0;
  }

  private wakeUp(wq: Loc): number {
    const fp = this.footprint;
    touch(fp, 'wake_up.queue', access(wq, WRITE));
    let woken = 0;
    for (const entry of this.waitQueues.takeAll(wq)) {
      const waiter = this.threads[entry.task];
      if (waiter === undefined) continue;
      touch(fp, 'wake_up.task', access(objTask(waiter.id), WRITE));
      if (waiter.taskState !== TASK_RUNNING) {
        waiter.taskState = TASK_RUNNING;
        woken += 1;
      }
    }
    return woken;
  }

  private scheduleTimeout(t: Thread, timeout: number): number {
    touch(this.footprint, 'schedule_timeout.task', access(objTask(t.id), READ));
    if (t.inAtomicContext()) this.report('NO-SLEEP-ATOMIC', t, 'schedule in atomic context');
    if (t.taskState === TASK_RUNNING) return timeout;
    if (timeout <= 0) {
      // Nothing to wait for: schedule_timeout(0) returns at once, spending no budget (a waiter that
      // sleeps this way is polling, and its loop is as long as the wait).
      t.taskState = TASK_RUNNING;
      return 0;
    }
    // Not woken: this step is the timeout firing (only enabled while the budget lasts).
    touch(this.footprint, 'schedule_timeout.budget', access(OBJ_TIMEOUT_BUDGET, WRITE));
    this.timeoutsLeft -= 1;
    t.taskState = TASK_RUNNING;
    return 0;
  }

  private allocate(t: Thread, op: Extract<Op, { kind: 'alloc' }>): number {
    const req = op.req;
    if (this.allocators.orderSensitive(req)) touch(this.footprint, 'alloc.order', access(OBJ_ALLOC_ORDER, WRITE));
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
    if (op.ptr !== NULL) {
      // The block's identity, and every word it drops: a later access to any of them conflicts.
      touch(this.footprint, 'free.block', access(op.ptr, WRITE));
      const words = this.allocators.live.get(op.ptr)?.words ?? 0;
      for (let i = 1; i < words; i++) touch(this.footprint, 'free.word', access(op.ptr + i, WRITE));
      if (!t.alone) for (let i = 0; i < words; i++) this.sharing.observe(op.ptr + i, t.id, true, t.heldMask);
    }
    const { problem, cells } = this.allocators.free(t.id, op.api, op.ptr, op.order, op.cache);
    this.history.push({ kind: 'free', tid: t.id, step: this.steps, api: op.api, ptr: op.ptr });
    if (problem !== null) this.report('OWNERSHIP', t, problem);
    for (const loc of cells) this.mem.drop(loc);
  }

  /**
   * Whether a cell exists at `loc`; if not, the access is an OWNERSHIP finding under every memory model,
   * and the operation does nothing (a load reads 0): the execution stops after this step.
   */
  private hasCell(t: Thread, loc: Loc, write: boolean): boolean {
    this.checkCell(t, loc, write);
    return this.mem.has(loc);
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
