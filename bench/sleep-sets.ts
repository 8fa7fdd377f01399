/**
 * What partial-order reduction could remove from the stateful search (issue 10 Part 2), measured on
 * the state graph the search builds: the search runs once, recording every transition's footprint
 * (the objects the step touched, kernel/rt/footprint.ts) and whether it holds an operation's invoke
 * or return mark; then a depth-first search with sleep sets (Godefroid, with the revisit rule: a state
 * reached again with a smaller sleep set explores what the stored one held back) runs over the
 * recorded graph, and counts the transitions it takes and the states it reaches. A thread's
 * transitions from a state (one per value choice in its step) count as one, with the union of their
 * footprints.
 *
 * It runs twice, with two dependences:
 * - footprints alone: the runtime's own, which DPOR uses. Marks are in no footprint, so moving a mark
 *   past another thread's step is "independent", yet it changes what monitors remember (RESERVE's
 *   window opens at a free's invoke mark): the states this misses are counted, with how many of them
 *   have a world (memory, kernel objects, threads, program) that it does reach;
 * - footprints, and a step with a mark dependent on every step: the monitors' keys then do not depend
 *   on the order of independent steps (the "states missed" column shows none lost). This is the
 *   reduction the stateful search could use.
 * Neither is part of the checker (docs/architecture.md says why). `npx tsx bench/sleep-sets.ts
 * [scenario...]` (default: trio3 resize3 quad4; quad4 ~20 s).
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

/** A thread's step from a state: its edges (one per value choice inside it), their footprints' union, whether one holds a mark. */
interface Move {
  readonly edges: number[];
  readonly footprint: number[];
  marked: boolean;
}

/** The recorded search: its graph, each state's world, each state's moves by thread. */
interface Recorded {
  readonly search: StatefulScheduler;
  readonly worldOf: readonly string[];
  readonly moves: Map<number, Map<number, Move>>;
}

function record(name: string): Recorded {
  const search = new StatefulScheduler((kernel, parts, out) => {
    // The world without the monitors' lines, remembered for the node this key adds if it is new.
    const { extra: _monitors, ...world } = parts;
    worldOf[search.graph.nodes] = worldFingerprintLines(kernel, world).join('\n');
    writeWorld(kernel, parts, out);
  });
  const worldOf: string[] = [];
  const footprintOf: number[][] = [];
  const markedAt: boolean[] = [];
  // Monitors run before the search's watch records the step: the edge it adds next is graph.edges.
  const recorder: Monitor = {
    name: 'FOOTPRINTS',
    afterStep: (ctx: MonitorContext) => {
      const e = search.graph.edges;
      footprintOf[e] = ctx.kernel.footprint.slice();
      // The history's events of this step are at its end (kernel.steps counts the step being run).
      const h = ctx.kernel.history;
      let marked = false;
      for (let i = h.length - 1; i >= 0 && h[i]?.step === ctx.kernel.steps; i--) if (h[i]?.kind === 'mark') marked = true;
      markedAt[e] = marked;
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
    const move = byThread.get(tid) ?? { edges: [], footprint: [], marked: false };
    byThread.set(tid, move);
    move.edges.push(e);
    move.footprint.push(...(footprintOf[e] ?? []));
    move.marked ||= markedAt[e] === true;
  }
  return { search, worldOf, moves };
}

/** Two moves are dependent if their footprints conflict, or (when marks count) if either holds a mark. */
type Dependence = (a: Move, b: Move) => boolean;
const byFootprint: Dependence = (a, b) => conflicts(a.footprint, b.footprint);
const withMarks: Dependence = (a, b) => a.marked || b.marked || conflicts(a.footprint, b.footprint);

/** Sleep-set dfs over the recorded graph: the transitions it takes and the states it reaches. */
function sleepSearch({ search, moves }: Recorded, dependent: Dependence): { taken: number; reached: Set<number> } {
  const g = search.graph;
  /** The sleep set each reached state was stored with (threads only: their moves travel with the search). */
  const stored = new Map<number, Set<number>>();
  type Sleep = Map<number, Move>;
  const stack: { state: number; sleep: Sleep; todo: number[]; next: number; done: [number, Move][] }[] = [];
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
    for (const [t, m] of [...f.sleep, ...f.done]) if (!dependent(m, move)) childSleep.set(t, m);
    f.done.push([tid, move]);
    for (const to of new Set(move.edges.map((e) => g.edgeTo.get(e)))) if (to >= 0) enter(to, childSleep);
  }
  return { taken, reached: new Set(stored.keys()) };
}

