/**
 * `explore`'s options: the spec (also its usage text) and their translation into a run configuration,
 * a strategy and budgets, with one clear UsageError for anything unknown or out of place.
 */
import { IMPL_OPTION } from './impl-option.ts';
import { DEFAULT_MAX_PREEMPTIONS, DEFAULT_PCT_DEPTH, DEFAULT_PCT_RUNS, STRATEGIES, type StrategyOptions } from '../explorer/strategies/registry.ts';
import { implNamed } from '../impl/registry.ts';
import { memoryFactory, parseBound } from '../kernel/rt/weak/factory.ts';
import { defaultConfig, type RunConfig } from '../run/run-config.ts';
import { profileNamed } from '../model/profile.ts';
import { bestCompleteStrategy } from '../run/strategy.ts';
import { scenarioFrom } from '../config/scenario-file.ts';
import { optFlag, optInt, optString, type OptionSpec, type Parsed } from './args.ts';
import { UsageError } from './commands/command.ts';
import { PROPERTY_OPTIONS, propertySelection } from './property-args.ts';
import { checkSelection } from '../run/monitors.ts';
import { boundFor } from '../run/bound.ts';

/** Strategies the issue names; one not registered gets a clear "not available" error. */
const PLANNED = ['dfs', 'dpor', 'bounded', 'bounded-dpor', 'pct', 'random'];

export const EXPLORE_OPTIONS: readonly OptionSpec[] = [
  { name: 'strategy', kind: 'string', arg: [...new Set([...PLANNED, ...STRATEGIES.keys()])].join('|'), help: "how schedules are chosen (default: dpor; bounded-dpor within the scenario's bound where it declares one)" },
  { name: 'max-preemptions', kind: 'int', min: 0, arg: 'K', help: `bounded: the largest preemption bound to reach (default ${DEFAULT_MAX_PREEMPTIONS})` },
  { name: 'depth', kind: 'int', min: 1, arg: 'D', help: `pct: bug depth (priority change points + 1, default ${DEFAULT_PCT_DEPTH})` },
  { name: 'runs', kind: 'int', min: 1, arg: 'N', help: `pct, random: executions to run (default ${DEFAULT_PCT_RUNS})` },
  { name: 'seed', kind: 'int', min: 0, arg: 'N', help: 'pct, random: seed (default 1)' },
  IMPL_OPTION,
  { name: 'profile', kind: 'string', values: ['contract', 'v4.1', 'v6.17'], help: "what it is checked against (default: the implementation's own; v4.1 for the port)" },
  { name: 'timeouts', kind: 'string', values: ['untimed', 'timed'], help: "sleeps: woken only (untimed) or may time out (timed); default: the scenario's" },
  { name: 'timeout-budget', kind: 'int', min: 0, arg: 'N', help: 'timed: timeouts that may fire per execution (default 1)' },
  { name: 'memory', kind: 'string', values: ['sc', 'weak'], help: 'memory model (default sc)' },
  { name: 'stale-reads', kind: 'string', arg: 'N|inf', help: 'weak: loads per execution that may read an older store (default inf)' },
  { name: 'window', kind: 'string', arg: 'N|inf', help: 'weak: how many of the newest stores of a location stay readable (default inf)' },
  ...PROPERTY_OPTIONS,
  { name: 'fine-grained', kind: 'flag', help: 'make every operation a scheduling point (default: a step merges what no other thread can tell apart; both reach the same verdicts)' },
  { name: 'max-executions', kind: 'int', min: 1, arg: 'N', help: 'stop after N executions (default 10000000)' },
  { name: 'max-steps', kind: 'int', min: 1, arg: 'N', help: 'steps after which a run is cut (default 2000): a cut run is looked at for a livelock lasso, else the result is incomplete' },
  { name: 'time', kind: 'number', positive: true, arg: 'SECONDS', help: 'stop after this long (the result is then incomplete)' },
  { name: 'all', kind: 'flag', help: 'explore everything and count every failing execution (default: stop at the first failure)' },
  { name: 'no-shrink', kind: 'flag', help: 'report the counterexample as found, without shrinking its schedule' },
  { name: 'json', kind: 'flag', help: 'print a machine-readable result on stdout' },
  { name: 'report-dir', kind: 'string', arg: 'DIR', help: 'write report.json, junit.xml, report.md and the replay file there' },
  { name: 'progress', kind: 'flag', help: 'show progress on stderr also where it is off by default (a library caller)' },
  { name: 'no-progress', kind: 'flag', help: 'no progress on stderr (default: a bar on a terminal, a line every 10 s under CI or when piped)' },
];

