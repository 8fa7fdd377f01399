/**
 * Stateful search: a depth-first search over every choice, like dfs, that remembers the states it has
 * reached. After every step the world's fingerprint (kernel/rt/state.ts: memory, kernel objects, every
 * thread's frames, the program's state, and the state of every monitor that can say what its future
 * verdicts depend on) is looked up in a table; a step that reaches a state already in it ends the run
 * (`visited`): everything after that state is explored from its first visit. So a scenario whose runs
 * never end (the seed's grow/shrink ping-pong in resize3 and quad4) is a finite search, and its
 * livelocks are cycles of the state graph (fair-cycles.ts), found exactly.
 *
 * It is exact only where the fingerprint is the whole state: every live thread must expose its frames
 * (the C front end does; a TypeScript implementation's generators cannot), and a property is covered
 * only if its monitor implements `writeState` (explorer/monitor.ts). The search refuses the first and
 * reports the second (`uncovered`).
 *
 * Runs are re-executed from the start like dfs's, and steps replayed up to where a run departs from
 * the previous one are neither fingerprinted nor recorded again (their states are known).
 */
import { explicitStateOf, writeWorld, type FingerprintParts, type WorldSink } from '../../kernel/rt/state.ts';
import { fairnessEnabled, fingerprintParts, type StepWatch } from '../lasso-watch.ts';
import type { ResumePoint, ResumeSource } from '../execution.ts';
import type { Monitor, MonitorContext } from '../monitor.ts';
import type { Program } from '../program.ts';
import type { Kernel } from '../../kernel/rt/kernel.ts';
import { type ChoiceKind, type Choices, type ExecutionEnd, type Scheduler, type SchedulingView } from '../scheduler.ts';
import { findFairCycle, type FairCycle } from './fair-cycles.ts';
import { NO_NODE, StateGraph, type StateKey } from './graph.ts';
import { DfsScheduler } from '../strategies/dfs.ts';
import { TokenLines } from './token-lines.ts';

/** A stateful search asked of something it cannot search exactly (bad input: exit 2). */
export class StatefulSearchError extends RangeError {}

/** Threads a state may have (fairness is kept as a bit mask per state). */
const MAX_THREADS = 30;

/**
 * What names a state: written to the search's table of lines (token-lines.ts). By default the world
 * fingerprint; tests write its lines of text instead (to compare the two) or coarser keys (to show
 * they are caught).
 */
export type StateWriter = (kernel: Kernel, parts: FingerprintParts, out: WorldSink) => void;

export class StatefulScheduler implements Scheduler {
  readonly name = 'stateful';
  readonly graph = new StateGraph();
  /** The table of distinct fingerprint lines, which every state is written to. */
  readonly lines = new TokenLines();
  /** The choice tree: dfs's, whose runs this search cuts at states it has seen. */
  private readonly dfs = new DfsScheduler();
  /** Runs ended at a state seen before. */
  visitedCuts = 0;

  constructor(
    readonly writeState: StateWriter = writeWorld,
    /** Save states and continue runs from them (when the program and monitors can be copied); else re-execute prefixes. */
    readonly restore = true,
  ) {}

  beginExecution(): boolean {
    return this.dfs.beginExecution();
  }

  pickThread(enabled: readonly number[], view: SchedulingView): number {
    return this.dfs.pickThread(enabled, view);
  }

  pickValue(n: number, kind: ChoiceKind): number {
    return this.dfs.pickValue(n, kind);
  }

  endExecution(end: ExecutionEnd): void {
    this.dfs.endExecution(end);
  }

  restart(): void {
    this.dfs.restart();
    this.graph.clear();
    this.lines.clear();
    this.visitedCuts = 0;
  }

  isComplete(): boolean {
    return this.dfs.isComplete();
  }

  coverage(): string {
    const what = `${this.graph.nodes.toLocaleString('en-US')} states, ${this.graph.edges.toLocaleString('en-US')} transitions`;
    return this.dfs.isComplete() ? `every reachable state (${what})` : `${what} so far`;
  }

