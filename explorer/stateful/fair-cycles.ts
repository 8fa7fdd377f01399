/**
 * Livelocks in a state graph, exactly. A livelock is a cycle of the graph that is weakly fair (every
 * thread enabled in every state of the cycle takes a step in it: lasso.ts) — no thread returns in a
 * cycle, since a thread's status is part of the state. Such a cycle exists exactly when some strongly
 * connected component (with at least one edge) passes this test: every thread enabled in all of its
 * states takes a step on one of its edges. Why that suffices: a closed walk through a component may
 * visit all of its states and edges; if even that walk leaves a thread enabled throughout without a
 * step, so does every cycle inside the component (it visits fewer states where the thread could be
 * disabled, and fewer edges where it could step). So the components are found once (Tarjan), each is
 * tested in constant time per state and edge, and for a fair one a short closed walk is built that
 * satisfies each thread (one of its steps, or a state where it is disabled), then turned into choices.
 */
import { cycleFairness, type CycleFairness, type LassoShape } from '../lasso.ts';
import type { Choices } from '../scheduler.ts';
import { NO_NODE, type StateGraph } from './graph.ts';

export interface FairCycle extends LassoShape {
  readonly fairness: CycleFairness;
  /** States in the component the cycle lies in (for reports: how large the livelock's region is). */
  readonly componentStates: number;
}

/** Outgoing edges per node, as offsets into one array (compressed rows). */
interface Adjacency {
  readonly start: Int32Array;
  readonly edges: Int32Array;
}

function adjacency(g: StateGraph): Adjacency {
  const n = g.nodes;
  const start = new Int32Array(n + 1);
  for (let e = 0; e < g.edges; e++) {
    const from = g.edgeFrom.get(e);
    if (g.edgeTo.get(e) !== NO_NODE) start[from + 1] = (start[from + 1] as number) + 1;
  }
  for (let i = 0; i < n; i++) start[i + 1] = (start[i + 1] as number) + (start[i] as number);
  const fill = start.slice(0, n);
  const edges = new Int32Array(start[n] as number);
  for (let e = 0; e < g.edges; e++) {
    if (g.edgeTo.get(e) === NO_NODE) continue;
    const from = g.edgeFrom.get(e);
    edges[fill[from] as number] = e;
    fill[from] = (fill[from] as number) + 1;
  }
  return { start, edges };
}

