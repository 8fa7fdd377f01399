/**
 * An exploration that can be run in slices (so a command line can yield to its event loop between
 * them: progress, Ctrl-C) and that keeps, among the failing executions it sees, the one with the
 * fewest preemptions. After the first failure it goes on for a while looking for one with fewer
 * (unless told to explore everything): preemption bounding finds the least directly, other
 * strategies only approximate it, and shrinking does the rest.
 */
import { explore, type Verdict } from '../explorer/explore.ts';
import type { ExecutionResult, LassoMode, ResumeSource } from '../explorer/execution.ts';
import { LIVELOCK, type Lasso } from '../explorer/lasso.ts';
import type { Monitor, Unknown, Violation } from '../explorer/monitor.ts';
import type { Program } from '../explorer/program.ts';
import { NondeterminismError, type Choices, type Scheduler } from '../explorer/scheduler.ts';
import { PreemptionCounter } from '../explorer/shrink.ts';
import { ChoiceLog } from './choice-log.ts';
import { watchMonitors, watchScheduler } from './workers/watch.ts';
import { ExecutionCrash } from './internal-error.ts';
import { StatefulScheduler, StatefulSearchError, uncoveredProperties } from '../explorer/stateful/scheduler.ts';
import { stateGraphLivelock } from '../explorer/stateful/livelock-run.ts';
import { growingLocals, growthText } from '../explorer/growth.ts';
import type { StepWatch } from '../explorer/lasso-watch.ts';

export interface SessionSettings {
  readonly maxExecutions: number;
  readonly maxSteps: number;
  /** Explore everything (count every failing execution) instead of stopping after the first failure. */
  readonly all: boolean;
  /** After the first failure, how many more executions may look for one with fewer preemptions. */
  readonly searchAfterFailure: number;
  /** Only failures of this property count as the counterexample (default: any). */
  readonly target?: string;
  /** Lasso detection (explorer/execution.ts): in cut runs (default), in every run as it runs, or off. */
  readonly lasso?: LassoMode;
  /**
   * Whether a violation is excused on this execution (a known finding whose cause holds there: see
   * run/known.ts). Default: nothing is.
   */
  readonly explain?: (result: ExecutionResult, violation: Violation) => boolean;
}

export interface BestFailure {
  readonly choices: Choices;
  readonly preemptions: number;
  readonly property: string;
  readonly steps: number;
  /** A LIVELOCK's lasso: `choices` are its prefix's and one cycle's. */
  readonly lasso?: Lasso;
}

export type StoppedBy = 'done' | 'failure' | 'executions' | 'time' | 'memory' | 'interrupted';

export interface SessionResult {
  readonly verdict: Verdict;
  readonly executions: number;
  readonly failedExecutions: number;
  readonly failedProperties: readonly string[];
  /** Runs cut at the step limit with no livelock lasso shown in them (each makes the result incomplete). */
  readonly cutExecutions: number;
  /** Executions where some property answered `unknown` (LINEARIZABLE out of its budget), and which. */
  readonly unknownExecutions: number;
  readonly unknownProperties: readonly string[];
  /** Why the first of those executions was undecided (the monitor's own sentence), or null. */
  readonly firstUnknown?: Unknown | null;
  readonly complete: boolean;
  readonly stoppedBy: StoppedBy;
  readonly coverage: string;
  readonly maxSteps: number;
  readonly best: BestFailure | null;
  /** The failing execution with the fewest preemptions for each property that failed. */
  readonly bestByProperty: ReadonlyMap<string, BestFailure>;
  /** Properties that failed on some execution where no known cause explains it (all, without `explain`). */
  readonly unexplainedProperties: readonly string[];
  /** The same, fewest preemptions first, among the unexplained failures only. */
  readonly bestUnexplained: ReadonlyMap<string, BestFailure>;
  /** Properties with at least one failure a known cause explains. */
  readonly explainedProperties: readonly string[];
  /**
   * A stateful search's properties whose monitors cannot say what their verdicts depend on
   * (explorer/stateful/scheduler.ts): not covered, so the result is not `pass` while any is checked.
   */
  readonly uncoveredProperties?: readonly string[];
}

