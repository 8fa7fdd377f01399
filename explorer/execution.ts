/**
 * One execution: a fresh kernel, the program's setup, its threads stepped as the scheduler picks,
 * monitors checked after every step, then teardown and end checks. An execution is a pure function
 * of the scheduler's answers, which are recorded in `choices` (replaying them gives the same run).
 */
import { Kernel } from '../kernel/rt/kernel.ts';
import { Sharing } from '../kernel/rt/sharing.ts';
import { SEQUENTIAL_MAX_STEPS } from '../kernel/rt/sequential.ts';
import type { ChoiceKind, ValueChooser } from '../kernel/rt/memory.ts';
import type { Gen } from '../kernel/rt/ops.ts';
import type { Tracer } from '../kernel/rt/trace.ts';
import type { Thread } from '../kernel/rt/thread.ts';
import type { Lasso } from './lasso.ts';
import type { StepWatch } from './lasso-watch.ts';
import type { EndKind, Monitor, Unknown, Violation } from './monitor.ts';
import type { Program } from './program.ts';
import { NondeterminismError, type Choices, type Scheduler, type SchedulingView } from './scheduler.ts';

export type { Choices };

export interface ExecutionOptions {
  /**
   * A run is cut after this many steps (setup's included). A cut run is no finding by itself: the
   * exploration looks for a livelock lasso in it (explore.ts) and is incomplete if there is none.
   */
  readonly maxSteps: number;
  /** Record every operation (for reports); off while exploring. */
  readonly tracer?: Tracer | null;
  /** Observes every step and may cut the run (lasso detection and confirmation, lasso-watch.ts). */
  readonly watch?: StepWatch | null;
  /**
   * What the exploration does about lassos (explore.ts): look for one in every run cut at the step
   * limit (default), also watch every run for one while it runs (`online`: for searches that steer
   * towards cycles), or nothing (`off`).
   */
  readonly lasso?: LassoMode;
  /** Repetitions of a cycle that confirm a lasso (lasso-confirm.ts). */
  readonly lassoRepeats?: number;
  /**
   * Use (and fill) the setup cache also while tracing, whose setup's operations then go untraced when
   * it is cached: for re-running executions exactly as an exploration ran them (run/nondeterminism.ts).
   */
  readonly cacheWhileTracing?: boolean;
  /** Continue from saved states when offered (stateful search, explorer/stateful/): never while tracing. */
  readonly resume?: ResumeSource | null;
}

export type LassoMode = 'off' | 'at-step-limit' | 'online';

/**
 * A saved state of a running execution to continue from instead of re-executing its prefix (the
 * stateful search's snapshots): a copy of the kernel and of the setup value for this run alone, copies
 * of the monitors bound to them, the choices made before it and the thread that took the last step.
 */
export interface ResumePoint {
  readonly kernel: Kernel;
  readonly setup: unknown;
  readonly monitors: readonly Monitor[];
  readonly choices: Choices;
  readonly lastThread: number;
}

/** Asked at the start of every execution: where to continue from (null: run from the start). */
export interface ResumeSource {
  take(program: Program<unknown>): ResumePoint | null;
}

/**
 * The kernel right after setup, kept across the executions of one exploration when the setup asked
 * the scheduler nothing (it is then the same every time): each execution starts from a fork of it.
 */
export class SetupCache<S = unknown> {
  entry: { readonly kernel: Kernel; readonly setup: S } | null = null;
  /** Set once a setup asked for a choice: it may differ between executions. */
  uncacheable = false;
}

export const DEFAULT_EXECUTION_OPTIONS: ExecutionOptions = { maxSteps: 2000 };

const LEARNED = new WeakMap<Program<never>, Sharing>();

/**
 * What the runtime has learned about how `program` shares memory (kernel/rt/sharing.ts): one object
 * for every execution of the program, so that they all merge steps alike and a refuted decision can
 * start the exploration over. A program may bring its own (a replay's, frozen).
 */
export function sharingOf<S>(program: Program<S>): Sharing {
  const own = program.kernelConfig.sharing;
  if (own !== undefined) return own;
  const key = program as Program<never>;
  let s = LEARNED.get(key);
  if (s === undefined) {
    s = new Sharing();
    LEARNED.set(key, s);
  }
  return s;
}


export interface ExecutionResult {
  readonly end: EndKind;
  readonly violations: readonly Violation[];
  /** Properties a monitor could not decide on this execution (e.g. LINEARIZABLE out of budget). */
  readonly unknowns: readonly Unknown[];
  readonly steps: number;
  readonly choices: Choices;
  readonly kernel: Kernel;
  readonly setup: unknown;
  /** A livelock's lasso (end `livelock`), set by the exploration once confirmed. */
  readonly lasso?: Lasso;
}

