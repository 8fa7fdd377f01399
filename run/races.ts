/**
 * Plain-access race detection over an exploration: every execution runs under the happens-before
 * detector (kernel/rt/races), races are named by location and seed lines, deduplicated across
 * executions, and classified against the known races of the seed. A stack is captured for every
 * memory access (to name both sides by seed line), so this is a separate, slower pass, not part of
 * exploring.
 * DPOR is enough: whether two accesses race (are unordered by happens-before) is the same in every
 * execution of one Mazurkiewicz trace, since the synchronisation that orders them is part of the trace.
 */
import { explore } from '../explorer/explore.ts';
import type { ExecutionResult } from '../explorer/execution.ts';
import type { Program } from '../explorer/program.ts';
import { DporScheduler } from '../explorer/strategies/dpor.ts';
import type { Kernel } from '../kernel/rt/kernel.ts';
import type { Op } from '../kernel/rt/ops.ts';
import { RaceDetector, type Access, type Race } from '../kernel/rt/races/detector.ts';
import { knownRaceIn, type KnownRace } from './known-races.ts';
import { knownRacesFor } from '../config/project.ts';
import type { Thread } from '../kernel/rt/thread.ts';
import type { Tracer } from '../kernel/rt/trace.ts';
import { makeNamer } from './names.ts';
import { programOf, type RunConfig } from './run-config.ts';
import { explicitSiteOf, siteOf, stackOf, type Site } from './sites.ts';
import { opSites } from '../kernel/rt/trace.ts';
import type { Choices } from '../explorer/scheduler.ts';
import { encodeToken } from './token.ts';
import { watchScheduler } from './workers/watch.ts';

export interface RaceSide {
  readonly thread: string;
  readonly access: string;
  /** Seed line of the access (`L317`), or its file position when it has no note. */
  readonly site: string | null;
  /** Seed lines of the calls it is nested in, innermost first. */
  readonly chain: readonly string[];
}

export interface RaceFinding {
  readonly location: string;
  /** The two racing accesses; for a known race the lockless plain access comes first. */
  readonly first: RaceSide;
  readonly second: RaceSide;
  readonly known: KnownRace | null;
  /** Executions it showed up in. */
  count: number;
  /** The first execution that showed it: its choices and steps (what a replay token needs). */
  readonly example: { readonly choices: Choices; readonly steps: number };
  /** The token that replays that execution (races of a scenario run; null for other programs). */
  token: string | null;
}

export interface RaceReport {
  readonly executions: number;
  /** Every trace explored, and no run cut at the step limit. */
  readonly complete: boolean;
  /** Some run was cut at the step limit. */
  readonly truncated: boolean;
  readonly findings: readonly RaceFinding[];
  /** Stopped early by Ctrl-C or SIGTERM. */
  readonly interrupted?: boolean;
}

/** A tracer that starts a fresh detector for every execution (every execution has a new kernel). */
class PerExecution implements Tracer {
  private kernel: Kernel | null = null;
  private detector = new RaceDetector();
  onOp(kernel: Kernel, thread: Thread, op: Op, result: unknown, visible: boolean): void {
    if (kernel !== this.kernel) {
      this.kernel = kernel;
      this.detector = new RaceDetector();
    }
    this.detector.onOp(kernel, thread, op, result, visible);
  }
  /** The races of the execution that ran on `kernel`. */
  racesOf(kernel: Kernel): readonly Race[] {
    return kernel === this.kernel ? this.detector.races : [];
  }
}

const kindOf = (a: Access): string => `${a.plain ? 'plain' : 'marked'} ${a.write ? 'store' : 'load'}`;

/** Races of a run; those the project accepts for its implementation (`knownRaces`) are known findings. */
export function detectRaces(config: RunConfig, maxExecutions = 100_000, known: readonly KnownRace[] = knownRacesFor(config.impl)): RaceReport {
  return withTokens(detectRacesIn(programOf(config), maxExecutions, config.maxSteps, known), config);
}

/** Each race's example execution as a replay token. */
function withTokens(report: RaceReport, config: RunConfig): RaceReport {
  for (const f of report.findings) f.token = encodeToken({ config, choices: f.example.choices, outcome: { property: null, steps: f.example.steps } });
  return report;
}

/** Races over every execution of any program (litmus tests included), up to `maxExecutions`. */
export function detectRacesIn<S>(program: Program<S>, maxExecutions = 100_000, maxSteps = 2000, known: readonly KnownRace[] = []): RaceReport {
  const pass = new RacePass(program, maxExecutions, maxSteps, known);
  while (!pass.runSlice(() => false));
  return pass.report();
}

/** What an interruptible race pass needs of its caller (run/control.ts provides it). */
export interface RacePace {
  /** Asked between executions: true ends the slice. */
  sliceOver(): boolean;
  /** Between slices: the event loop turns (progress, signals). */
  breathe(executions: number): Promise<void>;
  /** A signal asked to stop: the pass ends at the next execution boundary, incomplete. */
  readonly stopped: boolean;
}

