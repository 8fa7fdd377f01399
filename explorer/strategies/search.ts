/**
 * Stateless tree search behind the `dpor` and `bounded` strategies: every execution re-runs from the
 * start, replays the choices down to a node that still has something to explore, takes it, and
 * continues with fresh choices. Two independent options:
 *
 * - reduction: source-set DPOR with sleep sets (dpor-races.ts). A thread node's backtrack set starts
 *   with the first thread taken and grows by race reversal; without reduction it holds every enabled
 *   thread (plain depth-first search).
 * - preemption bound: levels k = 0, 1, 2 ... up to a maximum. A preemption is switching away from a
 *   thread that is still enabled. Alternatives that would exceed the current level are deferred to the
 *   level of their cost instead of being dropped, so every execution runs exactly once over all levels
 *   and the first failure found has the fewest preemptions. Combined with reduction this is bounded
 *   partial-order reduction in the manner of Coons, Musuvathi and McKinley (OOPSLA'13): sleep sets are
 *   off (they are unsound under a bound: the execution that covers a sleeping thread may need more
 *   preemptions), the choice among a race's initials and the check that a race is already covered both
 *   take preemption cost into account, and every reversal is also offered at the start of the run of
 *   steps it falls in, where switching costs no more than it did there.
 *
 * Value choices are never reduced: a value node explores all its alternatives.
 */
import { NondeterminismError, type ChoiceKind, type ExecutionEnd, type Scheduler, type SchedulingView } from '../scheduler.ts';
import type { RaceSink } from './dpor-races.ts';
import { ReductionState } from './dpor-state.ts';
import { choiceOf, type SearchNode, type ThreadNode } from './search-nodes.ts';
import { LevelQueues } from './search-levels.ts';
import { bit, EMPTY_MASK, has, intersect, lowest, maskOf, minus, union, withBit, type ThreadMask } from './thread-mask.ts';

export interface SearchOptions {
  readonly name: string;
  /** Source-set DPOR with sleep sets, or every schedule. */
  readonly reduction: boolean;
  /** Largest preemption bound to explore (levels 0..max in order); null: no bound. */
  readonly maxPreemptions: number | null;
}

export interface SearchStats {
  readonly executions: number;
  /** Executions that reached a state where every enabled thread was asleep (their tails are redundant). */
  readonly sleepBlocked: number;
}

export class TreeSearch implements Scheduler, RaceSink {
  readonly name: string;
  private readonly reduce: boolean;
  private readonly bounded: boolean;
  private readonly sleepSets: boolean;
  private readonly levels: LevelQueues;

  private path: SearchNode[] = [];
  private depth = 0;
  /** Path index of the node a bounded level resumed at: backtracking stops there. */
  private floor = 0;
  /** First step position that is new in this execution (races before it were analysed already). */
  private divergence = 0;
  private started = false;
  /** The next execution follows a path resumed from a level queue, not the last execution's. */
  private resumed = false;
  private finished = false;
  private executions = 0;
  private sleepBlocked = 0;

  // State of the current execution.
  private readonly state: ReductionState;
  private readonly stepNodes: (ThreadNode | null)[] = [];
  private pickedNode: ThreadNode | null = null;
  private steps = 0;
  private redundant = false;
  private preemptionCount = 0;
  private prevThread = -1;

  constructor(options: SearchOptions) {
    this.name = options.name;
    this.reduce = options.reduction;
    this.bounded = options.maxPreemptions !== null;
    this.sleepSets = this.reduce && !this.bounded;
    this.levels = new LevelQueues(options.maxPreemptions ?? 0);
    this.state = new ReductionState(this.sleepSets);
  }

  /** The preemption bound being explored (bounded search; the bound of the first failure once stopped). */
  get bound(): number {
    return this.levels.level;
  }

  /** Preemptions in the last execution. */
  get preemptions(): number {
    return this.preemptionCount;
  }

  stats(): SearchStats {
    return { executions: this.executions, sleepBlocked: this.sleepBlocked };
  }

  beginExecution(): boolean {
    if (this.finished) return false;
    if (this.started && !this.advance()) {
      this.finished = true;
      return false;
    }
    this.started = true;
    this.depth = 0;
    this.steps = 0;
    this.redundant = false;
    this.preemptionCount = 0;
    this.prevThread = -1;
    this.pickedNode = null;
    // The steps before the divergence are the same as last time (unless a level resumed elsewhere in
    // the tree): their records are kept.
    if (this.reduce) this.state.begin(this.resumed ? 0 : this.divergence);
    this.resumed = false;
    return true;
  }

