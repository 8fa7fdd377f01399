/**
 * The state graph a stateful search builds: one node per distinct world fingerprint (kernel/rt/state.ts
 * plus the program's and the monitors' state), one edge per step taken from a state the search
 * expanded. Each edge keeps the choices recorded while it was taken (the thread pick and the value
 * picks inside the step), and each node the edge it was discovered by, so that a path through the graph
 * can be turned back into choices that replay it (fair-cycles.ts builds lassos that way).
 *
 * Kept as columns of 32-bit integers (int-column.ts): a search on quad4 stores hundreds of thousands
 * of edges, and objects per edge would cost several times the memory. For the same reason a state's
 * fingerprint is not kept as its text (about 1 KB) but collapsed, as SPIN's COLLAPSE mode does: each
 * of its lines (a block, a thread, a monitor...) is numbered once in a table of distinct lines
 * (explorer/stateful/token-lines.ts), and the state is the sequence of those numbers (`collapsedLines`).
 * Two fingerprints collapse to the same sequence exactly when they are equal: nothing is lost.
 */
import type { Choices } from '../scheduler.ts';
import { IntColumn } from './int-column.ts';

export const NO_NODE = -1;

/** A state's fingerprint collapsed: the numbers of its lines (`collapsedLines`). */
export type StateKey = string;

/**
 * The numbers of a fingerprint's lines as one string: each number in base 128, most significant
 * digit first, as characters below 256 (a digit with more to follow is 128 + digit, the last is the
 * digit itself). A prefix-free code, so the string determines the numbers; and every character fits
 * in one byte, so V8 stores it one byte a character (a number below 16,384 takes two).
 */
export function collapsedLines(numbers: readonly number[]): StateKey {
  const digits = scratchDigits;
  while (digits.length !== 0) digits.pop();
  for (const n of numbers) pushBase128(digits, n);
  // One flat string made at once (appending a character at a time makes a chain of pieces that the
  // table's lookup has to flatten again).
  return charsOf(digits);
}
const scratchDigits: number[] = [];

export class StateGraph {
  private readonly ids = new Map<string, number>();
  /** Per node: the edge it was first reached by (NO_NODE for a root). */
  private readonly parentEdge = new IntColumn();
  /** Per node: bit t set when thread t counts as enabled there for fairness (lasso-watch.ts fairnessEnabled). */
  readonly enabledMask = new IntColumn();
  /** Per root: the choices made before it (by the setup) and the steps the setup took. */
  private readonly roots = new Map<number, { readonly choices: Choices; readonly steps: number }>();
  readonly edgeFrom = new IntColumn();
  readonly edgeTo = new IntColumn();
  readonly edgeTid = new IntColumn();
  /**
   * Per edge: where its choices start in the columns below. They are appended edge by edge, so an
   * edge's choices end where the next edge's start.
   */
  private readonly edgeChoiceAt = new IntColumn();
  /** Each choice's kind, as its index in `kindNames`. */
  private readonly choiceKinds = new IntColumn();
  private readonly choiceValues = new IntColumn();
  private readonly kindNames: string[] = [];
  private readonly kindCodes = new Map<string, number>();

  get nodes(): number {
    return this.parentEdge.length;
  }

  get edges(): number {
    return this.edgeFrom.length;
  }

  /** The node of a collapsed fingerprint, or NO_NODE. */
  idOf(key: StateKey): number {
    return this.ids.get(key) ?? NO_NODE;
  }

  /**
   * A new node for `key` (which must be new), reached by `edge`; or a root (`edge` NO_NODE), reached
   * by the setup's `root.choices` in `root.steps` steps.
   */
  add(key: StateKey, enabled: readonly number[], edge: number, root: { readonly choices: Choices; readonly steps: number } | null = null): number {
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
    for (let i = start; i < choices.kinds.length; i++) {
      this.choiceKinds.push(this.kindCode(choices.kinds[i] as string));
      this.choiceValues.push(choices.values[i] as number);
    }
    return e;
  }

  private kindCode(kind: string): number {
    let code = this.kindCodes.get(kind);
    if (code === undefined) {
      code = this.kindNames.length;
      this.kindNames.push(kind);
      this.kindCodes.set(kind, code);
    }
    return code;
  }

  setEdgeTarget(edge: number, to: number): void {
    this.edgeTo.set(edge, to);
  }

  /** The edges from the root to `node` along first discoveries, in order. */
  pathTo(node: number): number[] {
    const path: number[] = [];
    for (let e = this.parentEdge.get(node); e !== NO_NODE; e = this.parentEdge.get(this.edgeFrom.get(e))) path.push(e);
    return path.reverse();
  }

  /** The root a node was first reached from. */
  rootOf(node: number): number {
    let n = node;
    for (let e = this.parentEdge.get(n); e !== NO_NODE; e = this.parentEdge.get(n)) n = this.edgeFrom.get(e);
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
    const at = this.edgeChoiceAt.get(e);
    const end = e + 1 < this.edgeChoiceAt.length ? this.edgeChoiceAt.get(e + 1) : this.choiceKinds.length;
    for (let i = at; i < end; i++) {
      out.kinds.push(this.kindNames[this.choiceKinds.get(i)] as string);
      out.values.push(this.choiceValues.get(i));
    }
  }

  clear(): void {
    this.ids.clear();
    this.roots.clear();
    for (const c of [this.parentEdge, this.enabledMask, this.edgeFrom, this.edgeTo, this.edgeTid, this.edgeChoiceAt, this.choiceKinds, this.choiceValues]) c.clear();
  }
}

/** Appends `n` in base 128, most significant digit first; every digit but the last is 128 + digit. */
function pushBase128(out: number[], n: number): void {
  let shift = 0;
  // Shifts count modulo 32: a line number takes at most five digits.
  while (shift < 28 && n >>> (shift + 7) > 0) shift += 7;
  for (; shift > 0; shift -= 7) out.push(0x80 | ((n >>> shift) & 0x7f));
  out.push(n & 0x7f);
}

/** The characters of `codes`, made in pieces small enough to pass as arguments. */
function charsOf(codes: readonly number[]): string {
  if (codes.length <= CHUNK) return String.fromCharCode(...codes);
  let out = '';
  for (let i = 0; i < codes.length; i += CHUNK) out += String.fromCharCode(...codes.slice(i, i + CHUNK));
  return out;
}
const CHUNK = 4096;
