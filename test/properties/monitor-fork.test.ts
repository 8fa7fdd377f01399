/**
 * Monitors can be forked (explorer/monitor.ts `fork`): a copy of one's per-execution state bound to
 * another world in the same state goes on exactly as the original would. Two replays of one failing
 * execution: the first with fresh monitors, forked at step k (to a throwaway world, so that the copy
 * is parked while the original goes on); the second with monitors that do nothing until step k and
 * from then on are the parked copies forked again onto the second run's own kernel and world. After k
 * both see the same keys after every step and report the same violations. Forks after every step
 * from the start to just before the first violation, on failing executions of mutants chosen so that the monitors
 * that keep state (HistoryMonitor, OWNERSHIP, NO-LOST-WAKEUP, RESERVE, FREE-SEES-REMOVAL, LINEARIZABLE)
 * must carry what they remember across the fork to report what the original reports.
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../../explorer/explore.ts';
import { runExecution, sharingOf, type ExecutionResult } from '../../explorer/execution.ts';
import type { StepWatch } from '../../explorer/lasso-watch.ts';
import type { EndKind, Monitor, MonitorContext, Violation } from '../../explorer/monitor.ts';
import type { Program } from '../../explorer/program.ts';
import { makeScheduler } from '../../explorer/strategies/registry.ts';
import type { Choices } from '../../explorer/scheduler.ts';
import { ReplayScheduler } from '../../explorer/strategies/replay.ts';
import { implNamed } from '../../impl/registry.ts';
import { Kernel } from '../../kernel/rt/kernel.ts';
import { Sharing } from '../../kernel/rt/sharing.ts';
import type { Thread } from '../../kernel/rt/thread.ts';
import { memoryFactory } from '../../kernel/rt/weak/factory.ts';
import { monitorsFor } from '../../properties/registry.ts';
import { scenarioProgram, type KernelOverrides } from '../../scenarios/program.ts';
import { scenarioNamed } from '../../scenarios/registry.ts';
import type { Scenario } from '../../scenarios/spec.ts';
import { forkWorld } from '../../scenarios/fork.ts';
import { PoolWorld } from '../../scenarios/world.ts';
import { cMutant } from '../c/helpers.ts';
import { keyedState } from './keys.ts';
import { refill2, zero2 } from './scenarios.ts';

const MAX_STEPS = 2000;

/** Until step k nothing; from then on the fork it is given. */
class ForkedLater implements Monitor {
  inner: Monitor | null = null;
  constructor(readonly name: string) {}
  afterStep(ctx: MonitorContext, tid: number): Violation | null {
    return this.inner?.afterStep?.(ctx, tid) ?? null;
  }
  atQuiescence(ctx: MonitorContext): Violation | null {
    return this.inner?.atQuiescence?.(ctx) ?? null;
  }
  atEnd(ctx: MonitorContext, end: EndKind): readonly Violation[] {
    return this.inner?.atEnd?.(ctx, end) ?? [];
  }
  unknown(): string | null {
    return this.inner?.unknown?.() ?? null;
  }
}

/** Calls `at` once the run has taken `k` steps (at the start if it already has), then records every keyed state. */
class At implements StepWatch {
  readonly keys: string[] = [];
  private done = false;
  constructor(
    private readonly k: number,
    private readonly at: (ctx: MonitorContext) => void,
    private readonly monitors: () => readonly Monitor[],
  ) {}
  start(ctx: MonitorContext): void {
    this.look(ctx);
  }
  afterStep(ctx: MonitorContext): boolean {
    this.look(ctx);
    return false;
  }
  private look(ctx: MonitorContext): void {
    if (!this.done && ctx.kernel.steps >= this.k) {
      this.done = true;
      this.at(ctx);
      return;
    }
    if (this.done) this.keys.push(`${ctx.kernel.steps} ${[...keyedState(ctx, this.monitors()).keys].join('\n')}`);
  }
}

interface Pair {
  readonly original: ExecutionResult;
  readonly forked: ExecutionResult;
  readonly originalKeys: readonly string[];
  readonly forkedKeys: readonly string[];
  /** The step the fork was made after. */
  readonly k: number;
}