export function runExecution<S>(
  program: Program<S>,
  scheduler: Scheduler,
  monitors: readonly Monitor[],
  options: ExecutionOptions = DEFAULT_EXECUTION_OPTIONS,
  cache: SetupCache<S> | null = null,
): ExecutionResult {
  const choices: Choices = { kinds: [], values: [] };
  try {
    return execute(program, scheduler, monitors, options, cache, choices);
  } catch (e) {
    // Whoever noticed a divergence knows only its own part: say which execution it was.
    if (e instanceof NondeterminismError && e.run === null) {
      e.run = { program: program as Program<unknown>, choices: { kinds: [...choices.kinds], values: [...choices.values] }, maxSteps: options.maxSteps };
    }
    throw e;
  }
}

function execute<S>(program: Program<S>, scheduler: Scheduler, given: readonly Monitor[], options: ExecutionOptions, cache: SetupCache<S> | null, choices: Choices): ExecutionResult {
  const clone = program.cloneSetup;
  const tracing = options.tracer !== undefined && options.tracer !== null && options.cacheWhileTracing !== true;
  const point = tracing ? null : options.resume?.take(program as Program<unknown>) ?? null;
  if (point !== null) {
    choices.kinds.push(...point.choices.kinds);
    choices.values.push(...point.choices.values);
  }
  // A resumed run's monitors are the saved state's copies: they carry what happened before it.
  const monitors = point?.monitors ?? given;
  const cached = tracing || !clone ? null : cache?.entry ?? null;
  const kernel = point !== null ? point.kernel : cached ? cached.kernel.fork() : new Kernel(program.kernelConfig, null, sharingOf(program));
  kernel.tracer = options.tracer ?? null;
  kernel.chooser = new RecordingChooser(scheduler, choices);
  const ctx: { kernel: Kernel; program: Program<S>; setup: S | null } = { kernel, program, setup: null };
  // Findings before a resume point belong to the run that first went through it.
  const run = new ExecutionJudgement(kernel, monitors, scheduler, choices, ctx, point === null ? 0 : kernel.findings.length);

  let setup: S | null;
  if (point !== null) {
    setup = point.setup as S;
  } else if (cached && clone) {
    setup = clone.call(program, cached.setup);
  } else {
    setup = runAlone(kernel, 'setup', program.setup(kernel), options.maxSteps);
    if (cache && clone && !tracing && !cache.uncacheable) {
      if (choices.kinds.length > 0) cache.uncacheable = true;
      else if (setup !== null && setup !== undefined) cache.entry = { kernel: kernel.fork(), setup: clone.call(program, setup) };
    }
  }
  if (setup === null || setup === undefined) return run.finish('setup-failed');
  ctx.setup = setup as S;
  const watch = options.watch ?? null;
  if (point === null) {
    for (const spec of program.threads(setup as S, kernel)) {
      kernel.spawn(spec.name, spec.body, spec.atomic === undefined ? {} : { atomic: spec.atomic });
    }
    for (const m of monitors) run.add(m.start?.(ctx));
    run.addRuntimeFindings();
    watch?.start(ctx, choices);
  }
  // After the spawn: the view counts the threads.
  const view = new ExecutionView(kernel);
  // A resumed run: the resume source (the watch that saved the point) knows where the run is.
  if (point !== null) view.current = point.lastThread;
  // Only the monitors that look at every step are called in the loop.
  const stepMonitors = monitors.filter(looksAtSteps);
  for (;;) {
    const enabled = kernel.enabled();
    if (onlyTimeouts(kernel, enabled)) for (const m of monitors) run.add(m.atQuiescence?.(ctx));
    if (enabled.length === 0) break;
    if (kernel.steps >= options.maxSteps) return run.finish('step-limit');
    const tid = enabled.length === 1 ? (enabled[0] as number) : scheduler.pickThread(enabled, view);
    if (enabled.length > 1) {
      choices.kinds.push('t');
      choices.values.push(tid);
    }
    kernel.step(tid);
    view.current = tid;
    scheduler.afterStep?.(tid, kernel.footprint, enabled);
    for (const m of stepMonitors) run.add(m.afterStep?.(ctx, tid));
    if (run.findingsSeen !== kernel.findings.length) run.addRuntimeFindings();
    if (watch !== null && watch.afterStep(ctx, tid, enabled, choices)) return run.finish(watch.cutAs ?? 'step-limit');
  }

  const allReturned = kernel.threads.every(hasReturned);
  if (allReturned && program.teardown) runAlone(kernel, 'teardown', program.teardown(setup as S, kernel), options.maxSteps);
  return run.finish(allReturned ? 'terminated' : 'blocked');
}

const looksAtSteps = (m: Monitor): boolean => m.afterStep !== undefined;
const hasReturned = (t: Thread): boolean => t.status !== 'ready';

