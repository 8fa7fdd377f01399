/**
 * Runs a litmus test with the explorer: every schedule and every read-from choice (dfs, or another
 * strategy that covers everything), then `allowed` if some complete execution satisfies `exists`.
 * A run stopped by its execution budget (or Ctrl-C) before any witness is `incomplete`: only a witness
 * decides a test that was not explored to its end.
 */
import { readFileSync } from 'node:fs';
import { explore } from '../explorer/explore.ts';
import type { Scheduler } from '../explorer/scheduler.ts';
import { DfsScheduler } from '../explorer/strategies/dfs.ts';
import type { MemoryModel } from '../kernel/rt/memory.ts';
import { memoryFactory, type MemoryRequest } from '../kernel/rt/weak/factory.ts';
import type { LitmusTest, Verdict } from './ast.ts';
import { parseLitmus } from './parser.ts';
import { holds, litmusProgram, type LitmusWorld } from './program.ts';

export type LitmusVerdict = Verdict | 'incomplete';

export interface LitmusResult {
  readonly name: string;
  readonly verdict: LitmusVerdict;
  /** Executions explored. */
  readonly executions: number;
  /** Complete executions whose final state satisfies the `exists` condition. */
  readonly witnesses: number;
  /** Executions that did not finish (a thread blocked for good on a lock, or stopped by a runtime finding). */
  readonly blocked: number;
  /** Whether every execution was explored (false when a budget or Ctrl-C stopped it). */
  readonly complete: boolean;
  /** What stopped it before the end, if anything. */
  readonly stoppedBy: 'executions' | 'interrupted' | null;
  /** What the file's header says LKMM answers, if it says. */
  readonly lkmm: Verdict | null;
  readonly deviation: LitmusTest['deviation'];
  readonly memory: string;
}

export interface LitmusOptions {
  readonly memory: MemoryRequest;
  readonly scheduler: () => Scheduler;
  readonly maxExecutions: number;
}

export const DEFAULT_LITMUS_OPTIONS: LitmusOptions = {
  memory: { model: 'weak' },
  scheduler: () => new DfsScheduler(),
  maxExecutions: 1_000_000,
};

/** What an interruptible run needs of its caller (run/control.ts provides it). */
export interface LitmusPace {
  sliceOver(): boolean;
  breathe(executions: number): Promise<void>;
  readonly stopped: boolean;
}

/** One litmus test explored in slices: the search carries over from slice to slice. */
class LitmusRun {
  private readonly program;
  private readonly scheduler: Scheduler;
  private witnesses = 0;
  private blocked = 0;
  executions = 0;
  private complete = false;
  private stoppedBy: LitmusResult['stoppedBy'] = null;

  constructor(
    private readonly test: LitmusTest,
    private readonly options: LitmusOptions,
  ) {
    const memory: () => MemoryModel = memoryFactory(options.memory);
    this.program = litmusProgram(test, memory);
    this.scheduler = options.scheduler();
  }

  /** Runs executions until `sliceOver()` says so or the test is done; true when done. */
  runSlice(sliceOver: () => boolean): boolean {
    const budget = { maxExecutions: this.options.maxExecutions, roundSoFar: this.executions, stopOnFailure: false, keepFailures: 0, outOfTime: sliceOver, onRestart: () => this.restarted() };
    const r = explore(this.program, this.scheduler, [], budget, undefined, (e) => {
      if (e.end !== 'terminated') {
        this.blocked += 1;
        return;
      }
      if (holds(this.test.exists, e.setup as LitmusWorld, (loc) => e.kernel.mem.peek(loc))) this.witnesses += 1;
    });
    this.executions += r.executions;
    this.complete = r.complete;
    if (r.stoppedBy === 'executions') this.stoppedBy = 'executions';
    return r.stoppedBy !== 'time';
  }

  /** The search started over (explorer/explore.ts): what the abandoned round saw is forgotten. */
  private restarted(): void {
    this.executions = 0;
    this.witnesses = 0;
    this.blocked = 0;
  }

  interrupt(): void {
    this.complete = false;
    this.stoppedBy = 'interrupted';
  }

  result(): LitmusResult {
    const test = this.test;
    const verdict: LitmusVerdict = this.witnesses > 0 ? 'allowed' : this.complete ? 'forbidden' : 'incomplete';
    return {
      name: test.name,
      verdict,
      executions: this.executions,
      witnesses: this.witnesses,
      blocked: this.blocked,
      complete: this.complete,
      stoppedBy: this.complete ? null : this.stoppedBy,
      lkmm: test.lkmm,
      deviation: test.deviation,
      memory: this.options.memory.model,
    };
  }
}

export function runLitmus(test: LitmusTest, options: LitmusOptions = DEFAULT_LITMUS_OPTIONS): LitmusResult {
  const run = new LitmusRun(test, options);
  while (!run.runSlice(() => false));
  return run.result();
}

/** `runLitmus` in slices, stopping at the next execution boundary when asked (the result is then incomplete unless a witness decided it). */
export async function runLitmusAsync(test: LitmusTest, options: LitmusOptions, pace: LitmusPace): Promise<LitmusResult> {
  const run = new LitmusRun(test, options);
  while (!run.runSlice(() => pace.sliceOver())) {
    await pace.breathe(run.executions);
    if (pace.stopped) {
      run.interrupt();
      break;
    }
  }
  return run.result();
}

export function runLitmusFile(path: string, options: LitmusOptions = DEFAULT_LITMUS_OPTIONS): LitmusResult {
  return runLitmus(parseLitmus(readFileSync(path, 'utf8')), options);
}
