/**
 * What a weak-memory counterexample adds to a report: whether the failure needs weak memory at all
 * (no SC execution of the same program shows it) and which loads read stale values — which store each
 * read, and which newer store it missed, with seed lines.
 */
import { boundFor } from './bound.ts';
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
        return s.label;
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

/**
 * Explores the same program under SC looking for the same property failing: every schedule (within
 * the scenario's preemption bound, if it has one), up to a budget, stopping at the first such failure.
 */
export function needsWeakMemory(config: RunConfig, property: string, monitors: () => readonly Monitor[], maxExecutions = 50_000): WeakOnly {
  const sc: RunConfig = { ...config, memory: 'sc' };
  // The bound of the weak exploration whose failure this explains (run/bound.ts).
  const bound = boundFor(config.scenario, 'weak', config.impl);
  const scheduler = bound
    ? makeScheduler('bounded-dpor', { seed: 1, maxPreemptions: bound.maxPreemptions })
    : makeScheduler(bestCompleteStrategy(), { seed: 1 });
  let found = false;
  const r = explore(
    programOf(sc),
    scheduler,
    monitors(),
    { maxExecutions, stopOnFailure: false, keepFailures: 0, outOfTime: () => found },
    { maxSteps: config.maxSteps },
    (e) => {
      if (e.violations.some((v) => v.property === property)) found = true;
    },
  );
  if (found) return { needsWeak: false, scExecutions: r.executions };
  const covered = r.complete || (bound !== undefined && r.stoppedBy === 'done');
  return covered ? { needsWeak: true, scExecutions: r.executions } : { needsWeak: null, scExecutions: r.executions };
}

/** The lines a report prints for a weak-memory failure. */
export function weakFailureLines(config: RunConfig, choices: Choices, property: string, monitors: () => readonly Monitor[]): string[] {
  if (config.memory !== 'weak') return [];
  const stale = explainStaleReads(config, choices, monitors()).lines;
  // An execution whose every load read the newest value is an SC execution (stale-read budget 0 is SC).
  if (stale.length === 0) return [`${property} also fails under SC: no load in this execution read a stale value`];
  const only = needsWeakMemory(config, property, monitors);
  const bound = boundFor(config.scenario, 'weak', config.impl);
  const within = bound ? ` with at most ${bound.maxPreemptions} preemptions` : '';
  const head =
    only.needsWeak === true
      ? `NEEDS WEAK MEMORY: no SC execution${within} of this program fails ${property} (${only.scExecutions} SC executions, all of them)`
      : only.needsWeak === false
        ? `${property} also fails under SC (weak memory is not needed to show it)`
        : `${property}: the SC exploration ran out of budget after ${only.scExecutions} executions (unknown whether weak memory is needed)`;
  return [head, ...stale.map((l) => `stale read: ${l}`)];
}
