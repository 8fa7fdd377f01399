/** `mempool-check gate`: the summary table, the comparison with known findings, and exit codes. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { raceRunJson, racesJson } from '../../report/document.ts';
import { raceLines } from '../../report/gate.ts';
import { runUnit } from '../../run/gate/unit.ts';
import { gatePlan, NO_TIME_LIMIT, type GateUnit } from '../../run/gate/plan.ts';
import { resolveImpl } from '../../impl/resolve.ts';
import { RunControl } from '../../run/control.ts';
import { classify } from '../../run/known.ts';
import { scenarioNamed } from '../../scenarios/registry.ts';
import type { SessionResult } from '../../run/session.ts';
import { capture } from './io.ts';
import { knownRacesFor } from '../../config/project.ts';

async function run(args: string[], options = {}) {
  const c = capture(options);
  const code = await main(args, c.io);
  return { code, out: c.out, err: c.err };
}

/** The seed's C under another path: no project entry, so no known LIVELOCK bounds its search. */
function seedCopy(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'seed-copy-')), 'patched.c');
  writeFileSync(file, readFileSync('docs/seed/mempool.c'));
  return file;
}

const result = (over: Partial<SessionResult>): SessionResult => ({
  verdict: 'pass',
  executions: 10,
  failedExecutions: 0,
  failedProperties: [],
  cutExecutions: 0,
  unknownExecutions: 0,
  unknownProperties: [],
  complete: true,
  stoppedBy: 'done',
  coverage: 'everything',
  maxSteps: 5,
  best: null,
  bestByProperty: new Map(),
  unexplainedProperties: [],
  bestUnexplained: new Map(),
  explainedProperties: [],
  ...over,
});

const lostWakeup = new Map([
  ['NO-LOST-WAKEUP', 'min_nr 0'],
  ['NO-DEADLOCK', 'min_nr 0'],
]);
const none = new Map<string, string>();

/** A failing result: properties whose failures a known cause explained, and those it did not. */
const failing = (explained: string[], unexplained: string[] = [], over: Partial<SessionResult> = {}): SessionResult =>
  result({
    verdict: 'fail',
    failedExecutions: 3,
    failedProperties: [...new Set([...explained, ...unexplained])].sort(),
    explainedProperties: explained,
    unexplainedProperties: unexplained,
    ...over,
  });

describe('gate classification', () => {
  it('a complete pass where a pass is expected is ok', () => {
    expect(classify(none, result({})).status).toBe('ok');
  });
  it('a listed property failing where its cause holds is a known finding; any other one is unexpected', () => {
    expect(classify(lostWakeup, failing(['NO-DEADLOCK', 'NO-LOST-WAKEUP']))).toMatchObject({ status: 'known', known: ['NO-DEADLOCK', 'NO-LOST-WAKEUP'], unexpected: [], missing: [] });
    const other = failing(['NO-LOST-WAKEUP'], ['BOUNDS']);
    expect(classify(lostWakeup, other)).toMatchObject({ status: 'unexpected', known: ['NO-LOST-WAKEUP'], unexpected: ['BOUNDS'] });
    expect(classify(none, failing([], ['BOUNDS'])).status).toBe('unexpected');
  });
  it('a listed property failing where its cause does not hold is unexpected, even beside explained failures', () => {
    const c = classify(lostWakeup, failing(['NO-DEADLOCK', 'NO-LOST-WAKEUP'], ['NO-LOST-WAKEUP']));
    expect(c).toMatchObject({ status: 'unexpected', unexpected: ['NO-LOST-WAKEUP'] });
    expect(c.why).toMatch(/NO-LOST-WAKEUP also failed where its known cause does not hold/);
  });
  it('a known finding that no longer shows up (or only for another cause) in a complete exploration is missing', () => {
    expect(classify(lostWakeup, result({})).status).toBe('missing');
    expect(classify(lostWakeup, failing(['NO-DEADLOCK']))).toMatchObject({ status: 'missing', missing: ['NO-LOST-WAKEUP'] });
  });
  it('an exploration stopped by a budget is incomplete unless something unexpected already failed', () => {
    expect(classify(none, result({ verdict: 'incomplete', complete: false, stoppedBy: 'time' })).status).toBe('incomplete');
    expect(classify(lostWakeup, failing(['NO-DEADLOCK'], [], { complete: false, stoppedBy: 'time' })).status).toBe('incomplete');
    expect(classify(lostWakeup, failing([], ['OWNERSHIP'], { complete: false, stoppedBy: 'time' })).status).toBe('unexpected');
  });
});

