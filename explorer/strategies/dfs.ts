/**
 * Exhaustive depth-first search over every choice, without any reduction: the reference the other
 * strategies are tested against. Stateless: each execution replays the choices down to the deepest
 * node that still has an unexplored alternative, then takes the next one.
 */
import { NondeterminismError, type ChoiceKind, type ExecutionEnd, type Scheduler, type SchedulingView } from '../scheduler.ts';

interface Node {
  /** The enabled threads (thread pick) or null (value pick among `count`). */
  readonly threads: readonly number[] | null;
  readonly count: number;
  index: number;
}

export class DfsScheduler implements Scheduler {
  readonly name = 'dfs';
  private readonly stack: Node[] = [];
  private depth = 0;
  private started = false;
  private finished = false;
  /** Index of the first choice this execution makes differently from the previous one (-1: the first). */
  private changedAt = -1;

  beginExecution(): boolean {
    this.depth = 0;
    if (!this.started) {
      this.started = true;
      this.changedAt = -1;
      return true;
    }
    while (this.stack.length > 0) {
      const top = this.stack[this.stack.length - 1] as Node;
      if (top.index + 1 < top.count) {
        top.index += 1;
        this.changedAt = this.stack.length - 1;
        return true;
      }
      this.stack.pop();
    }
    this.finished = true;
    return false;
  }

  pickThread(enabled: readonly number[], _view: SchedulingView): number {
    const node = this.node(enabled.slice(), enabled.length);
    return node.threads?.[node.index] ?? (enabled[0] as number);
  }

  pickValue(n: number, _kind: ChoiceKind): number {
    return this.node(null, n).index;
  }

  private node(threads: readonly number[] | null, count: number): Node {
    let node = this.stack[this.depth];
    if (node === undefined) {
      node = { threads, count, index: 0 };
      this.stack.push(node);
    } else if (node.count !== count || !sameThreads(node.threads, threads)) {
      throw new NondeterminismError(`dfs: execution is not deterministic (choice ${this.depth} offered ${offered(node.threads, node.count)}, now ${offered(threads, count)})`);
    }
    this.depth += 1;
    return node;
  }

  restart(): void {
    this.stack.length = 0;
    this.depth = 0;
    this.started = false;
    this.finished = false;
  }

  endExecution(_end: ExecutionEnd): void {
    // Nodes below the current depth belong to an earlier, longer execution.
    this.stack.length = this.depth;
  }

  isComplete(): boolean {
    return this.finished;
  }

  /** The choice index this execution departs from the previous one at (-1: nothing ran before). */
  get departure(): number {
    return this.changedAt;
  }

  /** Whether no choice from index `from` on has an alternative left after the ones taken so far. */
  exhaustedFrom(from: number): boolean {
    for (let i = from; i < this.stack.length; i++) {
      const node = this.stack[i] as Node;
      if (node.index + 1 < node.count) return false;
    }
    return true;
  }

  /** This execution continues a saved one after `choices` choices (stateful search): its picks start there. */
  startAt(choices: number): void {
    this.depth = choices;
  }

  coverage(): string {
    return this.finished ? 'every schedule and value choice' : `stack depth ${this.stack.length}`;
  }
}

/** Whether a replayed thread pick offers the threads it offered when it was recorded. */
function sameThreads(recorded: readonly number[] | null, now: readonly number[] | null): boolean {
  if (recorded === null || now === null) return recorded === now;
  return recorded.length === now.length && recorded.every((t, i) => now[i] === t);
}

const offered = (threads: readonly number[] | null, count: number): string => (threads === null ? `${count} values` : `threads ${threads.join(', ')}`);
