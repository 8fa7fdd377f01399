/**
 * A fuzzing run as plain data, in pieces: what a worker thread sends back for the run indices it was
 * given (`--jobs`), what a shard's report keeps (`--shard`), and what the pieces combine into. One run
 * stops at its first failing scenario, so the pieces combine in run-index order up to the first
 * failure: scenarios after it, explored by another thread or shard meanwhile, are not counted, and the
 * combination is what a single run over the whole range gives (the same scenarios, executions and
 * counterexample token).
 */
import type { RunSize } from '../explorer/shrink.ts';
import type { Scenario } from '../scenarios/spec.ts';
import type { FuzzRange, FuzzResult, OnPort, ScenarioTally } from './fuzz.ts';

export interface FuzzFailure {
  /** The run index of the failing scenario. */
  readonly index: number;
  readonly property: string;
  readonly shrinkSteps: number;
  /** The scenario as drawn, before fast-check shrank it. */
  readonly original: Scenario | null;
  /** The drawn case as the counterexample describes what it was shrunk from (the memory model included). */
  readonly originalText: string | null;
  /** The counterexample's replay token (null: no run to replay, see `stuck`), and its size before its schedule was shrunk. */
  readonly token: string | null;
  readonly size: RunSize | null;
  readonly onPort: OnPort | null;
  /**
   * A watchdog stopped the scenario in setup or teardown (no concurrent step to replay up to): where,
   * and the run's memory model and timeout mode (null for every other failure).
   */
  readonly stuck: { readonly note: string; readonly memory: string; readonly timeouts: string } | null;
}

export interface FuzzPart {
  readonly range: FuzzRange;
  /** Per scenario explored from range.from on (the failing one last). */
  readonly tallies: readonly ScenarioTally[];
  readonly stoppedByTime: boolean;
  readonly interrupted: boolean;
  readonly failure: FuzzFailure | null;
}

export function partOf(r: FuzzResult): FuzzPart {
  const cx = r.counterexample;
  const failure: FuzzFailure | null =
    cx === null || r.property === null || r.failedAt === null
      ? null
      : { index: r.failedAt, property: r.property, shrinkSteps: r.shrinkSteps, original: r.original, originalText: cx.originalScenario, token: cx.token, size: cx.original, onPort: r.onPort, stuck: null };
  return { range: r.range, tallies: r.tallies, stoppedByTime: r.stoppedByTime, interrupted: r.interrupted, failure };
}

/** Pieces of one run (disjoint index ranges) as the run over `whole` would have produced them. */
export function combineParts(whole: FuzzRange, parts: readonly FuzzPart[]): FuzzPart {
  const ordered = [...parts].sort((a, b) => a.range.from - b.range.from);
  const tallies: ScenarioTally[] = [];
  let stoppedByTime = false;
  let interrupted = false;
  for (const p of ordered) {
    tallies.push(...p.tallies);
    stoppedByTime ||= p.stoppedByTime;
    interrupted ||= p.interrupted;
    if (p.failure !== null) return { range: whole, tallies, stoppedByTime, interrupted, failure: p.failure };
  }
  return { range: whole, tallies, stoppedByTime, interrupted, failure: null };
}

/** Totals of a part, as the command prints them. */
export function totals(p: FuzzPart): { scenarios: number; executions: number; sharedSkipped: number } {
  return { scenarios: p.tallies.length, executions: p.tallies.reduce((n, t) => n + t.executions, 0), sharedSkipped: p.tallies.filter((t) => t.shared).length };
}

/** The indices of shard i of n (1-based i): contiguous ranges, together 0 up to runs, each index in one. */
export function shardRange(runs: number, shard: { readonly index: number; readonly count: number }): FuzzRange {
  return { from: Math.floor(((shard.index - 1) * runs) / shard.count), to: Math.floor((shard.index * runs) / shard.count) };
}