  /**
   * The watch that fingerprints states for this search (one per exploration; monitors as the runs use
   * them); also the runs' resume source (ExecutionOptions.resume).
   */
  watch(monitors: readonly Monitor[]): StepWatch & ResumeSource & { readonly resumed: number } {
    return new StateWatch(this, monitors);
  }

  /** The first weakly fair cycle of the state graph: a livelock (null: none). */
  fairCycle(): FairCycle | null {
    return findFairCycle(this.graph);
  }

  /** The choice index this run departs from the previous one at (-1: this run replays nothing). */
  get departure(): number {
    return this.dfs.departure;
  }

  /** Whether no choice from index `from` on has an alternative left after the current run's. */
  exhaustedFrom(from: number): boolean {
    return this.dfs.exhaustedFrom(from);
  }

  /** The run continues from a saved state after `choices` choices: its picks start there. */
  resumeAt(choices: number): void {
    this.dfs.startAt(choices);
  }
}

/** Properties a stateful search cannot vouch for: their monitors do not say what their verdicts depend on. */
export function uncoveredProperties(monitors: readonly Monitor[]): string[] {
  return monitors.filter((m) => m.writeState === undefined).map((m) => m.name).sort();
}

/** Explicit threads carry their own position: nothing to add per thread. */
const noPosition = (): string => '';

/** A state of the current path saved to continue from: the world and monitors, copied when it was reached. */
interface Saved {
  readonly kernel: Kernel;
  readonly setup: unknown;
  readonly monitors: readonly Monitor[];
  readonly lastThread: number;
}

/**
 * Fingerprints states, records the graph, and (when the program and every monitor can be copied)
 * saves each new state of the current path so that the next run continues from the state before its
 * first new choice instead of re-executing the prefix (the `ResumeSource` of explorer/execution.ts).
 */
class StateWatch implements StepWatch, ResumeSource {
  readonly cutAs = 'visited' as const;
  private parts: FingerprintParts = {};
  /**
   * Per step k of the current path (kept across runs: a run shares its predecessor's prefix): the state
   * after step k, the choices made by then, and its saved copy (none for a state seen before).
   */
  private readonly path: number[] = [];
  private readonly choicesAt: number[] = [];
  private readonly saved: (Saved | undefined)[] = [];
  /** The previous run's choices and last step (what `take` continues). */
  private lastChoices: Choices | null = null;
  private step = 0;
  private current = NO_NODE;
  private choicesBefore = 0;
  private cutNext = false;
  /** The monitors of the run in progress (the original ones, or a resumed run's copies). */
  private runMonitors: readonly Monitor[];
  /** Whether states are saved: the program can copy a running world and every monitor can fork. */
  private saving: boolean;
  /** Runs continued from a saved state (for measurements). */
  resumed = 0;

  constructor(
    private readonly search: StatefulScheduler,
    private readonly monitors: readonly Monitor[],
  ) {
    this.runMonitors = monitors;
    this.saving = search.restore && monitors.every((m) => m.fork !== undefined);
  }

  start(ctx: MonitorContext, choices: Choices): void {
    // Explicit threads carry their own position: nothing to add per thread.
    this.runMonitors = this.monitors;
    this.parts = fingerprintParts(ctx, this.monitors, noPosition);
    this.step = 0;
    this.cutNext = false;
    this.choicesBefore = choices.kinds.length;
    this.lastChoices = choices;
    if (this.replaying(choices)) {
      this.current = this.path[0] as number;
      return;
    }
    const graph = this.search.graph;
    const key = this.key(ctx);
    let id = graph.idOf(key);
    const seen = id !== NO_NODE;
    if (!seen) id = graph.add(key, fairnessEnabled(ctx.kernel), NO_NODE, { choices, steps: ctx.kernel.steps });
    // The same first state after other setup choices: explored already.
    else this.cutNext = true;
    this.record(ctx, id, choices, seen, -1);
  }

