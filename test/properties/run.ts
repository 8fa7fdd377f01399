/**
 * Exploration helpers for the property and scenario tests: run a scenario on an implementation with a
 * strategy and the property monitors, and say which properties failed, how often, and why.
 */
import { explore, type ExplorationResult } from '../../explorer/explore.ts';
import { makeScheduler, type StrategyOptions } from '../../explorer/strategies/registry.ts';
import { implNamed } from '../../impl/registry.ts';
import type { AnyPoolImpl } from '../../impl/pool-impl.ts';
import { newLinStats, type LinStats } from '../../properties/linearizable.ts';
import { monitorsFor } from '../../properties/registry.ts';
import { scenarioProgram, type KernelOverrides } from '../../scenarios/program.ts';
import { scenarioNamed } from '../../scenarios/registry.ts';
import type { Scenario } from '../../scenarios/spec.ts';
import type { Profile } from '../../model/profile.ts';

export interface RunOptions {
  /** An implementation name (impl/registry.ts) or the implementation itself; default the port. */
  readonly impl?: string | AnyPoolImpl;
  readonly strategy?: string;
  readonly seed?: number;
  readonly maxExecutions?: number;
  /** Only these properties' monitors (runtime findings are reported anyway). */
  readonly ids?: readonly string[];
  /** Stop as soon as this property fails (or at the first failure of any property with `true`). */
  readonly stopAt?: string | true;
  readonly overrides?: KernelOverrides;
  readonly linBudget?: number;
  /** Strategy options beyond the seed (preemption bound, pct depth and runs). */
  readonly strategyOptions?: Omit<StrategyOptions, 'seed'>;
  /** What it is checked against (default: the profile the implementation claims, else the contract). */
  readonly profile?: Profile;
  /** Steps after which a run is cut and looked at for a lasso (default the explorer's). */
  readonly maxSteps?: number;
}

export interface Run {
  readonly result: ExplorationResult;
  /** Failing executions per property. */
  readonly counts: Readonly<Record<string, number>>;
  /** The first message per property. */
  readonly messages: Readonly<Record<string, string>>;
  /** Up to 20 distinct messages per property. */
  readonly distinct: Readonly<Record<string, readonly string[]>>;
  /** Executions run until (and including) the first failure of `stopAt`, or all of them. */
  readonly executions: number;
  readonly lin: LinStats;
}

export function run(scenario: string | Scenario, options: RunOptions = {}): Run {
  const s = typeof scenario === 'string' ? scenarioNamed(scenario) : scenario;
  const impl = typeof options.impl === 'object' ? options.impl : implNamed(options.impl ?? 'v4.1');
  const program = scenarioProgram(s, impl, options.overrides ?? {});
  const scheduler = makeScheduler(options.strategy ?? 'dfs', { ...options.strategyOptions, seed: options.seed ?? 1 });
  const lin = newLinStats();
  const monitors = monitorsFor({
    profile: options.profile ?? impl.profile ?? 'contract',
    linStats: lin,
    ...(options.ids === undefined ? {} : { ids: options.ids }),
    ...(options.linBudget === undefined ? {} : { linBudget: options.linBudget }),
  });
  const counts: Record<string, number> = {};
  const messages: Record<string, string> = {};
  const distinct: Record<string, string[]> = {};
  let found = false;
  const result = explore(
    program,
    scheduler,
    monitors,
    {
      maxExecutions: options.maxExecutions ?? 1_000_000,
      stopOnFailure: options.stopAt === true,
      keepFailures: 1,
      // Checked between executions: stops the exploration once the wanted property has failed.
      outOfTime: () => found,
    },
    options.maxSteps === undefined ? undefined : { maxSteps: options.maxSteps },
    (r) => {
      for (const v of r.violations) {
        counts[v.property] = (counts[v.property] ?? 0) + 1;
        messages[v.property] ??= v.message;
        const seen = (distinct[v.property] ??= []);
        if (seen.length < 20 && !seen.includes(v.message)) seen.push(v.message);
        if (v.property === options.stopAt) found = true;
      }
    },
  );
  return { result, counts, messages, distinct, executions: result.executions, lin };
}
