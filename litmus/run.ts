/**
 * Runs a litmus test with the explorer: every schedule and every read-from choice (dfs, or another
 * strategy that covers everything), then `allowed` if some complete execution satisfies `exists`.
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

export interface LitmusResult {
  readonly name: string;
  readonly verdict: Verdict;
  /** Executions explored. */
  readonly executions: number;
  /** Complete executions whose final state satisfies the `exists` condition. */
  readonly witnesses: number;
  /** Executions that did not finish (a thread blocked for good on a lock). */
  readonly blocked: number;
  /** Whether every execution was explored (false only when a budget stopped it). */
  readonly complete: boolean;
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

export function runLitmus(test: LitmusTest, options: LitmusOptions = DEFAULT_LITMUS_OPTIONS): LitmusResult {
  const memory: () => MemoryModel = memoryFactory(options.memory);
  const program = litmusProgram(test, memory);
  let witnesses = 0;
  let blocked = 0;
  const result = explore(program, options.scheduler(), [], { maxExecutions: options.maxExecutions, stopOnFailure: false, keepFailures: 0 }, undefined, (r) => {
    if (r.end !== 'terminated') {
      blocked += 1;
      return;
    }
    if (holds(test.exists, r.setup as LitmusWorld, (loc) => r.kernel.mem.peek(loc))) witnesses += 1;
  });
  return {
    name: test.name,
    verdict: witnesses > 0 ? 'allowed' : 'forbidden',
    executions: result.executions,
    witnesses,
    blocked,
    complete: result.complete,
    lkmm: test.lkmm,
    deviation: test.deviation,
    memory: options.memory.model,
  };
}

export function runLitmusFile(path: string, options: LitmusOptions = DEFAULT_LITMUS_OPTIONS): LitmusResult {
  return runLitmus(parseLitmus(readFileSync(path, 'utf8')), options);
}
