/**
 * Restoring saved states is an optimisation of the stateful search and must not change what it
 * explores: on the seed's C, continuing runs from saved copies of the world and the monitors
 * (scenarios/fork.ts, Monitor.fork) builds the same state graph — the same states, transitions and
 * runs — and finds the same failures as re-executing every prefix. Scenarios with a sleeping thread
 * (wait entries shared by a wait queue and a C frame), a livelock (resize3) and weak memory included.
 */
import { describe, expect, it } from 'vitest';
import { monitorsFor } from '../../properties/registry.ts';
import { scenarioProgram } from '../../scenarios/program.ts';
import { scenarioNamed } from '../../scenarios/registry.ts';
import { memoryFactory } from '../../kernel/rt/weak/factory.ts';
import { exploreStateful } from '../explorer/stateful-check.ts';
import { seedImpl } from './helpers.ts';

const c = seedImpl();

function searched(name: string, weak: boolean, restore: boolean) {
  const program = scenarioProgram(scenarioNamed(name), c, weak ? { memory: memoryFactory({ model: 'weak' }) } : {});
  const r = exploreStateful(program, monitorsFor({ profile: 'v4.1' }).filter((m) => m.writeState !== undefined), Number.MAX_SAFE_INTEGER, 2000, undefined, restore);
  return { complete: r.result.complete, states: r.search.graph.nodes, transitions: r.search.graph.edges, runs: r.result.executions, failed: [...r.failed].sort(), resumed: r.resumed };
}

describe('stateful search: restoring saved states explores exactly what re-executing does (seed C)', () => {
  for (const [name, weak] of [['zero-min', false], ['resize-wake', false], ['resize3', false], ['pair2', true]] as const) {
    it(`${name} (${weak ? 'weak' : 'sc'})`, () => {
      const again = searched(name, weak, false);
      const restored = searched(name, weak, true);
      expect(again.resumed).toBe(0);
      // Every run after the first continues from a saved state (runs of a round abandoned when a merge
      // decision was refuted, kernel/rt/sharing.ts, are not in `runs` but were resumed too).
      expect(restored.resumed).toBeGreaterThanOrEqual(restored.runs - 1);
      expect({ ...restored, resumed: 0 }).toEqual({ ...again, resumed: 0 });
      expect(restored.complete).toBe(true);
    });
  }
});