  pickThread(enabled: readonly number[], _view: SchedulingView): number {
    if (this.redundant) return enabled[0] as number;
    const mask = maskOf(enabled);
    const existing = this.path[this.depth];
    if (existing !== undefined) {
      if (existing.kind !== 't' || existing.enabled !== mask) throw nondeterministic(this.name, this.depth);
      this.depth += 1;
      this.pickedNode = existing;
      return existing.current;
    }
    const sleep = this.sleepSets ? intersect(this.state.sleepMask, mask) : EMPTY_MASK;
    const awake = minus(mask, sleep);
    if (awake === EMPTY_MASK) {
      // Every continuation from here was explored elsewhere: finish this execution without new nodes
      // (its steps are still analysed: a race they show may need reversing before this point).
      this.redundant = true;
      this.sleepBlocked += 1;
      return enabled[0] as number;
    }
    const prev = this.prevThread;
    const prevEnabled = prev >= 0 && has(mask, prev);
    const first = prevEnabled && has(awake, prev) ? prev : lowest(awake);
    const parent = this.path[this.path.length - 1] ?? null;
    const node: ThreadNode = {
      kind: 't',
      step: this.steps,
      enabled: mask,
      prev,
      prevEnabled,
      preemptions: this.preemptionCount,
      parent,
      choiceInParent: parent === null ? -1 : choiceOf(parent),
      current: first,
      done: EMPTY_MASK,
      pending: this.reduce ? bit(first) : mask,
      sleep,
      sleepFp: sleep !== EMPTY_MASK ? this.state.sleepFootprints() : null,
      doneFp: null,
      currentFp: null,
      queued: null,
    };
    this.path.push(node);
    this.depth += 1;
    this.pickedNode = node;
    return first;
  }

  pickValue(n: number, _kind: ChoiceKind): number {
    if (this.redundant) return 0;
    const existing = this.path[this.depth];
    if (existing !== undefined) {
      if (existing.kind !== 'v' || existing.count !== n) throw nondeterministic(this.name, this.depth);
      this.depth += 1;
      return existing.index;
    }
    const parent = this.path[this.path.length - 1] ?? null;
    this.path.push({ kind: 'v', step: this.steps, count: n, index: 0, parent, choiceInParent: parent === null ? -1 : choiceOf(parent) });
    this.depth += 1;
    return 0;
  }

  afterStep(tid: number, footprint: readonly number[], enabledBefore: readonly number[]): void {
    const j = this.steps;
    this.steps = j + 1;
    const mask = maskOf(enabledBefore);
    const node = this.pickedNode;
    this.pickedNode = null;
    this.stepNodes[j] = node;
    const prev = this.prevThread;
    if (prev >= 0 && tid !== prev && has(mask, prev)) this.preemptionCount += 1;
    this.prevThread = tid;
    if (!this.reduce) return;
    if (!this.state.step(j, tid, footprint, mask, node, j >= this.divergence, this.redundant, this)) {
      // The only enabled thread is asleep: as at a node where all are, the rest is redundant.
      this.redundant = true;
      this.sleepBlocked += 1;
    }
  }

  endExecution(end: ExecutionEnd): void {
    this.executions += 1;
    if (!this.reduce || end.pending === undefined) return;
    this.state.end(end.pending, this);
  }

  isComplete(): boolean {
    return this.finished && !this.levels.cut;
  }

  coverage(): string {
    const what = this.reduce ? 'every Mazurkiewicz trace' : 'every schedule';
    if (!this.bounded) return this.finished ? `${what} (${this.executions} executions)` : `${what}: unfinished after ${this.executions} executions`;
    const k = this.levels.level;
    if (!this.finished) {
      const below = k === 0 ? '' : k === 1 ? `${what} without preemption, then ` : `${what} with at most ${k - 1} preemptions, then `;
      return `${below}${this.executions} executions in all, stopped at preemption bound ${k}`;
    }
    if (this.levels.cut) return `${what} with at most ${this.levels.max} preemptions`;
    return `${what}: complete within preemption bound ${Math.min(k, this.levels.max)}`;
  }

  /** RaceSink: one of `initials` must be explored from the state before step i. */
  offer(i: number, initials: ThreadMask): void {
    this.offerAt(i, initials);
    if (this.bounded) {
      // Also where the run of steps containing step i began: switching there costs no more.
      const log = this.state.log;
      const t = log.tid[i];
      let c = i;
      while (c > 0 && log.tid[c - 1] === t) c -= 1;
      if (c !== i) this.offerAt(c, intersect(initials, log.enabled[c] as ThreadMask));
    }
  }