  /** The state before this run's first new choice, copied for it, when one was saved. */
  take(program: Program<unknown>): ResumePoint | null {
    const b = this.search.departure;
    const previous = this.lastChoices;
    if (!this.saving || b < 0 || previous === null) return null;
    for (let k = Math.min(this.step, this.saved.length - 1); k >= 0; k--) {
      const s = this.saved[k];
      if ((this.choicesAt[k] as number) > b || s === undefined) continue;
      const n = this.choicesAt[k] as number;
      // The last run to leave from this state takes the saved copy itself. Should a value choice
      // inside the step it takes still branch, that run resumes from an earlier saved state: the
      // first state of the path is never given away, so there always is one.
      const last = k > 0 && this.search.exhaustedFrom(n);
      const copy = last ? s : program.forkRunning?.(s.kernel, s.setup) ?? null;
      if (copy === null) return null;
      const ctx: MonitorContext = { kernel: copy.kernel, program, setup: copy.setup };
      const monitors = last ? s.monitors : s.monitors.map((m) => (m.fork as NonNullable<Monitor['fork']>)(ctx));
      if (last) this.saved[k] = undefined;
      this.runMonitors = monitors;
      this.parts = fingerprintParts(ctx, monitors, noPosition);
      this.step = k;
      this.current = this.path[k] as number;
      this.choicesBefore = n;
      this.cutNext = false;
      this.search.resumeAt(n);
      this.resumed += 1;
      const choices = { kinds: previous.kinds.slice(0, n), values: previous.values.slice(0, n) };
      return { kernel: copy.kernel, setup: copy.setup, monitors, choices, lastThread: s.lastThread };
    }
    return null;
  }

  afterStep(ctx: MonitorContext, tid: number, _enabledBefore: readonly number[], choices: Choices): boolean {
    this.step += 1;
    if (this.cutNext) return true;
    if (this.replaying(choices)) {
      this.current = this.path[this.step] as number;
      this.choicesBefore = choices.kinds.length;
      return false;
    }
    const graph = this.search.graph;
    const edge = graph.addEdge(this.current, tid, choices, this.choicesBefore);
    const key = this.key(ctx);
    let id = graph.idOf(key);
    const seen = id !== NO_NODE;
    if (!seen) id = graph.add(key, fairnessEnabled(ctx.kernel), edge);
    graph.setEdgeTarget(edge, id);
    this.record(ctx, id, choices, seen, tid);
    if (seen) this.search.visitedCuts += 1;
    return seen;
  }

  /** The current path's step: its state, the choices made by then, and a saved copy of a new state. */
  private record(ctx: MonitorContext, id: number, choices: Choices, seen: boolean, tid: number): void {
    const k = this.step;
    this.path[k] = id;
    this.current = id;
    this.choicesBefore = choices.kinds.length;
    this.choicesAt[k] = choices.kinds.length;
    this.lastChoices = choices;
    this.saved[k] = seen || !this.saving ? undefined : this.save(ctx, tid);
  }

  private save(ctx: MonitorContext, tid: number): Saved | undefined {
    const copy = ctx.program.forkRunning?.(ctx.kernel, ctx.setup) ?? null;
    if (copy === null) {
      this.saving = false;
      return undefined;
    }
    const copyCtx: MonitorContext = { kernel: copy.kernel, program: ctx.program, setup: copy.setup };
    return { kernel: copy.kernel, setup: copy.setup, monitors: this.runMonitors.map((m) => (m.fork as NonNullable<Monitor['fork']>)(copyCtx)), lastThread: tid };
  }

  /** Whether the run is still replaying its predecessor's prefix (every choice so far made as before). */
  private replaying(choices: Choices): boolean {
    return choices.kinds.length <= this.search.departure && this.path[this.step] !== undefined;
  }

  private key(ctx: MonitorContext): StateKey {
    const kernel = ctx.kernel;
    if (kernel.threads.length > MAX_THREADS) throw new StatefulSearchError(`the stateful search handles at most ${MAX_THREADS} threads (this program has ${kernel.threads.length})`);
    const hidden = kernel.threads.find((t) => t.status === 'ready' && explicitStateOf(t) === null);
    if (hidden !== undefined) {
      throw new StatefulSearchError(
        `the stateful search needs every thread's state to be visible, and thread ${hidden.name} runs a generator (a TypeScript implementation): use a C implementation (--impl c:path/to/file.c) or another strategy`,
      );
    }
    this.search.writeState(kernel, this.parts, this.search.lines);
    return this.search.lines.finish();
  }
}
