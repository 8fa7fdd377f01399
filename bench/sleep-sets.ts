/**
 * What partial-order reduction could remove from the stateful search (issue 10 Part 2), estimated
 * before it is built: the search runs once, recording every transition's footprint (the objects the
 * step touched, kernel/rt/footprint.ts); then a depth-first search with sleep sets (Godefroid, with
 * the revisit rule: a state reached again with a smaller sleep set explores what the stored one held
 * back) runs over the recorded graph, and counts the transitions it takes and the states it reaches.
 * A thread's transitions from a state (one per value choice in its step) count as one, with the
 * union of their footprints.
 *
 * It also reports the states the reduction misses whose world (memory, kernel objects, threads,
 * program; everything but the monitors' keys) it reaches: those differ only in what the monitors
 * remember, which depends on the order of steps the footprints call independent (the invoke and
 * return marks of operations are in no footprint). An estimate: the reduction is not part of the
 * checker. `npx tsx bench/sleep-sets.ts [scenario...]` (default: trio3 resize3 quad4; quad4 ~15 s).
 */
import { loadCImpl } from '../c/load.ts';
import { explore } from '../explorer/explore.ts';
import type { Monitor, MonitorContext } from '../explorer/monitor.ts';
import { StatefulScheduler } from '../explorer/stateful/scheduler.ts';
import { conflicts } from '../kernel/rt/footprint.ts';
import { worldFingerprintLines, writeWorld } from '../kernel/rt/state.ts';
import { monitorsFor } from '../properties/registry.ts';
import { scenarioProgram } from '../scenarios/program.ts';
import { scenarioNamed } from '../scenarios/registry.ts';

const impl = await loadCImpl('docs/seed/mempool.c');
const fmt = (n: number): string => n.toLocaleString('en-US');

/** A thread's step from a state: its edges (one per value choice inside it) and their footprints' union. */
interface Move {
  readonly edges: number[];
  readonly footprint: number[];
}

function estimate(name: string): string {
  const search = new StatefulScheduler((kernel, parts, out) => {
    // The world without the monitors' lines, remembered for the node this key adds if it is new.
    const { extra: _monitors, ...world } = parts;
    worldOf[search.graph.nodes] = worldFingerprintLines(kernel, world).join('\n');
    writeWorld(kernel, parts, out);
  });
  const worldOf: string[] = [];
  const footprintOf: number[][] = [];
  // Monitors run before the search's watch records the step: the edge it adds next is graph.edges.
  const recorder: Monitor = {
    name: 'FOOTPRINTS',
    afterStep: (ctx: MonitorContext) => {
      footprintOf[search.graph.edges] = ctx.kernel.footprint.slice();
      return null;
    },
    writeState: () => undefined,
    fork: () => recorder,
  };
  const monitors = [...monitorsFor().filter((m) => m.writeState !== undefined), recorder];
  const watch = search.watch(monitors);
  const budget = { maxExecutions: Number.MAX_SAFE_INTEGER, stopOnFailure: false, keepFailures: 0 };
  explore(scenarioProgram(scenarioNamed(name), impl), search, monitors, budget, { maxSteps: 2000, lasso: 'off', watch, resume: watch });
  const g = search.graph;

  const moves = new Map<number, Map<number, Move>>();
  for (let e = 0; e < g.edges; e++) {
    const from = g.edgeFrom.get(e);
    const byThread = moves.get(from) ?? new Map<number, Move>();
    moves.set(from, byThread);
    const tid = g.edgeTid.get(e);
    const move = byThread.get(tid) ?? { edges: [], footprint: [] };
    byThread.set(tid, move);
    move.edges.push(e);
    move.footprint.push(...(footprintOf[e] ?? []));
  }

  /** The sleep set each reached state was stored with (threads only: their footprints travel with the search). */
  const stored = new Map<number, Set<number>>();
  type Sleep = Map<number, readonly number[]>;
  const stack: { state: number; sleep: Sleep; todo: number[]; next: number; done: [number, readonly number[]][] }[] = [];
  const enter = (state: number, sleep: Sleep): void => {
    const out = moves.get(state) ?? new Map<number, Move>();
    const before = stored.get(state);
    let todo: number[];
    if (before === undefined) {
      stored.set(state, new Set(sleep.keys()));
      todo = [...out.keys()].filter((t) => !sleep.has(t));
    } else {
      // Reached again: what the stored sleep set held back and this one does not.
      todo = [...before].filter((t) => !sleep.has(t) && out.has(t));
      stored.set(state, new Set([...before].filter((t) => sleep.has(t))));
    }
    stack.push({ state, sleep, todo, next: 0, done: [] });
  };
  let taken = 0;
  for (let n = g.nodes - 1; n >= 0; n--) if (g.rootOf(n) === n) enter(n, new Map());
  while (stack.length > 0) {
    const f = stack[stack.length - 1] as (typeof stack)[number];
    if (f.next >= f.todo.length) {
      stack.pop();
      continue;
    }
    const tid = f.todo[f.next++] as number;
    const move = (moves.get(f.state) as Map<number, Move>).get(tid) as Move;
    taken += move.edges.length;
    const childSleep: Sleep = new Map();
    for (const [t, fp] of [...f.sleep, ...f.done]) if (!conflicts(fp, move.footprint)) childSleep.set(t, fp);
    f.done.push([tid, move.footprint]);
    for (const to of new Set(move.edges.map((e) => g.edgeTo.get(e)))) if (to >= 0) enter(to, childSleep);
  }

  const reachedWorlds = new Set<string>();
  for (const n of stored.keys()) reachedWorlds.add(worldOf[n] as string);
  let missed = 0;
  let missedSameWorld = 0;
  for (let n = 0; n < g.nodes; n++) {
    if (stored.has(n)) continue;
    missed += 1;
    if (reachedWorlds.has(worldOf[n] as string)) missedSameWorld += 1;
  }
  const pct = (100 * taken) / g.edges;
  return `| ${name} | ${fmt(g.nodes)} | ${fmt(g.edges)} | ${fmt(taken)} (${pct.toFixed(1)}%) | ${fmt(stored.size)} | ${fmt(missed)} (${fmt(missedSameWorld)} of them with a reached world) |`;
}

console.log('| scenario | states | transitions | with sleep sets | states reached | states missed |');
console.log('|---|--:|--:|--:|--:|--:|');
for (const name of process.argv.length > 2 ? process.argv.slice(2) : ['trio3', 'resize3', 'quad4']) console.log(estimate(name));
