/**
 * LINEARIZABLE as a stateful search checks it (properties/lin/online.ts, online-monitor.ts) against
 * the offline check the stateless explorers run (properties/linearizable.ts), run side by side on the
 * same executions:
 * - it never passes a run the offline check fails (its anchoring only removes placements, and a guess
 *   taken ahead of a call must turn out to be the step the call certifies);
 * - a refusal it reports is the offline check's verdict on the history so far (confirmed), else the
 *   run is undecided: the counts below show how often that happens;
 * - on the port it agrees with the offline check everywhere: random programs with every operation
 *   kind, every schedule;
 * - trimming what an operation in flight observed (model/online.ts) changes nothing its later calls
 *   certify.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { explore } from '../../explorer/explore.ts';
import type { Monitor } from '../../explorer/monitor.ts';
import { makeScheduler } from '../../explorer/strategies/registry.ts';
import { builtinImplNames, implNamed, PORT } from '../../impl/registry.ts';
import type { AnyPoolImpl } from '../../impl/pool-impl.ts';
import type { MemoryModelName } from '../../kernel/rt/memory.ts';
import { memoryFactory } from '../../kernel/rt/weak/factory.ts';
import type { Profile } from '../../model/profile.ts';
import { linearizable } from '../../properties/linearizable.ts';
import { onlineLinearizable } from '../../properties/lin/online-monitor.ts';
import { boundFor } from '../../run/bound.ts';
import { scenarioProgram } from '../../scenarios/program.ts';
import { scenarioArb } from '../../scenarios/random.ts';
import { scenarioNamed } from '../../scenarios/registry.ts';
import { describeScenario, type Scenario } from '../../scenarios/spec.ts';

vi.setConfig({ testTimeout: 900_000 });

interface Tally {
  /** Both failed the run. */
  both: number;
  /** Both passed it. */
  neither: number;
  /** The offline check failed it, the online one passed it: must never happen. */
  missed: string[];
  /** The online check failed it at a cut the offline check confirmed, the offline check passed the whole run. */
  earlier: number;
  /** Either was undecided. */
  unknown: number;
}

const tally = (): Tally => ({ both: 0, neither: 0, missed: [], earlier: 0, unknown: 0 });

/** Both checks on one run, compared at its end. */
function sideBySide(t: Tally, label: string, profile: Profile): Monitor {
  const offline = linearizable.create(profile);
  const online = onlineLinearizable(profile);
  if (online === null) throw new Error(`${profile} supports the online check`);
  return {
    name: 'SIDE-BY-SIDE',
    start: (ctx) => {
      offline.start?.(ctx);
      online.start?.(ctx);
      return null;
    },
    afterStep: (ctx, tid) => {
      offline.afterStep?.(ctx, tid);
      online.afterStep?.(ctx, tid);
      return null;
    },
    atEnd: (ctx, end) => {
      const a = offline.atEnd?.(ctx, end) ?? [];
      const b = online.atEnd?.(ctx, end) ?? [];
      if (end !== 'terminated' && end !== 'blocked' && end !== 'step-limit') return [];
      if (offline.unknown?.() != null || online.unknown?.() != null) t.unknown += 1;
      else if (a.length > 0 && b.length > 0) t.both += 1;
      else if (a.length > 0) t.missed.push(`${label}: ${a[0]?.message ?? ''}`);
      else if (b.length > 0) t.earlier += 1;
      else t.neither += 1;
      return [];
    },
  };
}

function compare(t: Tally, s: Scenario, impl: AnyPoolImpl, memory: MemoryModelName, strategy: string, maxExecutions: number, profile: Profile): void {
  const bound = strategy === 'dfs' ? null : boundFor(s, memory, impl.name);
  const scheduler = bound === null ? makeScheduler(strategy, { seed: 1 }) : makeScheduler('bounded-dpor', { seed: 1, maxPreemptions: bound.maxPreemptions });
  const program = scenarioProgram(s, impl, { memory: memoryFactory({ model: memory }) });
  explore(program, scheduler, [sideBySide(t, `${s.name} ${impl.name} ${memory}`, profile)], { maxExecutions, stopOnFailure: false, keepFailures: 0 }, undefined, () => {});
}

/** The mutants a run of these scenarios can break (the ones that cannot run at all are left out). */
const MUTANTS = builtinImplNames().filter((n) => n.startsWith('mutant:') && n !== 'mutant:free-fn-unset');

describe.each(['v4.1', 'contract'] as const)('the online LINEARIZABLE check against the offline one, side by side, under %s', (profile) => {
  it('never passes a run the offline check fails: named scenarios, the port and every mutant, both memory models', () => {
    const t = tally();
    for (const memory of ['sc', 'weak'] as const) {
      for (const name of ['pair2', 'trio3', 'grow2', 'resize3']) {
        for (const impl of ['v4.1', ...MUTANTS]) compare(t, scenarioNamed(name), implNamed(impl), memory, 'dpor', 400, profile);
      }
    }
    expect(t.missed).toEqual([]);
    // Not vacuous: both checks fail many runs of the mutants and pass many others.
    expect(t.both).toBeGreaterThan(1000);
    expect(t.neither).toBeGreaterThan(1000);
    // Undecided runs (the online check refused what the offline one explains) stay rare: 9 and 2 of
    // about 51,000 (v4.1, contract) when this was written.
    expect(t.unknown).toBeLessThan((t.both + t.neither) / 1000);
  });

  it('agrees with the offline check on the port: random programs with every operation kind, every schedule (dfs)', () => {
    const t = tally();
    fc.assert(
      fc.property(scenarioArb({ maxThreads: 2, maxCommands: 4 }), (s) => {
        compare(t, s, PORT, 'sc', 'dfs', 5000, profile);
        if (t.both + t.missed.length + t.earlier + t.unknown > 0) throw new Error(`${describeScenario(s)}: ${JSON.stringify(t)}`);
      }),
      { seed: 7, numRuns: 150 },
    );
    expect(t.neither).toBeGreaterThan(150);
  });
});