export class ExploreSession<S> {
  private readonly scheduler: PreemptionCounter;
  /** The current execution's choices, for the token of an internal error inside it. */
  private readonly log: ChoiceLog;
  private executions = 0;
  private failedExecutions = 0;
  private cutExecutions = 0;
  /** The first run cut at the step limit (a stateful search diagnoses what kept its states apart). */
  private firstCut: Choices | null = null;
  private growth: string | null = null;
  private readonly failed = new Set<string>();
  private unknownExecutions = 0;
  private readonly unknown = new Set<string>();
  private firstUnknown: Unknown | null = null;
  private maxSteps = 0;
  private best: BestFailure | null = null;
  private readonly bestByProperty = new Map<string, BestFailure>();
  private readonly bestUnexplained = new Map<string, BestFailure>();
  private readonly explained = new Set<string>();
  private firstFailureAt = -1;
  private stoppedBy: StoppedBy | null = null;
  private schedulerDone = false;
  /** Whether the graph of a search stopped early was searched for a livelock (livelockSoFar). */
  private searchedSoFar = false;
  private readonly monitors: readonly Monitor[];
  /** The stateful search, when the strategy is one: its watch fingerprints every state. */
  private readonly stateful: { readonly search: StatefulScheduler; readonly watch: StepWatch & ResumeSource; readonly uncovered: readonly string[] } | null;

  constructor(
    private readonly program: Program<S>,
    scheduler: Scheduler,
    monitors: readonly Monitor[],
    private readonly settings: SessionSettings,
  ) {
    // In a worker thread, a watchdog sees each execution's heartbeat, phase and choices (run/workers/watch.ts).
    this.log = new ChoiceLog(watchScheduler(scheduler, settings.maxSteps));
    this.scheduler = new PreemptionCounter(this.log);
    const stateful = scheduler instanceof StatefulScheduler;
    // A stateful search checks with the monitors that can say what their verdicts depend on.
    const used = stateful ? monitors.map((m) => m.forStatefulSearch?.() ?? m) : monitors;
    this.monitors = watchMonitors(used);
    this.stateful = stateful ? { search: scheduler, watch: scheduler.watch(this.monitors), uncovered: uncoveredProperties(used) } : null;
  }

  get finished(): boolean {
    return this.stoppedBy !== null;
  }

  get executionCount(): number {
    return this.executions;
  }

  get failureCount(): number {
    return this.failedExecutions;
  }

  /** Distinct states a stateful search has reached so far; null for a stateless strategy. */
  get stateCount(): number | null {
    return this.stateful?.search.graph.nodes ?? null;
  }

  /** Stop at the next execution boundary (Ctrl-C, the caller's clock ran out, or the heap is nearly full). */
  stop(reason: 'time' | 'memory' | 'interrupted'): void {
    if (this.stoppedBy === null) this.stoppedBy = reason;
  }

  /** Runs executions until `yieldNow()` says so (asked between executions) or the exploration ends. */
  runSlice(yieldNow: () => boolean): void {
    if (this.stoppedBy !== null) return;
    let sliceOver = false;
    let r;
    try {
      r = this.explore(yieldNow, () => (sliceOver = true));
    } catch (e) {
      this.stoppedBy = 'interrupted';
      // An implementation that is not deterministic, or a search it cannot have: bad input, reported as such.
      if (e instanceof NondeterminismError || e instanceof StatefulSearchError) throw e;
      // Not a finding and not bad input: the checker itself broke, inside this execution.
      throw new ExecutionCrash(e, this.log.current(), this.log.steps);
    }
    this.maxSteps = Math.max(this.maxSteps, r.maxSteps);
    if (r.stoppedBy === 'done') {
      this.schedulerDone = true;
      this.stoppedBy = 'done';
      if (this.stateful !== null) this.stateGraphLivelock(this.stateful.search);
    } else if (r.stoppedBy === 'executions') this.stoppedBy = 'executions';
    else if (this.enoughFailures()) this.stoppedBy = 'failure';
    else if (!sliceOver) this.stoppedBy = 'time';
  }

