/**
 * Is an edited seed still the seed? For tests of C rewrites that must change nothing observable: the
 * operations it issues against the seed's C for the same choices, and the state graph a fine-grained
 * stateful search builds (states saved between any two operations, so mid-function frames are copied).
 */
import type { AnyPoolImpl } from '../../impl/pool-impl.ts';
import { monitorsFor } from '../../properties/registry.ts';
import { scenarioProgram } from '../../scenarios/program.ts';
import { scenarioNamed } from '../../scenarios/registry.ts';
import { exploreStateful } from '../explorer/stateful-check.ts';
import { compareOps } from './differential.ts';
import { seedImpl } from './helpers.ts';

/** The first operation `impl` issues differently from the seed's C on scenario `name` (dpor, sc, up to 300 executions), and whether anything ran. */
export function seedDifference(impl: AnyPoolImpl, name: string): { name: string; ran: boolean; difference: string | null } {
  const { runs, difference } = compareOps(scenarioNamed(name), seedImpl(), impl, { strategy: 'dpor', memory: 'sc', maxExecutions: 300, maxSteps: 300 });
  return { name, ran: runs > 0, difference };
}

/** The fine-grained stateful search of scenario `name` under v4.1: whether it ended, its graph's size, what failed. */
export function fineStateGraph(impl: AnyPoolImpl, name: string, restore: boolean): { complete: boolean; states: number; transitions: number; failed: string[] } {
  const monitors = monitorsFor({ profile: 'v4.1' }).filter((m) => m.writeState !== undefined);
  const r = exploreStateful(scenarioProgram(scenarioNamed(name), impl, { fineGrained: true }), monitors, Number.MAX_SAFE_INTEGER, 2000, undefined, restore);
  return { complete: r.result.complete, states: r.search.graph.nodes, transitions: r.search.graph.edges, failed: [...r.failed].sort() };
}