function forkedReplay(program: Program<PoolWorld>, failing: ExecutionResult, k: number): Pair {
  const monitors = monitorsFor({ profile: 'v4.1' });
  let parked: Monitor[] = [];
  const first = new At(
    k,
    (ctx) => {
      // A throwaway world: the copies must not touch the original's kernel (OWNERSHIP's element watch would).
      const elsewhere: MonitorContext = { kernel: new Kernel(program.kernelConfig), program, setup: (ctx.setup as PoolWorld).clone() };
      parked = monitors.map((m) => m.fork?.(elsewhere) ?? m);
    },
    () => monitors,
  );
  const original = runExecution(program, new ReplayScheduler(failing.choices), monitors, { maxSteps: MAX_STEPS, watch: first });
  const later = monitors.map((m) => new ForkedLater(m.name));
  const inners = (): Monitor[] => later.map((w) => w.inner as Monitor);
  const second = new At(
    k,
    (ctx) => {
      parked.forEach((m, i) => {
        (later[i] as ForkedLater).inner = m.fork?.(ctx) ?? null;
      });
    },
    inners,
  );
  const forked = runExecution(program, new ReplayScheduler(failing.choices), later, { maxSteps: MAX_STEPS, watch: second });
  return { original, forked, originalKeys: first.keys, forkedKeys: second.keys, k };
}

/** The step count after the last concurrent step of a replay of `failing`. */
function lastConcurrentStep(program: Program<PoolWorld>, failing: ExecutionResult): number {
  let last = 0;
  const watch: StepWatch = {
    start: (ctx) => {
      last = ctx.kernel.steps;
    },
    afterStep: (ctx) => {
      last = ctx.kernel.steps;
      return false;
    },
  };
  runExecution(program, new ReplayScheduler(failing.choices), [], { maxSteps: MAX_STEPS, watch });
  return last;
}

/** Violations after step k of properties that had none up to it (the fork sees nothing before k). */
function after(r: ExecutionResult, k: number, excluded: ReadonlySet<string>): string[] {
  return r.violations.filter((v) => v.step > k && !excluded.has(v.property)).map((v) => `${v.property} @${v.step}: ${v.message}`);
}

const WEAK: KernelOverrides = { memory: memoryFactory({ model: 'weak' }) };

const CASES: { impl: string; scenario: string | Scenario; overrides?: KernelOverrides; fails: string }[] = [
  { impl: 'mutant:free-refills-only-empty', scenario: refill2, fails: 'RESERVE' },
  { impl: 'mutant:free-no-wake', scenario: 'pair2', fails: 'NO-LOST-WAKEUP' },
  { impl: 'mutant:first-pass-wait', scenario: 'pair2', fails: 'FORCED-GFP' },
  { impl: 'mutant:alloc-pop-unlocked', scenario: 'pair2', fails: 'OWNERSHIP' },
  { impl: 'mutant:alloc-reserve-first', scenario: 'pair2', fails: 'LINEARIZABLE' },
  { impl: 'mutant:no-zero-warn', scenario: zero2, fails: 'ZERO-WARN' },
  { impl: 'mutant:alloc-no-wmb', scenario: 'handoff3', overrides: WEAK, fails: 'FREE-SEES-REMOVAL' },
];