  private explore(yieldNow: () => boolean, sliceEnded: () => void) {
    return explore(
      this.program,
      this.scheduler,
      this.monitors,
      {
        maxExecutions: this.settings.maxExecutions,
        roundSoFar: this.executions,
        stopOnFailure: false,
        keepFailures: 0,
        onRestart: () => this.restarted(),
        outOfTime: () => {
          if (this.enoughFailures()) return true;
          const over = yieldNow();
          if (over) sliceEnded();
          return over;
        },
      },
      this.stateful !== null
        ? { maxSteps: this.settings.maxSteps, lasso: 'off', watch: this.stateful.watch, resume: this.stateful.watch }
        : { maxSteps: this.settings.maxSteps, lasso: this.settings.lasso ?? 'at-step-limit' },
      (result) => this.observe(result),
    );
  }

  /** A stateful search's livelock: its state graph's first fair cycle, replayed as one more execution. */
  /**
   * A stateful search stopped before it ended (a budget, the clock, a nearly full heap, Ctrl-C) still
   * reports a livelock its graph already holds: a weakly fair cycle among the states and transitions
   * it has seen is one of the full graph, whatever it has not seen yet (and it is confirmed by replay
   * like any other). Once, when the result is asked for; a search stopped after its first failure
   * wanted no more than that failure.
   */
  private livelockSoFar(): void {
    if (this.stateful === null || this.searchedSoFar || this.stoppedBy === null || this.stoppedBy === 'done' || this.stoppedBy === 'failure') return;
    this.searchedSoFar = true;
    this.stateGraphLivelock(this.stateful.search);
  }

  private stateGraphLivelock(search: StatefulScheduler): void {
    try {
      const result = stateGraphLivelock(this.program, search, this.monitors);
      if (result !== null) this.observe(result);
    } catch (e) {
      throw new ExecutionCrash(e, this.log.current(), this.log.steps);
    }
  }

  /**
   * The exploration started over (a step merge rested on a fact a later execution refuted: see
   * kernel/rt/sharing.ts): what the abandoned round saw is forgotten, its failures included (their
   * choices were made with steps merged differently, so they would not replay).
   */
  private restarted(): void {
    this.executions = 0;
    this.failedExecutions = 0;
    this.failed.clear();
    this.unknownExecutions = 0;
    this.unknown.clear();
    this.maxSteps = 0;
    this.best = null;
    this.bestByProperty.clear();
    this.bestUnexplained.clear();
    this.explained.clear();
    this.firstFailureAt = -1;
  }

  private enoughFailures(): boolean {
    if (this.settings.all || this.best === null) return false;
    return this.best.preemptions === 0 || this.executions - this.firstFailureAt >= this.settings.searchAfterFailure;
  }