export interface ExploreSettings {
  readonly config: RunConfig;
  readonly strategy: string;
  readonly strategyOptions: StrategyOptions;
  readonly maxExecutions: number;
  readonly timeLimit: number | null;
  readonly all: boolean;
  readonly shrink: boolean;
  readonly json: boolean;
  readonly reportDir: string | null;
  readonly progress: boolean;
  readonly noProgress: boolean;
  /** Why the strategy is bounded by default: the scenario's declared bound (null when it was chosen). */
  readonly boundNote: string | null;
}

const ONLY_FOR: Readonly<Record<string, readonly string[]>> = {
  'max-preemptions': ['bounded', 'bounded-dpor'],
  depth: ['pct'],
  runs: ['pct', 'random'],
  seed: ['pct', 'random'],
};

export function exploreSettings(p: Parsed): ExploreSettings {
  const scenario = scenarioFrom(p.positionals[0] as string); // a name, or a scenario file (./s.json)
  const impl = optString(p, 'impl') ?? 'v4.1';
  implNamed(impl); // an unknown name is a RangeError: one line, exit 2
  const memory = (optString(p, 'memory') ?? 'sc') as RunConfig['memory'];
  // Where the implementation is known to livelock (its bound says why) the scenario is explored within
  // its bound unless the user asks for a strategy: an unbounded dpor there would run until its budget.
  const applied = optString(p, 'strategy') === undefined ? boundFor(scenario, memory, impl) : null;
  const bound = applied?.bound;
  const scenarioK = applied?.maxPreemptions;
  const strategy = optString(p, 'strategy') ?? (applied === null ? bestCompleteStrategy() : 'bounded-dpor');
  if (!STRATEGIES.has(strategy)) {
    const known = [...STRATEGIES.keys()].join(', ');
    throw new UsageError(PLANNED.includes(strategy) ? `strategy '${strategy}' is not available yet (available: ${known})` : `unknown strategy '${strategy}' (known: ${known})`);
  }
  for (const [option, strategies] of Object.entries(ONLY_FOR)) {
    if (p.options.has(option) && !strategies.includes(strategy)) {
      throw new UsageError(`option --${option} applies to --strategy ${strategies.join(' or ')}, not ${strategy}`);
    }
  }
  for (const option of ['stale-reads', 'window']) {
    if (p.options.has(option) && memory !== 'weak') throw new UsageError(`option --${option} applies to --memory weak only`);
  }
  const profile = optString(p, 'profile');
  const base = defaultConfig(scenario, impl, profile === undefined ? undefined : profileNamed(profile));
  const staleReads = bounded(p, 'stale-reads', base.staleReads);
  const window = bounded(p, 'window', base.window);
  memoryFactory({ model: memory, staleReads, window }); // checks the bounds: a RangeError is one line, exit 2
  const timeouts = (optString(p, 'timeouts') ?? base.timeouts) as RunConfig['timeouts'];
  if (p.options.has('timeout-budget') && timeouts !== 'timed') throw new UsageError('option --timeout-budget applies to --timeouts timed only');
  const runs = optInt(p, 'runs') ?? DEFAULT_PCT_RUNS;
  const sampled = strategy === 'pct' || strategy === 'random';
  const properties = propertySelection(p);
  if (properties !== undefined) checkSelection(properties, base.profile); // an unknown ID: one line, exit 2
  const config: RunConfig = {
    ...base,
    ...(properties === undefined ? {} : { properties }),
    memory,
    staleReads,
    window,
    timeouts,
    timeoutBudget: optInt(p, 'timeout-budget') ?? base.timeoutBudget,
    fineGrained: optFlag(p, 'fine-grained'),
    maxSteps: optInt(p, 'max-steps') ?? base.maxSteps,
  };
  const maxExecutions = optInt(p, 'max-executions') ?? 10_000_000;
  return {
    config,
    strategy,
    strategyOptions: {
      seed: optInt(p, 'seed') ?? 1,
      maxPreemptions: optInt(p, 'max-preemptions') ?? scenarioK ?? DEFAULT_MAX_PREEMPTIONS,
      depth: optInt(p, 'depth') ?? DEFAULT_PCT_DEPTH,
      runs,
    },
    maxExecutions: sampled ? Math.min(maxExecutions, runs) : maxExecutions,
    timeLimit: (p.options.get('time') as number | undefined) ?? null,
    all: optFlag(p, 'all'),
    shrink: !optFlag(p, 'no-shrink'),
    json: optFlag(p, 'json'),
    reportDir: optString(p, 'report-dir') ?? null,
    progress: optFlag(p, 'progress'),
    noProgress: optFlag(p, 'no-progress'),
    boundNote:
      bound === undefined
        ? null
        : `${scenario.name} has no unbounded verdict, so by default it is explored within ${optInt(p, 'max-preemptions') ?? scenarioK} preemption(s) (--strategy dpor for an unbounded search): ${bound.why}`,
  };
}

function bounded(p: Parsed, option: string, fallback: number): number {
  const text = optString(p, option);
  return text === undefined ? fallback : parseBound(text, `option --${option}`);
}
