/**
 * Shrinking a scenario's thread programs: drop whole threads, then single commands (threads' and the
 * prefix's), keeping a change when some schedule of the smaller program still fails the same
 * property (found by exploring it, within a budget). Greedy and deterministic, like fast-check's
 * shrinking of command lists, and run to a fixpoint. Used for generated scenarios; a named scenario is
 * reported as it is.
 */
import type { Monitor } from '../explorer/monitor.ts';
import type { Choices } from '../explorer/scheduler.ts';
import type { Scenario, ThreadProgram } from '../scenarios/spec.ts';
import { programOf, type RunConfig } from './run-config.ts';
import { ExploreSession, runSession } from './session.ts';
import { completeScheduler } from './strategy.ts';

export interface ProgramShrinkOptions {
  readonly monitors: readonly Monitor[];
  /** Executions each candidate may explore to find the failure again. */
  readonly executionsPerCandidate: number;
  /** Candidates tried at most. */
  readonly maxCandidates: number;
}

export interface ProgramShrinkResult {
  readonly config: RunConfig;
  /** A failing execution of the shrunk scenario (fewest preemptions seen). */
  readonly choices: Choices;
  readonly candidates: number;
}

/** Explores `config` looking for `property`; the failing choices or null. */
export function findFailure(config: RunConfig, property: string, monitors: readonly Monitor[], maxExecutions: number): Choices | null {
  const session = new ExploreSession(programOf(config), completeScheduler(), monitors, {
    maxExecutions,
    maxSteps: config.maxSteps,
    all: false,
    searchAfterFailure: 200,
    target: property,
  });
  return runSession(session).best?.choices ?? null;
}

export function shrinkProgram(config: RunConfig, property: string, choices: Choices, options: ProgramShrinkOptions): ProgramShrinkResult {
  let best = { config, choices };
  let candidates = 0;
  const attempt = (scenario: Scenario): boolean => {
    if (candidates >= options.maxCandidates) return false;
    candidates += 1;
    const candidate = { ...best.config, scenario };
    const found = findFailure(candidate, property, options.monitors, options.executionsPerCandidate);
    if (found === null) return false;
    best = { config: candidate, choices: found };
    return true;
  };
  for (let improved = true; improved && candidates < options.maxCandidates; ) {
    improved = false;
    for (const s of smallerScenarios(best.config.scenario)) {
      if (attempt(s)) {
        improved = true;
        break;
      }
    }
  }
  return { config: best.config, choices: best.choices, candidates };
}

/** One-step-smaller variants, the biggest cuts first. */
export function* smallerScenarios(s: Scenario): Generator<Scenario> {
  const threads = s.threads;
  if (threads.length > 1) for (let i = 0; i < threads.length; i++) yield { ...s, threads: threads.filter((_, j) => j !== i) };
  for (let i = 0; i < threads.length; i++) {
    const t = threads[i] as ThreadProgram;
    for (let c = 0; c < t.commands.length; c++) {
      const commands = t.commands.filter((_, j) => j !== c);
      if (commands.length === 0) continue;
      yield { ...s, threads: threads.map((u, j) => (j === i ? { ...u, commands } : u)) };
    }
  }
  for (let c = 0; c < s.prefix.length; c++) yield { ...s, prefix: s.prefix.filter((_, j) => j !== c) };
}