  private observe(result: ExecutionResult): void {
    this.executions += 1;
    if (result.end === 'step-limit') {
      this.cutExecutions += 1;
      if (this.stateful !== null) this.firstCut ??= copyChoices(result.choices);
    }
    if (result.unknowns.length > 0) {
      this.unknownExecutions += 1;
      this.firstUnknown ??= result.unknowns[0] ?? null;
      for (const u of result.unknowns) this.unknown.add(u.property);
    }
    if (result.violations.length === 0) return;
    this.failedExecutions += 1;
    for (const v of result.violations) this.failed.add(v.property);
    if (this.firstFailureAt < 0) this.firstFailureAt = this.executions;
    const preemptions = this.scheduler.preemptions;
    const better = (b: BestFailure | null | undefined): boolean =>
      b === null || b === undefined || preemptions < b.preemptions || (preemptions === b.preemptions && result.steps < b.steps);
    const failure = (property: string): BestFailure =>
      result.lasso !== undefined && property === LIVELOCK
        ? { choices: copyChoices(result.lasso.choices), preemptions, property, steps: result.lasso.prefixSteps + result.lasso.cycleSteps, lasso: result.lasso }
        : { choices: copyChoices(result.choices), preemptions, property, steps: result.steps };
    for (const v of result.violations) {
      if (better(this.bestByProperty.get(v.property))) this.bestByProperty.set(v.property, failure(v.property));
      if (this.settings.explain?.(result, v) === true) this.explained.add(v.property);
      else if (better(this.bestUnexplained.get(v.property))) this.bestUnexplained.set(v.property, failure(v.property));
    }
    const target = this.settings.target;
    const first = target === undefined ? result.violations[0] : result.violations.find((v) => v.property === target);
    if (first !== undefined && better(this.best)) this.best = failure(first.property);
  }

  /** The strategy's coverage, and the runs cut at the step limit that it does not cover. */
  private coverage(): string {
    const uncovered = this.stateful?.uncovered ?? [];
    const base = uncovered.length === 0 ? this.scheduler.coverage() : `${this.scheduler.coverage()}; not covered by the stateful search: ${uncovered.join(', ')} (no state key: the monitor keeps more than the state)`;
    const cut = this.cutExecutions;
    if (cut === 0) return base;
    const runs = `${cut} run${cut === 1 ? '' : 's'}`;
    return `${base}; ${runs} cut at ${this.settings.maxSteps} steps with no livelock lasso in ${cut === 1 ? 'it' : 'them'} (not covered beyond the cut)${this.growthSoFar()}`;
  }

  /** For a stateful search whose runs were cut: the locals that kept its states from repeating (computed once). */
  private growthSoFar(): string {
    if (this.firstCut === null) return '';
    this.growth ??= growthText(growingLocals(this.program, this.firstCut, this.settings.maxSteps));
    return this.growth;
  }

  result(): SessionResult {
    this.livelockSoFar();
    const complete = this.schedulerDone && this.scheduler.isComplete() && this.cutExecutions === 0;
    // An execution whose verdict is unknown was not shown to pass: the run cannot say `pass`.
    const uncovered = this.stateful?.uncovered ?? [];
    const verdict: Verdict = this.failedExecutions > 0 ? 'fail' : complete && this.unknownExecutions === 0 && uncovered.length === 0 ? 'pass' : 'incomplete';
    return {
      verdict,
      executions: this.executions,
      failedExecutions: this.failedExecutions,
      failedProperties: [...this.failed].sort(),
      cutExecutions: this.cutExecutions,
      unknownExecutions: this.unknownExecutions,
      unknownProperties: [...this.unknown].sort(),
      firstUnknown: this.firstUnknown,
      complete,
      stoppedBy: this.stoppedBy ?? 'interrupted',
      coverage: this.coverage(),
      maxSteps: this.maxSteps,
      best: this.best,
      bestByProperty: this.bestByProperty,
      unexplainedProperties: [...this.bestUnexplained.keys()].sort(),
      bestUnexplained: this.bestUnexplained,
      explainedProperties: [...this.explained].sort(),
      uncoveredProperties: uncovered,
    };
  }
}

function copyChoices(c: Choices): Choices {
  return { kinds: c.kinds.slice(), values: c.values.slice() };
}

/** Runs a whole session synchronously (tests, the gate); `outOfTime` is the caller's clock. */
export function runSession<S>(session: ExploreSession<S>, outOfTime: () => boolean = () => false): SessionResult {
  while (!session.finished) {
    session.runSlice(outOfTime);
    if (!session.finished && outOfTime()) session.stop('time');
  }
  return session.result();
}
