/**
 * The differential check of the C front end against the port: the same scenario explored with the
 * same strategy on both, recording every kernel operation of every execution (thread, visible or
 * merged, the operation, its result). Equal operation sequences for the same choices mean the two
 * explore the same interleavings; verdicts and execution counts then follow, and are compared too.
 */
import { explore } from '../../explorer/explore.ts';
import { makeScheduler, type StrategyOptions } from '../../explorer/strategies/registry.ts';
import type { AnyPoolImpl } from '../../impl/pool-impl.ts';
import type { Op } from '../../kernel/rt/ops.ts';
import { WaitEntry } from '../../kernel/rt/ops.ts';
import type { Tracer } from '../../kernel/rt/trace.ts';
import { memoryFactory } from '../../kernel/rt/weak/factory.ts';
import { monitorsFor } from '../../properties/registry.ts';
import { scenarioProgram } from '../../scenarios/program.ts';
import type { Scenario } from '../../scenarios/spec.ts';

export interface Explored {
  readonly verdict: string;
  readonly executions: number;
  readonly failed: readonly string[];
  readonly complete: boolean;
  /** One entry per execution: its operations, one per line. */
  readonly runs: readonly string[];
}

export interface DiffOptions {
  readonly strategy: string;
  readonly memory: 'sc' | 'weak';
  readonly maxExecutions: number;
  readonly strategyOptions?: Omit<StrategyOptions, 'seed'>;
  readonly seed?: number;
  readonly maxSteps?: number;
}

/**
 * An operation as comparable text. A warning's key names its call site (a file and line of the port or
 * of the C), so only its kind is kept; everything else is compared field by field.
 */
export function opText(op: Op): string {
  switch (op.kind) {
    case 'warn_once':
      return 'warn_once';
    case 'unsequenced':
      return `unsequenced(${op.first === null ? '-' : opText(op.first)}, ${op.second === null ? '-' : opText(op.second)})`;
    case 'rmw':
    case 'await':
      return `${op.kind} ${op.loc}`;
    default:
      return JSON.stringify(op, (_k, v: unknown) => (v instanceof WaitEntry ? `wait(task ${v.task}${v.queued ? ', queued' : ''})` : v));
  }
}

class OpLog implements Tracer {
  lines: string[] = [];
  onOp(_k: unknown, thread: { id: number }, op: Op, result: unknown, visible: boolean): void {
    this.lines.push(`T${thread.id}${visible ? '' : '.'} ${opText(op)} = ${JSON.stringify(result) ?? '-'}`);
  }
}

export function exploreWithOps(scenario: Scenario, impl: AnyPoolImpl, o: DiffOptions): Explored {
  const program = scenarioProgram(scenario, impl, o.memory === 'weak' ? { memory: memoryFactory({ model: 'weak' }) } : {});
  const log = new OpLog();
  const runs: string[] = [];
  const result = explore(
    program,
    makeScheduler(o.strategy, { ...o.strategyOptions, seed: o.seed ?? 1 }),
    // Judged against the profile the implementation claims (the seed's when it claims none).
    monitorsFor(impl.profile === undefined ? {} : { profile: impl.profile }),
    { maxExecutions: o.maxExecutions, stopOnFailure: false, keepFailures: 0 },
    { maxSteps: o.maxSteps ?? 2000, tracer: log },
    () => {
      runs.push(log.lines.join('\n'));
      log.lines = [];
    },
  );
  return { verdict: result.verdict, executions: result.executions, failed: result.failedProperties, complete: result.complete, runs };
}

/** Where two explorations first differ (null: they agree in everything compared). */
export function firstDifference(a: Explored, b: Explored): string | null {
  for (let i = 0; i < Math.min(a.runs.length, b.runs.length); i++) {
    const x = (a.runs[i] as string).split('\n');
    const y = (b.runs[i] as string).split('\n');
    for (let j = 0; j < Math.max(x.length, y.length); j++) {
      if (x[j] !== y[j]) return `execution ${i + 1}, operation ${j + 1}:\n  port: ${x[j] ?? '(none)'}\n  C:    ${y[j] ?? '(none)'}`;
    }
  }
  // Runs include those of rounds an exploration started over (the runtime's learned sharing), so they
  // may outnumber the executions counted; both sides must still run the same ones.
  const summary = (e: Explored): string => `${e.verdict} after ${e.executions} executions (${e.runs.length} run)${e.complete ? ' (complete)' : ''}, failed [${e.failed.join(', ')}]`;
  return summary(a) === summary(b) ? null : `port: ${summary(a)}\n  C:    ${summary(b)}`;
}

/** Both implementations explored alike on `scenario`: how many runs the first made, and their first difference (null: none). */
export function compareOps(scenario: Scenario, a: AnyPoolImpl, b: AnyPoolImpl, o: DiffOptions): { readonly runs: number; readonly difference: string | null } {
  const first = exploreWithOps(scenario, a, o);
  return { runs: first.runs.length, difference: firstDifference(first, exploreWithOps(scenario, b, o)) };
}
