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
import { knownRace, type KnownRace } from '../kernel/rt/races/known.ts';
import type { Thread } from '../kernel/rt/thread.ts';
import type { Tracer } from '../kernel/rt/trace.ts';
import { makeNamer } from './names.ts';
import { programOf, type RunConfig } from './run-config.ts';
import { explicitSiteOf, siteOf, type Site } from './sites.ts';
import { opSites } from '../kernel/rt/trace.ts';

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
}

export interface RaceReport {
  readonly executions: number;
  /** Every trace explored, and no run cut at the step limit. */
  readonly complete: boolean;
  /** Some run was cut at the step limit. */
  readonly truncated: boolean;
  readonly findings: readonly RaceFinding[];
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

export function detectRaces(config: RunConfig, maxExecutions = 100_000): RaceReport {
  return detectRacesIn(programOf(config), maxExecutions, config.maxSteps);
}

/** Races over every execution of any program (litmus tests included), up to `maxExecutions`. */
export function detectRacesIn<S>(program: Program<S>, maxExecutions = 100_000, maxSteps = 2000): RaceReport {
  const errors = new WeakMap<Op, Error>();
  const resolved = new Map<Error, Site>();
  const siteOfOp = (op: Op): Site | null => {
    const explicit = explicitSiteOf(op);
    if (explicit !== null) return explicit;
    const e = errors.get(op);
    if (e === undefined) return null;
    let site = resolved.get(e);
    if (site === undefined) {
      // Formatting a stack is the expensive part (source maps): only for the accesses that race.
      site = siteOf(e.stack ?? '');
      resolved.set(e, site);
    }
    return site;
  };
  const side = (kernel: Kernel, a: Access): RaceSide => {
    const s = siteOfOp(a.op);
    return { thread: kernel.threads[a.tid]?.name ?? `thread ${a.tid}`, access: kindOf(a), site: s === null ? null : (s.seedLine ?? s.where), chain: s?.chain ?? [] };
  };
  const findings = new Map<string, RaceFinding>();
  const tracer = new PerExecution();
  // A run cut at the step limit may hide a race in the steps it never took: then the pass is not complete.
  let truncated = false;
  const collect = (result: ExecutionResult): void => {
    if (result.end === 'step-limit') truncated = true;
    const kernel = result.kernel;
    const namer = makeNamer(kernel, result.setup, []);
    const seenHere = new Set<string>();
    for (const r of tracer.racesOf(kernel)) {
      const location = namer.loc(r.loc);
      let a = side(kernel, r.earlier);
      let b = side(kernel, r.later);
      const known = knownRace(location, a.site, b.site) ?? knownRace(location, b.site, a.site);
      if (known !== null ? known.plain !== a.site : `${a.site}${a.access}` > `${b.site}${b.access}`) [a, b] = [b, a];
      const key = `${location}|${a.site}|${a.access}|${b.site}|${b.access}`;
      if (seenHere.has(key)) continue;
      seenHere.add(key);
      const f = findings.get(key);
      if (f !== undefined) f.count += 1;
      else findings.set(key, { location, first: a, second: b, known, count: 1 });
    }
  };
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 64;
  opSites.capture = (op) => {
    // Only memory accesses can race: no stack for the other operations (capturing one is the cost).
    if (op.kind === 'load' || op.kind === 'store' || op.kind === 'rmw' || op.kind === 'await') errors.set(op, new Error());
  };
  try {
    const r = explore(program, new DporScheduler(), [], { maxExecutions, stopOnFailure: false, keepFailures: 0 }, { maxSteps, tracer }, collect);
    return { executions: r.executions, complete: r.complete && !truncated, truncated, findings: [...findings.values()] };
  } finally {
    opSites.capture = null;
    Error.stackTraceLimit = limit;
  }
}

export function raceLine(f: RaceFinding): string {
  const side = (s: RaceSide): string => `${s.access} by ${s.thread} at ${s.site ?? '?'}${s.chain.length > 1 ? ` (via ${s.chain.slice(1).join(', ')})` : ''}`;
  const tag = f.known === null ? 'RACE' : `known race ${f.known.id}`;
  return `${tag}: ${f.location}: ${side(f.first)} is concurrent with ${side(f.second)} (${f.count} execution${f.count === 1 ? '' : 's'})`;
}