describe('a forked monitor goes on exactly as the original', () => {
  it('every monitor of every profile can be forked', () => {
    for (const profile of ['contract', 'v4.1', 'v6.17'] as const) {
      expect(monitorsFor({ profile }).filter((m) => m.fork === undefined).map((m) => m.name)).toEqual([]);
    }
  });

  for (const c of CASES) {
    const label = `${c.impl} on ${typeof c.scenario === 'string' ? c.scenario : c.scenario.name}${c.overrides === undefined ? '' : ' (weak memory)'}`;
    it(`${label}: forked after any step before ${c.fails} fails`, () => {
      const scenario = typeof c.scenario === 'string' ? scenarioNamed(c.scenario) : c.scenario;
      const program = scenarioProgram(scenario, implNamed(c.impl), c.overrides ?? {});
      // The first execution in which the case's property fails (another may fail first: runtime findings).
      let failing: ExecutionResult | undefined;
      const budget = { maxExecutions: 20_000, stopOnFailure: false, keepFailures: 0, outOfTime: () => failing !== undefined };
      explore(program, makeScheduler('dfs', { seed: 1 }), monitorsFor({ profile: 'v4.1', ids: [c.fails] }), budget, { maxSteps: MAX_STEPS }, (r) => {
        if (failing === undefined && r.violations.some((v) => v.property === c.fails)) failing = r;
      });
      if (failing === undefined) throw new Error(`${label}: no failing execution`);
      const when = failing.violations.find((v) => v.property === c.fails)?.step ?? 0;
      // The fork is made between concurrent steps: one found at the end (after teardown's steps) is
      // forked for after the last of them.
      const last = lastConcurrentStep(program, failing);
      for (let k = 0; k <= Math.min(when - 1, last); k++) {
        const pair = forkedReplay(program, failing, k);
        const early = new Set(pair.original.violations.filter((v) => v.step <= k).map((v) => v.property));
        const expected = after(pair.original, k, early);
        // The failure the case is about comes after the fork: the copies must have carried what led to it.
        if (k < when) expect([k, expected.filter((v) => v.startsWith(c.fails)).length, pair.original.violations.map((v) => `${v.property} @${v.step}`)]).toEqual([k, 1, expect.anything()]);
        expect([k, after(pair.forked, k, early)]).toEqual([k, expected]);
        expect(pair.forkedKeys).toEqual(pair.originalKeys);
        expect(pair.forked.unknowns).toEqual(pair.original.unknowns);
      }
    });
  }
});

/**
 * Forked with the world itself, mid-run (scenarios/fork.ts `forkWorld`, C scenario threads): the copy
 * of the world and the copies of the monitors are driven in lockstep with the original, by the same
 * thread picks and value choices; after every step both monitor sets give the same keys and report the
 * same violations.
 */
class Lockstep implements StepWatch {
  private copy: { ctx: MonitorContext; monitors: Monitor[]; cursor: number; findings: number } | null = null;
  readonly mismatches: string[] = [];
  /** Violations the copies reported after the fork, and the runtime's findings on the copied kernel. */
  readonly forkedViolations: string[] = [];
  steppedAfterFork = 0;

  constructor(
    private readonly at: number,
    private readonly monitors: readonly Monitor[],
  ) {}

  start(ctx: MonitorContext, choices: Choices): void {
    this.maybeFork(ctx, choices);
  }

  afterStep(ctx: MonitorContext, tid: number, _enabled: readonly number[], choices: Choices): boolean {
    const c = this.copy;
    if (c !== null) {
      c.ctx.kernel.step(tid);
      this.steppedAfterFork += 1;
      for (const m of c.monitors) {
        const v = m.afterStep?.(c.ctx, tid);
        if (v) this.forkedViolations.push(`${v.property} @${v.step}: ${v.message}`);
      }
      // Where the explorer checks liveness (execution.ts: nothing but timeouts can happen), the copies are asked too.
      const k2 = c.ctx.kernel;
      if (k2.enabled().every((t) => k2.isTimeoutStep(k2.threads[t] as Thread))) {
        for (const m of c.monitors) {
          const v = m.atQuiescence?.(c.ctx);
          if (v) this.forkedViolations.push(`${v.property} @${v.step}: ${v.message}`);
        }
      }
      const findings = c.ctx.kernel.findings;
      for (; c.findings < findings.length; c.findings++) {
        const f = findings[c.findings];
        if (f !== undefined) this.forkedViolations.push(`${f.property} @${f.step}: ${f.message}`);
      }
      const mine = [...keyedState(ctx, this.monitors).keys].join('\n');
      const theirs = [...keyedState(c.ctx, c.monitors).keys].join('\n');
      if (mine !== theirs) this.mismatches.push(`after step ${ctx.kernel.steps}:\n${mine}\n---\n${theirs}`);
    }
    this.maybeFork(ctx, choices);
    return false;
  }