/**
 * What an execution has found so far, and how it ends. Each property is judged on the whole
 * execution: its first violation is kept and the run goes on, so that a failure of one property never
 * hides a later failure of another (no masking). A class, not closures: one is made per execution,
 * and the build names every function it creates.
 */
class ExecutionJudgement<S> {
  readonly violations: Violation[] = [];
  private readonly failed = new Set<string>();

  constructor(
    private readonly kernel: Kernel,
    private readonly monitors: readonly Monitor[],
    private readonly scheduler: Scheduler,
    private readonly choices: Choices,
    private readonly ctx: { kernel: Kernel; program: Program<S>; setup: S | null },
    /** The kernel's findings already turned into violations. */
    public findingsSeen: number,
  ) {}

  add(v: Violation | null | undefined): void {
    if (v && !this.failed.has(v.property)) {
      this.failed.add(v.property);
      this.violations.push(v);
    }
  }

  addRuntimeFindings(): void {
    const findings = this.kernel.findings;
    for (; this.findingsSeen < findings.length; this.findingsSeen++) {
      const f = findings[this.findingsSeen] as (typeof findings)[number];
      this.add({ property: f.property, message: f.message, step: f.step, tid: f.tid });
    }
  }

  finish(end: EndKind): ExecutionResult {
    this.addRuntimeFindings();
    const unknowns: Unknown[] = [];
    // A run cut at a state a stateful search had reached before ends nowhere: it is judged from there on.
    if (end !== 'visited') for (const m of this.monitors) {
      if (m.atEnd) for (const v of m.atEnd(this.ctx, end)) this.add(v);
      const why = m.unknown?.() ?? null;
      if (why !== null) unknowns.push({ property: m.name, message: why });
    }
    this.addRuntimeFindings();
    const kernel = this.kernel;
    const pending: number[] = [];
    for (const t of kernel.threads) if (t.hasWork()) pending.push(t.id);
    this.scheduler.endExecution({ failed: this.violations.length > 0, steps: kernel.steps, pending });
    return { end, violations: this.violations, unknowns, steps: kernel.steps, choices: this.choices, kernel, setup: this.ctx.setup };
  }
}

/** The kernel's value chooser during an execution: asks the scheduler and records the answer. */
class RecordingChooser implements ValueChooser {
  constructor(
    private readonly scheduler: Scheduler,
    private readonly choices: Choices,
  ) {}

  pickValue(n: number, kind: ChoiceKind): number {
    const v = this.scheduler.pickValue(n, kind);
    this.choices.kinds.push('v');
    this.choices.values.push(v);
    return v;
  }
}

/**
 * What a scheduler sees of the running execution. A class, not an object literal with getters: V8
 * gives every such literal a map of its own, and those maps (old space, kept until a full GC) held on
 * to each execution's closures and so to all of its state, which the young-generation collector then
 * had to copy and promote (a third of the run time went to GC).
 */
class ExecutionView implements SchedulingView {
  current = -1;
  readonly threadCount: number;

  constructor(private readonly kernel: Kernel) {
    this.threadCount = kernel.threads.length;
  }

  get step(): number {
    return this.kernel.steps;
  }

  isTimeout(tid: number): boolean {
    const t = this.kernel.threads[tid];
    return t !== undefined && this.kernel.isTimeoutStep(t);
  }
}

/** Whether nothing but timeouts can happen (also when nothing can happen at all). */
function onlyTimeouts(kernel: Kernel, enabled: readonly number[]): boolean {
  for (const tid of enabled) {
    const t = kernel.threads[tid];
    if (t === undefined || !kernel.isTimeoutStep(t)) return false;
  }
  return true;
}

/**
 * Run a generator alone to its end (setup, teardown); null if it blocks or dies. It is bounded like a
 * sequential operation: by its own steps, at least SEQUENTIAL_MAX_STEPS (no pool operation alone comes
 * near it) and at least the execution's step limit, whatever steps the concurrent part took. Running
 * alone, nothing else can make it end: a TERMINATION finding, not a livelock.
 */
function runAlone<T>(kernel: Kernel, name: string, gen: Gen<T>, executionMaxSteps: number): T | null {
  const maxSteps = Math.max(executionMaxSteps, SEQUENTIAL_MAX_STEPS);
  const t = kernel.spawn(name, gen, { alone: true });
  for (let steps = 0; t.status === 'ready'; steps++) {
    if (!kernel.isEnabled(t)) return null;
    if (steps >= maxSteps) {
      kernel.report('TERMINATION', t, `${name} ran alone for ${maxSteps} steps without returning: an endless loop (no pool operation alone takes that many)`);
      kernel.abandon(t.id, null);
      return null;
    }
    kernel.step(t.id);
  }
  return t.status === 'done' ? (t.result as T) : null;
}
