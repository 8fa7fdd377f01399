/**
 * A run in slices (run/slices.ts: the commands yield to their event loop between executions, as often
 * as their clock says) must give what one uninterrupted run gives, wherever the slices fall.
 *
 * The case that once broke it: the exploration starts over when a later execution refutes a fact an
 * earlier step merge rested on (kernel/rt/sharing.ts), and a restart inside a slice left the new round
 * only the budget the abandoned round had left at the slice's start. Where the slices fell decided how
 * many executions the final round got, so a mutant found late in its budget (grow-no-null-check on
 * meta-faults under weak memory, found at its round's 706th execution) went uncaught in some
 * generations of docs/invariants.md and not in others.
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../../explorer/explore.ts';
import { monitorsOf } from '../../run/monitors.ts';
import { detectRacesAsync } from '../../run/races.ts';
import { defaultConfig, programOf, type RunConfig } from '../../run/run-config.ts';
import { ExploreSession } from '../../run/session.ts';
import { completeScheduler } from '../../run/strategy.ts';
import { scenarioNamed } from '../../scenarios/registry.ts';
import { sharingOf } from '../../explorer/execution.ts';
import { runUnit } from '../../run/gate/unit.ts';
import { RunControl } from '../../run/control.ts';
import { capture } from '../cli/io.ts';
import '../../impl/mutants/registry.ts';

/**
 * A configuration with a program of its own: programs are cached per scenario object and keep the
 * facts they learned (so a second run on the same one would not start over at all).
 */
function freshConfig(scenario: string, impl: string, memory: 'sc' | 'weak'): RunConfig {
  return { ...defaultConfig({ ...scenarioNamed(scenario) }, impl), memory };
}

/** Where the exploration of `config` starts over: the executions each abandoned round ran. */
function restartsOf(config: RunConfig, budget: number): number[] {
  const at: number[] = [];
  let n = 0;
  const budgetWithLog = { maxExecutions: budget, stopOnFailure: false, keepFailures: 0, onRestart: () => void at.push(n) };
  explore(programOf(config), completeScheduler(), [], budgetWithLog, { maxSteps: config.maxSteps, lasso: 'off' }, () => void (n += 1));
  return at.map((end, i) => end - (at[i - 1] ?? 0));
}

/** A session ended by its budget, yielding every `every` executions (null: never). */
function sessionIn(config: RunConfig, budget: number, every: number | null) {
  const session = new ExploreSession(programOf(config), completeScheduler(), monitorsOf(config), { maxExecutions: budget, maxSteps: config.maxSteps, all: true, searchAfterFailure: 0 });
  let asked = 0;
  // A slice that runs nothing would loop for ever (once it did, with a slice per execution): fail instead.
  for (let slices = 0; !session.finished; slices++) {
    if (slices > 2 * budget + 10) throw new Error(`no end after ${slices} slices of ${every} executions`);
    session.runSlice(() => every !== null && ++asked % every === 0);
  }
  const r = session.result();
  return { verdict: r.verdict, executions: r.executions, failed: r.failedProperties, stoppedBy: r.stoppedBy };
}

describe('a session in slices gives what it gives in one', () => {
  it('grow2 starts over twice after some executions (the case this is about)', () => {
    // Measured: rounds of 0, 5 and 18 executions are abandoned; a budget of 40 ends inside the last round.
    const rounds = restartsOf(freshConfig('grow2', 'v4.1', 'sc'), 40);
    expect(rounds.filter((n) => n > 0).length).toBeGreaterThanOrEqual(2);
    expect(Math.max(...rounds)).toBeLessThan(40);
  });

  it('on grow2 with a budget below its size, for every slice length from 1 to 45', () => {
    const whole = sessionIn(freshConfig('grow2', 'v4.1', 'sc'), 40, null);
    // The budget ends it: grow2 has 58 executions (test/explorer counts), so all 40 are the final round's.
    expect(whole).toMatchObject({ executions: 40, stoppedBy: 'executions', verdict: 'incomplete' });
    for (let every = 1; every <= 45; every++) expect({ every, ...sessionIn(freshConfig('grow2', 'v4.1', 'sc'), 40, every) }).toEqual({ every, ...whole });
  });

  it('the docs flake: grow-no-null-check on meta-faults under weak memory is caught with slices of 600', () => {
    const config = (): RunConfig => freshConfig('meta-faults', 'mutant:grow-no-null-check', 'weak');
    const whole = sessionIn(config(), 1000, null);
    expect(whole.failed).toContain('NEVER-NULL');
    expect(sessionIn(config(), 1000, 600)).toEqual(whole);
  });
});

describe('a race pass in slices gives what it gives in one', () => {
  it('on grow2 with a budget below its size, for slice lengths 1 to 30', async () => {
    const pass = async (every: number | null) => {
      let asked = 0;
      let slices = 0;
      const breathe = async (): Promise<void> => {
        if (++slices > 90) throw new Error(`no end after ${slices} slices of ${every} executions`);
      };
      const pace = { sliceOver: () => every !== null && ++asked % every === 0, breathe, stopped: false };
      const r = await detectRacesAsync(freshConfig('grow2', 'v4.1', 'sc'), 40, pace, []);
      return { executions: r.executions, complete: r.complete, findings: r.findings.map((f) => `${f.location} ${f.count}`).sort() };
    };
    const whole = await pass(null);
    expect(whole.executions).toBe(40);
    for (let every = 1; every <= 30; every++) expect({ every, ...(await pass(every)) }).toEqual({ every, ...whole });
  });
});

describe('a gate unit starts from nothing another unit learned', () => {
  it('a unit run in this thread leaves no learned facts on the programs of the scenario object it was given', async () => {
    // The plan hands every unit the same scenario object; programs (and what they learn about step
    // merges) are cached per scenario object, so without a copy of its own the next unit on that
    // scenario would start with this one's facts.
    const scenario = { ...scenarioNamed('grow2') };
    const control = new RunControl(capture().io, { label: 'test', style: 'off' });
    const outcome = await runUnit({ kind: 'races', id: 'races/grow2', index: 0, impl: 'v4.1', scenario, budget: 40, knownRaces: [] }, control);
    expect(outcome.kind).toBe('races');
    // What the unit learned stayed with its own copy: the given scenario's program is new.
    expect(sharingOf(programOf(defaultConfig(scenario, 'v4.1'))).snapshot().entries).toEqual([]);
    // (A program that explored grow2 has facts to show: the check above can fail.)
    const explored = freshConfig('grow2', 'v4.1', 'sc');
    restartsOf(explored, 40);
    expect(sharingOf(programOf(explored)).snapshot().entries.length).toBeGreaterThan(0);
  });
});