  private maybeFork(ctx: MonitorContext, choices: Choices): void {
    if (this.copy !== null || ctx.kernel.steps < this.at) return;
    const forked = forkWorld(ctx.kernel, ctx.setup as PoolWorld);
    if (forked === null) throw new Error('a C execution could not be forked');
    const copyCtx: MonitorContext = { kernel: forked.kernel, program: ctx.program, setup: forked.world };
    const copy = { ctx: copyCtx, monitors: this.monitors.map((m) => m.fork?.(copyCtx) ?? m), cursor: choices.kinds.length, findings: forked.kernel.findings.length };
    // The copy's value choices are the original's, read from the record as the original makes them.
    forked.kernel.chooser = {
      pickValue: () => {
        while (choices.kinds[copy.cursor] === 't') copy.cursor += 1;
        const v = choices.values[copy.cursor] ?? 0;
        copy.cursor += 1;
        return v;
      },
    };
    this.copy = copy;
  }
}

describe('a monitor forked with its world mid-run (forkWorld) goes on as the original', () => {
  const cases: { mutant: string; scenario: string | Scenario; fails: string }[] = [
    { mutant: 'free-refills-only-empty', scenario: refill2, fails: 'RESERVE' },
    { mutant: 'first-pass-wait', scenario: 'pair2', fails: 'FORCED-GFP' },
    { mutant: 'alloc-pop-unlocked', scenario: 'pair2', fails: 'OWNERSHIP' },
  ];
  for (const c of cases) {
    it(`c-mutant:${c.mutant} on ${typeof c.scenario === 'string' ? c.scenario : c.scenario.name}: forked after any step before ${c.fails} fails`, () => {
      const scenario = typeof c.scenario === 'string' ? scenarioNamed(c.scenario) : c.scenario;
      // Sharing learned first and frozen (as test/scenarios/fork.test.ts does): it then decides alike for the original and the copy.
      const learning = scenarioProgram(scenario, cMutant(c.mutant));
      explore(learning, makeScheduler('dfs', { seed: 1 }), [], { maxExecutions: 100, stopOnFailure: false, keepFailures: 0 }, { maxSteps: 300 });
      const program = scenarioProgram(scenario, cMutant(c.mutant), { sharing: Sharing.fromSnapshot(sharingOf(learning).snapshot()) });
      let failing: ExecutionResult | undefined;
      const budget = { maxExecutions: 20_000, stopOnFailure: false, keepFailures: 0, outOfTime: () => failing !== undefined };
      explore(program, makeScheduler('dfs', { seed: 1 }), monitorsFor({ profile: 'v4.1', ids: [c.fails] }), budget, { maxSteps: MAX_STEPS }, (r) => {
        if (failing === undefined && r.violations.some((v) => v.property === c.fails)) failing = r;
      });
      if (failing === undefined) throw new Error('no failing execution');
      const when = failing.violations.find((v) => v.property === c.fails)?.step ?? 0;
      const last = lastConcurrentStep(program, failing);
      let checkedFailure = 0;
      for (let k = 0; k < Math.min(when, last); k++) {
        const monitors = monitorsFor({ profile: 'v4.1' });
        const watch = new Lockstep(k, monitors);
        const original = runExecution(program, new ReplayScheduler(failing.choices), monitors, { maxSteps: MAX_STEPS, watch });
        expect([k, watch.mismatches]).toEqual([k, []]);
        // What the original monitors reported after the fork, step by step, the copies reported too.
        const early = new Set(original.violations.filter((v) => v.step <= k).map((v) => v.property));
        const byOriginal = original.violations.filter((v) => v.step > k && !early.has(v.property) && v.step <= last).map((v) => `${v.property} @${v.step}: ${v.message}`);
        for (const v of byOriginal) expect([k, watch.forkedViolations]).toEqual([k, expect.arrayContaining([v])]);
        if (byOriginal.some((v) => v.startsWith(c.fails))) checkedFailure += 1;
      }
      // The failure itself was reproduced by copies forked before it.
      expect(checkedFailure).toBeGreaterThan(0);
    });
  }
});
