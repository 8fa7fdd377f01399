/**
 * One benchmark case, run in its own process (so its peak memory and JIT state are its own):
 * explore a scenario on an implementation with a strategy, monitors on or off, until done, the
 * first failure, or a time cap. Prints one JSON line.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { explore } from '../explorer/explore.ts';
import { makeScheduler } from '../explorer/strategies/registry.ts';
import { monitorsFor } from '../properties/registry.ts';
import { defaultConfig, programOf } from '../run/run-config.ts';
import { scenarioNamed } from '../scenarios/registry.ts';

export interface BenchCase {
  readonly scenario: string;
  readonly impl: string;
  readonly strategy: string;
  readonly maxPreemptions?: number;
  readonly runs?: number;
  readonly seed?: number;
  readonly memory?: 'sc' | 'weak';
  readonly staleReads?: number;
  /** Run the property monitors (default true). */
  readonly monitors?: boolean;
  readonly stopOnFailure: boolean;
  readonly timeCapSeconds: number;
  readonly maxSteps?: number;
  /** Run the case this many times in the process and report the last: the JIT's steady state (default 1). */
  readonly repeat?: number;
}

export interface BenchResult {
  readonly case: BenchCase;
  readonly verdict: string;
  readonly complete: boolean;
  readonly stoppedBy: string;
  readonly executions: number;
  readonly failedProperties: readonly string[];
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly maxRssMb: number;
}

export function runCase(c: BenchCase): BenchResult {
  const base = defaultConfig(scenarioNamed(c.scenario), c.impl);
  const config = {
    ...base,
    memory: c.memory ?? 'sc',
    staleReads: c.staleReads ?? base.staleReads,
    maxSteps: c.maxSteps ?? base.maxSteps,
  };
  const scheduler = makeScheduler(c.strategy, {
    seed: c.seed ?? 1,
    ...(c.maxPreemptions === undefined ? {} : { maxPreemptions: c.maxPreemptions }),
    ...(c.runs === undefined ? {} : { runs: c.runs }),
  });
  const monitors = c.monitors === false ? [] : monitorsFor();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const r = explore(
    programOf(config),
    scheduler,
    monitors,
    { maxExecutions: Number.MAX_SAFE_INTEGER, stopOnFailure: c.stopOnFailure, keepFailures: 0, outOfTime: () => performance.now() - t0 > c.timeCapSeconds * 1000 },
    { maxSteps: config.maxSteps },
  );
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return {
    case: c,
    verdict: r.verdict,
    complete: r.complete,
    stoppedBy: r.stoppedBy,
    executions: r.executions,
    failedProperties: r.failedProperties,
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

// Run as a script (not imported): the case is the first argument.
const arg = process.argv[2];
if (arg !== undefined && process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const c = JSON.parse(arg) as BenchCase;
  for (let i = 1; i < (c.repeat ?? 1); i++) runCase(c);
  process.stdout.write(`${JSON.stringify(runCase(c))}\n`);
}