/** Strongly connected components (iterative Tarjan): component id per node, and how many there are. */
function components(g: StateGraph, adj: Adjacency): { readonly comp: Int32Array; readonly count: number } {
  const n = g.nodes;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const comp = new Int32Array(n).fill(-1);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  const call: { node: number; next: number }[] = [];
  let counter = 0;
  let comps = 0;
  for (let root = 0; root < n; root++) {
    if ((index[root] as number) >= 0) continue;
    call.push({ node: root, next: adj.start[root] as number });
    index[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = 1;
    while (call.length > 0) {
      const frame = call[call.length - 1] as { node: number; next: number };
      const v = frame.node;
      if (frame.next < (adj.start[v + 1] as number)) {
        const w = g.edgeTo.get(adj.edges[frame.next] as number);
        frame.next += 1;
        if ((index[w] as number) < 0) {
          index[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = 1;
          call.push({ node: w, next: adj.start[w] as number });
        } else if (onStack[w] === 1) low[v] = Math.min(low[v] as number, index[w] as number);
        continue;
      }
      call.pop();
      const parent = call[call.length - 1];
      if (parent !== undefined) low[parent.node] = Math.min(low[parent.node] as number, low[v] as number);
      if (low[v] === index[v]) {
        for (;;) {
          const w = stack.pop() as number;
          onStack[w] = 0;
          comp[w] = comps;
          if (w === v) break;
        }
        comps += 1;
      }
    }
  }
  return { comp, count: comps };
}

/** The first weakly fair cycle of the graph (by its earliest-discovered state), or null when there is none. */
export function findFairCycle(g: StateGraph): FairCycle | null {
  if (g.nodes === 0) return null;
  const adj = adjacency(g);
  const { comp, count } = components(g, adj);
  // Per component (arrays, not maps: in a mostly acyclic graph there are about as many components as
  // states): threads enabled in all of its states; threads stepping on an internal edge, and whether
  // it has one.
  const throughout = new Int32Array(count).fill(-1);
  const stepping = new Int32Array(count);
  const hasEdge = new Uint8Array(count);
  for (let v = 0; v < g.nodes; v++) {
    const c = comp[v] as number;
    throughout[c] = (throughout[c] as number) & g.enabledMask.get(v);
  }
  for (let e = 0; e < g.edges; e++) {
    const to = g.edgeTo.get(e);
    if (to === NO_NODE || comp[to] !== comp[g.edgeFrom.get(e)]) continue;
    const c = comp[to] as number;
    stepping[c] = (stepping[c] as number) | (1 << g.edgeTid.get(e));
    hasEdge[c] = 1;
  }
  // The first component by its earliest-discovered state, entered there.
  for (let entry = 0; entry < g.nodes; entry++) {
    const c = comp[entry] as number;
    if (hasEdge[c] === 1 && ((throughout[c] as number) & ~(stepping[c] as number)) === 0) return cycleThrough(g, adj, comp, entry);
  }
  return null;
}

/** A closed walk from `entry` inside its component that satisfies every thread, as a lasso. */
function cycleThrough(g: StateGraph, adj: Adjacency, comp: Int32Array, entry: number): FairCycle {
  const c = comp[entry] as number;
  let unsatisfied = g.enabledMask.get(entry);
  const walk: number[] = [];
  let at = entry;
  // Satisfy threads one nearest target at a time, then return to the entry.
  while (unsatisfied !== 0 || walk.length === 0) {
    const u = unsatisfied;
    const path = shortestPath(g, adj, comp, c, at, (e, to) => (u & ~g.enabledMask.get(to)) !== 0 || (u & (1 << g.edgeTid.get(e))) !== 0 || u === 0);
    for (const e of path) {
      unsatisfied &= ~(1 << g.edgeTid.get(e));
      unsatisfied &= g.enabledMask.get(g.edgeTo.get(e));
      walk.push(e);
    }
    at = g.edgeTo.get(walk[walk.length - 1] as number);
  }
  if (at !== entry) walk.push(...shortestPath(g, adj, comp, c, at, (_e, to) => to === entry));
  // The lasso: choices of the path to the entry, then one turn of the cycle.
  const choices: Choices = { kinds: [], values: [] };
  const root = g.rootOf(entry);
  let steps = g.appendRootChoices(root, choices);
  for (const e of g.pathTo(entry)) {
    g.appendEdgeChoices(e, choices);
    steps += 1;
  }
  const prefixChoices = choices.kinds.length;
  for (const e of walk) g.appendEdgeChoices(e, choices);
  const tids = walk.map((e) => g.edgeTid.get(e));
  const enabled = [entry, ...walk.map((e) => g.edgeTo.get(e))].map((v) => threadsOf(g.enabledMask.get(v)));
  let componentStates = 0;
  for (let v = 0; v < g.nodes; v++) if (comp[v] === c) componentStates += 1;
  return { prefixSteps: steps, cycleSteps: walk.length, prefixChoices, choices, fairness: cycleFairness(tids, enabled, 0, walk.length), componentStates };
}

/** The edges of a shortest path inside component `c` from `from` whose last edge satisfies `goal`. */
function shortestPath(g: StateGraph, adj: Adjacency, comp: Int32Array, c: number, from: number, goal: (edge: number, to: number) => boolean): number[] {
  const via = new Map<number, number>([[from, NO_NODE]]);
  const queue = [from];
  for (let q = 0; q < queue.length; q++) {
    const v = queue[q] as number;
    for (let i = adj.start[v] as number; i < (adj.start[v + 1] as number); i++) {
      const e = adj.edges[i] as number;
      const to = g.edgeTo.get(e);
      if (comp[to] !== c) continue;
      if (goal(e, to)) {
        const path = [e];
        for (let p = v; via.get(p) !== NO_NODE; p = g.edgeFrom.get(via.get(p) as number)) path.push(via.get(p) as number);
        return path.reverse();
      }
      if (!via.has(to)) {
        via.set(to, e);
        queue.push(to);
      }
    }
  }
  throw new Error('fair-cycles: no path inside a strongly connected component (the graph changed during the search?)');
}

function threadsOf(mask: number): number[] {
  const out: number[] = [];
  for (let t = 0; t < 31; t++) if ((mask & (1 << t)) !== 0) out.push(t);
  return out;
}
