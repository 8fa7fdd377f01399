/**
 * What a weak-memory counterexample adds to a report: whether the failure needs weak memory at all
 * (no SC execution of the same program shows it) and which loads read stale values — which store each
 * read, and which newer store it missed, with seed lines.
 */
import { explore } from '../explorer/explore.ts';
import { runExecution } from '../explorer/execution.ts';
import type { Monitor } from '../explorer/monitor.ts';
import type { Choices } from '../explorer/scheduler.ts';
import { makeScheduler } from '../explorer/strategies/registry.ts';
import { ReplayScheduler } from '../explorer/strategies/replay.ts';
import { describeStaleReads, WeakTracer, type ExplainedStaleRead } from '../kernel/rt/weak/explain.ts';
import { makeNamer } from './names.ts';
import { programOf, type RunConfig } from './run-config.ts';
import { withSites } from './sites.ts';
import { bestCompleteStrategy } from './strategy.ts';

export interface WeakExplanation {
  readonly staleReads: readonly ExplainedStaleRead[];
  /** One sentence per stale read, in the report's names. */
  readonly lines: readonly string[];
}

/** Replays a weak-memory execution and names its stale reads (empty for an SC run). */
export function explainStaleReads(config: RunConfig, choices: Choices, monitors: readonly Monitor[]): WeakExplanation {
  if (config.memory !== 'weak') return { staleReads: [], lines: [] };
  return withSites((siteOf) => {
    const tracer = new WeakTracer();
    const result = runExecution(programOf(config), new ReplayScheduler(choices), monitors, { maxSteps: config.maxSteps, tracer });
    const namer = makeNamer(result.kernel, result.setup, []);
    const staleReads = tracer.explained();
    const lines = describeStaleReads(staleReads, {
      loc: namer.loc,
      value: namer.value,
      thread: (tid) => result.kernel.threads[tid]?.name ?? `thread ${tid}`,
      site: (op) => {
        const s = siteOf(op);
        if (s.chain.length > 1) return `${s.chain[0]} (via ${s.chain.slice(1).join(', ')})`;
        return s.seedLine ?? s.where;
      },
    });
    return { staleReads, lines };
  });
}

export type WeakOnly =
  /** Every SC execution passes: the failure needs weak memory. */
  | { readonly needsWeak: true; readonly scExecutions: number }
  /** Some SC execution fails the same property. */
  | { readonly needsWeak: false; readonly scExecutions: number }
  /** The SC exploration hit its budget first. */
  | { readonly needsWeak: null; readonly scExecutions: number };

/** Explores the same program under SC (every schedule, up to a budget) looking for the same property failing. */
export function needsWeakMemory(config: RunConfig, property: string, monitors: () => readonly Monitor[], maxExecutions = 200_000): WeakOnly {
  const sc: RunConfig = { ...config, memory: 'sc' };
  const r = explore(programOf(sc), makeScheduler(bestCompleteStrategy(), { seed: 1 }), monitors(), { maxExecutions, stopOnFailure: false, keepFailures: 0 }, { maxSteps: config.maxSteps });
  if (r.failedProperties.includes(property)) return { needsWeak: false, scExecutions: r.executions };
  return r.complete ? { needsWeak: true, scExecutions: r.executions } : { needsWeak: null, scExecutions: r.executions };
}

/** The lines a report prints for a weak-memory failure. */
export function weakFailureLines(config: RunConfig, choices: Choices, property: string, monitors: () => readonly Monitor[]): string[] {
  if (config.memory !== 'weak') return [];
  const only = needsWeakMemory(config, property, monitors);
  const head =
    only.needsWeak === true
      ? `NEEDS WEAK MEMORY: no SC execution of this program fails ${property} (${only.scExecutions} SC executions, all of them)`
      : only.needsWeak === false
        ? `${property} also fails under SC (weak memory is not needed to show it)`
        : `${property}: the SC exploration ran out of budget after ${only.scExecutions} executions (unknown whether weak memory is needed)`;
  const stale = explainStaleReads(config, choices, monitors()).lines;
  return [head, ...(stale.length === 0 ? ['no load read a stale value in this execution'] : stale.map((l) => `stale read: ${l}`))];
}