/** `detectRaces` in slices, stopping at the next execution boundary when asked. */
export async function detectRacesAsync(config: RunConfig, maxExecutions: number, pace: RacePace, known: readonly KnownRace[] = knownRacesFor(config.impl)): Promise<RaceReport> {
  const pass = new RacePass(programOf(config), maxExecutions, config.maxSteps, known);
  while (!pass.runSlice(() => pace.sliceOver())) {
    await pace.breathe(pass.executions);
    if (pace.stopped) return withTokens(pass.report(true), config);
  }
  return withTokens(pass.report(), config);
}

/**
 * One race pass over a program, run in slices: the detector's state, the findings and the dpor search
 * carry over from slice to slice.
 */
class RacePass<S> {
  private readonly errors = new WeakMap<Op, Error>();
  private readonly resolved = new Map<Error, Site>();
  private readonly findings = new Map<string, RaceFinding>();
  private readonly tracer = new PerExecution();
  private readonly scheduler;
  // A run cut at the step limit may hide a race in the steps it never took: then the pass is not complete.
  private truncated = false;
  private complete = false;
  executions = 0;

  constructor(
    private readonly program: Program<S>,
    private readonly maxExecutions: number,
    private readonly maxSteps: number,
    private readonly known: readonly KnownRace[],
  ) {
    this.scheduler = watchScheduler(new DporScheduler(), maxSteps);
  }

  private siteOfOp(op: Op): Site | null {
    const explicit = explicitSiteOf(op);
    if (explicit !== null) return explicit;
    const e = this.errors.get(op);
    if (e === undefined) return null;
    let site = this.resolved.get(e);
    if (site === undefined) {
      // Formatting a stack is the expensive part (source maps): only for the accesses that race.
      site = siteOf(stackOf(e));
      this.resolved.set(e, site);
    }
    return site;
  }

  private side(kernel: Kernel, a: Access): RaceSide {
    const s = this.siteOfOp(a.op);
    return { thread: kernel.threads[a.tid]?.name ?? `thread ${a.tid}`, access: kindOf(a), site: s === null ? null : s.label, chain: s?.chain ?? [] };
  }

  private collect(result: ExecutionResult): void {
    if (result.end === 'step-limit') this.truncated = true;
    const kernel = result.kernel;
    const namer = makeNamer(kernel, result.setup, []);
    const seenHere = new Set<string>();
    for (const r of this.tracer.racesOf(kernel)) {
      const location = namer.loc(r.loc);
      let a = this.side(kernel, r.earlier);
      let b = this.side(kernel, r.later);
      const known = knownRaceIn(this.known, location, a.site, b.site) ?? knownRaceIn(this.known, location, b.site, a.site);
      if (known !== null ? known.plain !== a.site : `${a.site}${a.access}` > `${b.site}${b.access}`) [a, b] = [b, a];
      const key = `${location}|${a.site}|${a.access}|${b.site}|${b.access}`;
      if (seenHere.has(key)) continue;
      seenHere.add(key);
      const f = this.findings.get(key);
      if (f !== undefined) f.count += 1;
      else this.findings.set(key, { location, first: a, second: b, known, count: 1, example: { choices: { kinds: result.choices.kinds.slice(), values: result.choices.values.slice() }, steps: result.steps }, token: null });
    }
  }

  /** Runs executions until `sliceOver()` says so or the pass ends; true when it has ended. */
  runSlice(sliceOver: () => boolean): boolean {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 64;
    opSites.capture = (op) => {
      // Only memory accesses can race: no stack for the other operations (capturing one is the cost).
      if (op.kind === 'load' || op.kind === 'store' || op.kind === 'rmw' || op.kind === 'await') this.errors.set(op, new Error());
    };
    try {
      const budget = { maxExecutions: this.maxExecutions, roundSoFar: this.executions, stopOnFailure: false, keepFailures: 0, outOfTime: sliceOver, onRestart: () => this.restarted() };
      const r = explore(this.program, this.scheduler, [], budget, { maxSteps: this.maxSteps, tracer: this.tracer }, (e) => this.collect(e));
      this.executions += r.executions;
      this.complete = r.complete;
      return r.stoppedBy !== 'time';
    } finally {
      opSites.capture = null;
      Error.stackTraceLimit = limit;
    }
  }

  /** The search started over (explorer/explore.ts): what the abandoned round saw is forgotten, as a session forgets it. */
  private restarted(): void {
    this.executions = 0;
    this.findings.clear();
    this.truncated = false;
  }

  report(interrupted = false): RaceReport {
    const complete = !interrupted && this.complete && !this.truncated;
    return { executions: this.executions, complete, truncated: this.truncated, findings: [...this.findings.values()], ...(interrupted ? { interrupted } : {}) };
  }
}

export function raceLine(f: RaceFinding): string {
  const side = (s: RaceSide): string => `${s.access} by ${s.thread} at ${s.site ?? '?'}${s.chain.length > 1 ? ` (via ${s.chain.slice(1).join(', ')})` : ''}`;
  const tag = f.known === null ? 'RACE' : `known race ${f.known.id}`;
  return `${tag}: ${f.location}: ${side(f.first)} is concurrent with ${side(f.second)} (${f.count} execution${f.count === 1 ? '' : 's'})`;
}
