/**
 * The gate on the correct pool written from scratch in examples/ — named by its path as a user names
 * theirs — checked against the contract: the gate's whole plan (the sequential check, every named
 * scenario under both memory models, the race pass). It has no known findings and no known races, so
 * every row must be ok and every race pass clean. resize3 and quad4 included: the gate explores them
 * within a preemption bound only for an implementation known to livelock there (the seed's ping-pong,
 * run/bound.ts); this pool has no such finding, so they are explored completely like every other
 * scenario, and the whole gate passes (exit 0).
 * examples/freelist-pool/pool.ts keeps its reserve in a free list threaded through the elements
 * themselves. (examples/locked-stack/pool.ts, the worked example of docs/your-allocator.md, keeps the
 * seed's zero-minimum behaviour on purpose: its project file there accepts those findings.)
 */
import { describe, expect, it, vi } from 'vitest';
import { fileURLToPath } from 'node:url';
import { implName } from '../../lib/impl.ts';
import { knownFindingsFor } from '../../properties/known-findings.ts';
import { gateDocument } from '../../report/document.ts';
import { withControl } from '../../run/control.ts';
import { inThisThread, runPlan } from '../../run/gate/orchestrate.ts';
import { gatePlan, NO_TIME_LIMIT } from '../../run/gate/plan.ts';
import type { CommandIo } from '../../run/io.ts';
import { monitorsOf } from '../../run/monitors.ts';
import { checkedProperties } from '../../run/properties.ts';
import { recordedCounterexample } from '../../run/replay.ts';
import { SCENARIOS } from '../../scenarios/registry.ts';

// The whole gate took 44 s from the command line on the 2-core machine (2026-12-05): a limit of about
// four times that catches a hang without failing a slower machine (vitest.config.ts: 60 s otherwise).
vi.setConfig({ testTimeout: 200_000 });

const ALL = [...SCENARIOS.values()];

const EXAMPLES = ['freelist-pool'];
const quiet: CommandIo = { out: () => undefined, err: () => undefined };
const RACE_BUDGET = 300;

describe.each(EXAMPLES)('gate on examples/%s under the contract', (example) => {
  it('passes: the sequential check, every row ok under both memory models, no race', async () => {
    const impl = await implName(fileURLToPath(new URL(`../../examples/${example}/pool.ts`, import.meta.url)));
    for (const s of ALL) expect([s.name, knownFindingsFor(s.name, impl)]).toEqual([s.name, []]);
    const plan = gatePlan({ impl, profile: 'contract', scenarios: ALL, memories: ['sc', 'weak'], sequential: true, timeLimit: NO_TIME_LIMIT, raceBudget: RACE_BUDGET });
    const result = await withControl(quiet, { label: 'gate', style: 'off' }, (control) => runPlan(plan, inThisThread, control, quiet));
    const ids = plan.map((u) => u.id);
    const doc = gateDocument({
      command: 'gate',
      implementation: impl,
      all: ids,
      units: ids,
      shard: null,
      outcomes: result.outcomes,
      counterexample: (ref) => recordedCounterexample(ref, monitorsOf),
      interrupted: false,
      running: false,
      properties: checkedProperties('contract'),
      settings: { timePerScenario: NO_TIME_LIMIT, memory: 'sc,weak', raceExecutions: RACE_BUDGET, scenarios: ALL.map((s) => s.name).join(','), shard: null },
      raceBudget: RACE_BUDGET,
    });
    expect(doc.errors).toEqual([]);
    expect([doc.sequential?.profile, doc.sequential?.verdict]).toEqual(['contract', 'pass']);
    expect(doc.scenarios.map((r) => [r.scenario, r.memory, r.status])).toEqual(ALL.map((s) => s.name).flatMap((name) => [
      [name, 'sc', 'ok'],
      [name, 'weak', 'ok'],
    ]));
    expect(doc.races?.races).toEqual([]);
    expect([doc.verdict, doc.complete]).toEqual(['pass', true]);
  });
});