  private offerAt(i: number, initials: ThreadMask): void {
    const node = this.stepNodes[i];
    if (node === null || node === undefined || initials === EMPTY_MASK) return;
    const explored = withBit(union(union(node.done, node.pending), node.sleep), node.current);
    if (!this.bounded) {
      if (intersect(initials, explored) === EMPTY_MASK) node.pending = withBit(node.pending, lowest(initials));
      return;
    }
    const cheapest = node.prevEnabled && has(initials, node.prev) ? bit(node.prev) : initials;
    if (intersect(cheapest, explored) !== EMPTY_MASK) return;
    const q = lowest(cheapest);
    node.pending = withBit(node.pending, q);
    // A node above the resumed one is not on the part of the path backtracking will revisit.
    const floorNode = this.path[this.floor];
    if (floorNode !== undefined && node.step < floorNode.step) this.levels.push(node, cost(node, q));
  }

  /** Prepare the next execution: false when the search is over. */
  private advance(): boolean {
    for (;;) {
      while (this.path.length > this.floor) {
        const node = this.path[this.path.length - 1] as SearchNode;
        if (node.kind === 'v') {
          if (node.index + 1 < node.count) {
            node.index += 1;
            this.divergence = node.step;
            return true;
          }
          this.path.pop();
          continue;
        }
        this.finishCurrent(node);
        const next = this.nextChoice(node);
        if (next >= 0) {
          node.current = next;
          this.divergence = node.step;
          return true;
        }
        if (this.bounded) this.defer(node);
        this.path.pop();
      }
      return this.bounded && this.resume();
    }
  }

  private finishCurrent(node: ThreadNode): void {
    node.done = withBit(node.done, node.current);
    if (this.sleepSets) {
      if (node.doneFp === null) node.doneFp = [];
      node.doneFp[node.current] = node.currentFp ?? [];
      node.currentFp = null;
    }
  }

  /** Next thread to explore from the node within the current level, or -1. */
  private nextChoice(node: ThreadNode): number {
    let avail = remaining(node);
    if (this.bounded) {
      if (node.preemptions > this.levels.level) return -1;
      if (node.preemptions === this.levels.level && node.prevEnabled) avail = intersect(avail, bit(node.prev));
    }
    if (avail === EMPTY_MASK) return -1;
    return node.prevEnabled && has(avail, node.prev) ? node.prev : lowest(avail);
  }

  /** Queue what is left at this node for the level of its cheapest alternative. */
  private defer(node: ThreadNode): void {
    const rest = remaining(node);
    if (rest === EMPTY_MASK) return;
    // Switching costs a preemption only away from a previous thread that is still enabled.
    this.levels.push(node, node.preemptions + (!node.prevEnabled || has(rest, node.prev) ? 0 : 1));
  }

  /** Resume the next queued node at the current level or the next ones; false when none is left. */
  private resume(): boolean {
    for (;;) {
      const node = this.levels.next();
      if (node === null) return false;
      const next = this.nextChoice(node);
      if (next < 0) {
        this.defer(node);
        continue;
      }
      this.path = pathTo(node);
      this.resumed = true;
      this.floor = this.path.length - 1;
      node.currentFp = null;
      node.current = next;
      this.divergence = node.step;
      return true;
    }
  }
}

/** Threads still to explore from the node: pending, not done, not asleep, enabled. */
function remaining(node: ThreadNode): ThreadMask {
  return intersect(minus(minus(node.pending, node.done), node.sleep), node.enabled);
}

function cost(node: ThreadNode, t: number): number {
  return node.preemptions + (node.prevEnabled && t !== node.prev ? 1 : 0);
}

/** The path from the root to `node`, with every ancestor set to the choice that leads to it. */
function pathTo(node: SearchNode): SearchNode[] {
  const path: SearchNode[] = [];
  for (let n: SearchNode | null = node; n !== null; n = n.parent) path.push(n);
  path.reverse();
  for (let k = 0; k + 1 < path.length; k++) {
    const a = path[k] as SearchNode;
    const choice = (path[k + 1] as SearchNode).choiceInParent;
    if (a.kind === 't') a.current = choice;
    else a.index = choice;
  }
  return path;
}

function nondeterministic(name: string, depth: number): Error {
  return new NondeterminismError(`${name}: execution is not deterministic (choice ${depth} differs from the recorded one)`);
}
