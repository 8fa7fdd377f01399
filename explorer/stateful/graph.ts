/**
 * The state graph a stateful search builds: one node per distinct world fingerprint (kernel/rt/state.ts
 * plus the program's and the monitors' state), one edge per step taken from a state the search
 * expanded. Each edge keeps the choices recorded while it was taken (the thread pick and the value
 * picks inside the step), and each node the edge it was discovered by, so that a path through the graph
 * can be turned back into choices that replay it (fair-cycles.ts builds lassos that way).
 *
 * Kept as flat arrays: a search on quad4 stores hundreds of thousands of edges, and objects per edge
 * would cost several times the memory.
 */
import type { Choices } from '../scheduler.ts';

export const NO_NODE = -1;

export class StateGraph {
  private readonly ids = new Map<string, number>();
  /** Per node: the edge it was first reached by (NO_NODE for a root). */
  private readonly parentEdge: number[] = [];
  /** Per node: bit t set when thread t counts as enabled there for fairness (lasso-watch.ts fairnessEnabled). */
  readonly enabledMask: number[] = [];
  /** Per root: the choices made before it (by the setup) and the steps the setup took. */
  private readonly roots = new Map<number, { readonly choices: Choices; readonly steps: number }>();
  readonly edgeFrom: number[] = [];
  readonly edgeTo: number[] = [];
  readonly edgeTid: number[] = [];
  /** Per edge: where its choices start in the pools below, and how many. */
  private readonly edgeChoiceAt: number[] = [];
  private readonly edgeChoiceCount: number[] = [];
  private readonly choiceKinds: string[] = [];
  private readonly choiceValues: number[] = [];

  get nodes(): number {
    return this.parentEdge.length;
  }

  get edges(): number {
    return this.edgeFrom.length;
  }

  idOf(key: string): number {
    return this.ids.get(key) ?? NO_NODE;
  }

  /**
   * A new node for `key` (which must be new), reached by `edge`; or a root (`edge` NO_NODE), reached
   * by the setup's `root.choices` in `root.steps` steps.
   */
  add(key: string, enabled: readonly number[], edge: number, root: { readonly choices: Choices; readonly steps: number } | null = null): number {
    const id = this.parentEdge.length;
    this.ids.set(key, id);
    this.parentEdge.push(edge);
    let mask = 0;
    for (const t of enabled) mask |= 1 << t;
    this.enabledMask.push(mask);
    if (edge === NO_NODE && root !== null) this.roots.set(id, { choices: { kinds: root.choices.kinds.slice(), values: root.choices.values.slice() }, steps: root.steps });
    return id;
  }

  /** An edge `from` → `to` by thread `tid`, whose choices are `choices[start..]`. `to` may be NO_NODE until known. */
  addEdge(from: number, tid: number, choices: Choices, start: number): number {
    const e = this.edgeFrom.length;
    this.edgeFrom.push(from);
    this.edgeTo.push(NO_NODE);
    this.edgeTid.push(tid);
    this.edgeChoiceAt.push(this.choiceKinds.length);
    this.edgeChoiceCount.push(choices.kinds.length - start);
    for (let i = start; i < choices.kinds.length; i++) {
      this.choiceKinds.push(choices.kinds[i] as string);
      this.choiceValues.push(choices.values[i] as number);
    }
    return e;
  }

  setEdgeTarget(edge: number, to: number): void {
    this.edgeTo[edge] = to;
  }

  /** The edges from the root to `node` along first discoveries, in order. */
  pathTo(node: number): number[] {
    const path: number[] = [];
    for (let e = this.parentEdge[node] as number; e !== NO_NODE; e = this.parentEdge[this.edgeFrom[e] as number] as number) path.push(e);
    return path.reverse();
  }

  /** The root a node was first reached from. */
  rootOf(node: number): number {
    let n = node;
    for (let e = this.parentEdge[n] as number; e !== NO_NODE; e = this.parentEdge[n] as number) n = this.edgeFrom[e] as number;
    return n;
  }

  /** Appends the setup choices of `root` to `out`; returns the steps the setup took. */
  appendRootChoices(root: number, out: Choices): number {
    const r = this.roots.get(root);
    if (r === undefined) return 0;
    out.kinds.push(...r.choices.kinds);
    out.values.push(...r.choices.values);
    return r.steps;
  }

  /** Appends the choices edge `e` recorded to `out`. */
  appendEdgeChoices(e: number, out: Choices): void {
    const at = this.edgeChoiceAt[e] as number;
    const n = this.edgeChoiceCount[e] as number;
    for (let i = at; i < at + n; i++) {
      out.kinds.push(this.choiceKinds[i] as string);
      out.values.push(this.choiceValues[i] as number);
    }
  }

  clear(): void {
    this.ids.clear();
    this.roots.clear();
    for (const a of [this.parentEdge, this.enabledMask, this.edgeFrom, this.edgeTo, this.edgeTid, this.edgeChoiceAt, this.edgeChoiceCount, this.choiceValues]) a.length = 0;
    this.choiceKinds.length = 0;
  }
}