function row(name: string, recorded: Recorded, dependence: string, dependent: Dependence): string {
  const g = recorded.search.graph;
  const { taken, reached } = sleepSearch(recorded, dependent);
  const reachedWorlds = new Set<string>();
  for (const n of reached) reachedWorlds.add(recorded.worldOf[n] as string);
  let missed = 0;
  let missedSameWorld = 0;
  for (let n = 0; n < g.nodes; n++) {
    if (reached.has(n)) continue;
    missed += 1;
    if (reachedWorlds.has(recorded.worldOf[n] as string)) missedSameWorld += 1;
  }
  const pct = (100 * taken) / g.edges;
  const several = [...recorded.moves.values()].filter((m) => m.size > 1).length;
  return `| ${name} | ${dependence} | ${fmt(g.nodes)} | ${fmt(g.edges)} | ${fmt(taken)} (${pct.toFixed(1)}%) | ${fmt(reached.size)} | ${fmt(missed)} (${fmt(missedSameWorld)} with a reached world) | ${fmt(splittable(recorded, dependent))} of ${fmt(several)} | ${fmt(persistentReach(recorded, dependent))} |`;
}

/**
 * States where a persistent set smaller than every enabled move could exist at all. A persistent set
 * must be independent of every move outside it, the moves enabled here among them: so the enabled
 * moves, joined where dependent, must fall apart into more than one group. Only a necessary condition:
 * moves that other threads make later count too.
 */
function splittable({ moves }: Recorded, dependent: Dependence): number {
  let count = 0;
  for (const byThread of moves.values()) {
    const list = [...byThread.values()];
    if (list.length < 2) continue;
    const group = list.map((_, i) => i);
    const root = (i: number): number => (group[i] === i ? i : (group[i] = root(group[i] as number)));
    for (let i = 0; i < list.length; i++) for (let j = i + 1; j < list.length; j++) if (dependent(list[i] as Move, list[j] as Move)) group[root(i)] = root(j);
    if (new Set(list.map((_, i) => root(i))).size > 1) count += 1;
  }
  return count;
}

/**
 * The states a search with persistent sets reaches, at best: at each state, the smallest group of
 * enabled moves that no move of the other threads, on any path of the graph where only they move,
 * depends on (else every enabled move); no cycle proviso, so a lower bound on what a sound one keeps.
 */
function persistentReach({ search, moves }: Recorded, dependent: Dependence): number {
  const g = search.graph;
  const choose = (state: number): Move[] => {
    const byThread = moves.get(state) ?? new Map<number, Move>();
    let best: Move[] = [...byThread.values()];
    for (const [tid, move] of byThread) {
      if (best.length === 1) break;
      if (persistentAlone(state, tid, move)) best = [move];
    }
    return best;
  };
  // Whether {tid's move} is persistent at `state`: no move of another thread, on any path from it where tid does not move, depends on it.
  const persistentAlone = (state: number, tid: number, move: Move): boolean => {
    const seen = new Set([state]);
    const queue = [state];
    while (queue.length > 0) {
      const at = queue.pop() as number;
      for (const [other, m] of moves.get(at) ?? []) {
        if (other === tid) continue;
        if (dependent(m, move)) return false;
        for (const e of m.edges) {
          const to = g.edgeTo.get(e);
          if (to >= 0 && !seen.has(to)) {
            seen.add(to);
            queue.push(to);
          }
        }
      }
      // tid must stay able to move along the way (else the set would not stay persistent).
      if (!(moves.get(at)?.has(tid) ?? false)) return false;
    }
    return true;
  };
  const reached = new Set<number>();
  const todo: number[] = [];
  const reach = (n: number): void => {
    if (reached.has(n)) return;
    reached.add(n);
    todo.push(n);
  };
  for (let n = 0; n < g.nodes; n++) if (g.rootOf(n) === n) reach(n);
  while (todo.length > 0) {
    const at = todo.pop() as number;
    for (const m of choose(at))
      for (const e of m.edges) {
        const to = g.edgeTo.get(e);
        if (to >= 0) reach(to);
      }
  }
  return reached.size;
}

console.log('| scenario | dependence | states | transitions | with sleep sets | states reached | states missed | states where a smaller persistent set could exist | states with persistent sets, at best |');
console.log('|---|---|--:|--:|--:|--:|--:|--:|--:|');
for (const name of process.argv.length > 2 ? process.argv.slice(2) : ['trio3', 'resize3', 'quad4']) {
  const recorded = record(name);
  console.log(row(name, recorded, 'footprints', byFootprint));
  console.log(row(name, recorded, 'footprints and marks', withMarks));
}