describe('gate command', () => {
  it('explores a livelocked scenario within its preemption bound and finds the livelock separately, as a fair lasso', async () => {
    // No wall-clock limit in a test: the budget is far beyond what the exploration needs.
    const r = await run(['gate', '--no-sequential', '--scenarios', 'resize3', '--race-executions', '0', '--time-per-scenario', '3600']);
    expect(r.code).toBe(0);
    const out = r.out.join('\n');
    expect(out).toMatch(/resize3\s+sc\s+bounded-dpor≤3\+lasso\s+[\d,]+\s+fail\s+LIVELOCK\s+known finding/);
    // The ping-pong's cycle: the grow's step, the shrink's pop and its free of the element (test/scenarios/livelock.test.ts).
    expect(out).toMatch(/resize3 \(sc\): covered every Mazurkiewicz trace with at most 3 preemptions; a fair lasso \(a prefix of \d+ steps, a cycle of 3\) found in \d+ random walks/);
    // Under weak memory the same lasso exists (every load reads the newest message); no RESERVE finding:
    // a free racing the grow may use the old min_nr (properties/reserve.ts).
    expect(out).toMatch(/resize3\s+weak\s+bounded-dpor≤3\+lasso\s+[\d,]+\s+fail\s+LIVELOCK\s+known finding/);
  });

  it('runs the sequential check and the scenarios, prints the table and passes: exit 0', async () => {
    const r = await run(['gate', '--scenarios', 'pair2,grow2']);
    expect(r.code).toBe(0);
    expect(r.out[0]).toMatch(/^sequential model-based check on v4\.1: pass \(\d+ command sequences, \d+ commands\)$/);
    expect(r.out.some((l) => /^ {2}GFP classes: .*GFP_KERNEL \d+/.test(l))).toBe(true);
    expect(r.out).toContain('scenario  memory  strategy  executions  verdict  failed properties  status');
    for (const memory of ['sc', 'weak']) expect(r.out.some((l) => new RegExp(`^pair2 +${memory} +dpor +\\d+ +pass +- +ok$`).test(l))).toBe(true);
    expect(r.out.some((l) => /^plain-access races on v4\.1 \(happens-before; dpor, up to 300 executions a scenario\): [\d,]+ executions over 2 scenarios, 2 explored completely$/.test(l))).toBe(true);
    expect(r.out[r.out.length - 1]).toBe('gate: PASS (4 rows (2 scenarios under sc and weak memory), 0 known findings, 0 known races)');
  });

  it('the closing line counts what was printed: rows, one known finding per line listed', async () => {
    const r = await run(['gate', '--scenarios', 'zero-min', '--no-sequential', '--race-executions', '0']);
    expect(r.code).toBe(0);
    const rows = r.out.filter((l) => /^zero-min +(sc|weak) +/.test(l)).length;
    const known = r.out.filter((l) => /^zero-min \((sc|weak)\): known finding /.test(l)).length;
    // zero-min fails NO-DEADLOCK and NO-LOST-WAKEUP, both known, under both memory models: 2 rows, 4 lines.
    expect([rows, known]).toEqual([2, 4]);
    expect(r.out[r.out.length - 1]).toBe(`gate: PASS (${rows} rows (1 scenario under sc and weak memory), ${known} known findings)`);
  });

  it('refuses a time budget that is not positive', async () => {
    for (const budget of ['0', '-1', '0.0']) {
      const r = await run(['gate', '--time-per-scenario', budget]);
      expect(r.code).toBe(2);
      expect(r.err).toEqual([`mempool-check gate: option --time-per-scenario must be greater than 0, got ${budget}`]);
    }
  });

  it('says incomplete and exits 3 when a scenario does not finish in its time budget', async () => {
    const r = await run(['gate', '--scenarios', 'quad4', '--no-sequential', '--time-per-scenario', '0.2', '--json'], { tick: 10 });
    expect(r.code).toBe(3);
    const json = JSON.parse(r.out.join('\n'));
    expect(json).toMatchObject({ implementation: 'v4.1', verdict: 'incomplete', sequential: null });
    expect(json.scenarios[0]).toMatchObject({ scenario: 'quad4', complete: false, status: 'incomplete' });
  });

  it("a C file with no project entry, cut short on resize3: each row says where a complete verdict comes from, and that command gives one", async () => {
    const file = seedCopy();
    const r = await run(['gate', '--impl', `c:${file}`, '--profile', 'v4.1', '--scenarios', 'resize3', '--no-sequential', '--race-executions', '0', '--time-per-scenario', '0.2', '--json'], { tick: 10 });
    expect(r.code).toBe(3);
    const rows = JSON.parse(r.out.join('\n')).scenarios as { memory: string; coverage: string }[];
    expect(rows).toMatchObject([
      { scenario: 'resize3', memory: 'sc', strategy: 'dpor', status: 'incomplete' },
      { scenario: 'resize3', memory: 'weak', strategy: 'dpor', status: 'incomplete' },
    ]);
    const commands = rows.map((row) => /`mempool-check (explore [^`]+)`/.exec(row.coverage)?.[1]);
    // Under weak memory within a window of readable stores: the ping-pong's stores would pile up without one.
    expect(commands).toEqual([
      `explore resize3 --impl c:${file} --profile v4.1 --memory sc --strategy stateful --all`,
      `explore resize3 --impl c:${file} --profile v4.1 --memory weak --window 2 --strategy stateful --all`,
    ]);
    // The seed's grow/shrink ping-pong, found exactly by the stateful search: a complete failing verdict.
    for (const command of commands) {
      const stateful = await run([...(command as string).split(' '), '--json']);
      expect(stateful.code).toBe(1);
      expect(JSON.parse(stateful.out.join('\n'))).toMatchObject({ verdict: 'fail', complete: true, failedProperties: ['LIVELOCK'] });
    }
  });

  it('docs plans every run to end: a C file with no known livelock is explored within resize3\'s bound, and its lasso is found apart', async () => {
    const file = seedCopy();
    const impl = await resolveImpl(`c:${file}`);
    const plan = (bounded: boolean) => gatePlan({ impl, profile: 'v4.1', scenarios: [scenarioNamed('resize3'), scenarioNamed('pair2')], memories: ['sc'], sequential: false, timeLimit: NO_TIME_LIMIT, raceBudget: 0, bounded });
    expect(plan(false).map((u) => u.kind === 'scenario' && u.bounded === true)).toEqual([false, false]);
    // Only the scenario that declares a bound is bounded.
    const units = plan(true);
    expect(units.map((u) => u.kind === 'scenario' && u.bounded === true)).toEqual([true, false]);
    const o = await runUnit(units[0] as GateUnit, new RunControl(capture().io, { label: 'test', style: 'off' }));
    if (o.kind !== 'scenario') throw new Error(`not a scenario outcome: ${o.kind}`);
    expect(o).toMatchObject({ strategy: `bounded-dpor≤${scenarioNamed('resize3').bound?.maxPreemptions}+lasso`, result: { complete: true, failedProperties: ['LIVELOCK'] } });
  });

  it("reports the seed's known races with their seed lines, in the table's JSON too", async () => {
    const r = await run(['gate', '--scenarios', 'atomic2', '--no-sequential', '--memory', 'sc', '--json']);
    expect(r.code).toBe(0);
    const { races } = JSON.parse(r.out.join('\n'));
    expect(races).toMatchObject({ unknown: 0, complete: ['atomic2'] });
    expect(races.races).toEqual([
      expect.objectContaining({ known: 'free-lockless-curr_nr', location: 'pool->curr_nr', against: ['L22', 'L28'], scenarios: ['atomic2'] }),
    ]);
    expect(races.races[0].first).toMatchObject({ access: 'plain load', site: 'L317' });
  });

  it('a race that is not a known finding is UNEXPECTED (shown on a mutant that pops the reserve without the lock)', async () => {
    const races = async (impl: string) => {
      const o = await runUnit({ kind: 'races', id: 'races/pair2', index: 0, impl, scenario: scenarioNamed('pair2'), budget: 300, knownRaces: knownRacesFor(impl) }, new RunControl(capture().io, { label: 'test', style: 'off' }));
      if (o.kind !== 'races') throw new Error(`not a race outcome: ${o.kind}`);
      return racesJson(impl, 300, [raceRunJson(o)]);
    };
    const mutant = await races('mutant:alloc-pop-unlocked');
    expect(mutant.complete).toEqual(['pair2']);
    expect(mutant.unknown).toBeGreaterThan(0);
    expect(raceLines(mutant).some((l) => /^ {2}UNEXPECTED RACE: pool->curr_nr: .*L223.* \(pair2\)$/.test(l))).toBe(true);
    expect((await races('v4.1')).unknown).toBe(0);
  });

  it('refuses an unknown scenario with one line: exit 2', async () => {
    const r = await run(['gate', '--scenarios', 'pair2,nope']);
    expect(r.code).toBe(2);
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toMatch(/unknown scenario 'nope'/);
  });
});
