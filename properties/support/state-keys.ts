/**
 * Pieces of monitors' states (explorer/monitor.ts `writeState`): canonical tokens of what a monitor
 * remembers beyond the world fingerprint, with nothing absolute in it (no step, no history index, no
 * raw timestamp, no address), so that two visits of the same state give the same text and the text
 * takes finitely many values along an endless run (the seed's grow/shrink ping-pong).
 */
import type { Kernel } from '../../kernel/rt/kernel.ts';
import type { WeakMemory } from '../../kernel/rt/memory-weak.ts';
import type { Loc } from '../../kernel/rt/ops.ts';
import type { PointerNames, StateSink } from '../../kernel/rt/state.ts';
import type { InvokedOp } from '../../scenarios/interpreter.ts';
import type { FlightFacts, TrackedOp } from './ops.ts';

/** An invoked operation with its arguments, as fingerprint tokens (elements as words). */
export function writeInvoked(op: InvokedOp, out: StateSink): void {
  switch (op.op) {
    case 'alloc':
      out.text('alloc/');
      out.num(op.gfp);
      return;
    case 'free':
      out.text('free/');
      out.word(op.element);
      return;
    case 'resize':
      out.text('resize/');
      out.num(op.n);
      return;
    case 'destroy':
      out.text('destroy');
      return;
  }
}

/**
 * What the return check of an alloc in flight uses about its calls: the elements alloc_fn gave it (was
 * the element it returns one of them, or did it come out of the reserve?). Failed calls are left out;
 * nothing is written for an alloc that got none (or another operation).
 */
export function writeAllocResults(op: TrackedOp, out: StateSink, names: PointerNames): void {
  if (op.op.op !== 'alloc') return;
  let got: number[] | null = null;
  for (const c of op.calls) if (c.kind === 'alloc' && c.result !== 0) (got ??= []).push(c.result);
  if (got === null) return;
  out.text('got');
  writeSortedWords(out, names, got);
}

/** The facts RESERVE and FREE-SEES-REMOVAL keep about each operation in flight: an alloc's results. */
export const ALLOC_RESULTS: FlightFacts = { writeFacts: writeAllocResults };

/** A set of pointers: how many, then each as a word, in the order of their names (a set's order is history's, not the state's). */
export function writeSortedWords(out: StateSink, names: PointerNames, ptrs: readonly number[]): void {
  out.num(ptrs.length);
  if (ptrs.length === 1) out.word(ptrs[0] as number);
  else if (ptrs.length > 1) for (const [, p] of ptrs.map((p) => [names.value(p), p] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) out.word(p);
}

/** `T3:`, thread 3's mark in a monitor's state (made once each). */
const tidTexts: string[] = [];
export function tidText(tid: number): string {
  return (tidTexts[tid] ??= `T${tid}:`);
}

/**
 * A store timestamp of `loc` as a future load compares with it: `<` when no load from now on can read
 * anything older (every live thread's view of the cell is at least there, or the stale-read budget is
 * spent and loads read the newest store, or it is outside the readable window), else how many stores
 * above that floor it is. The floor is where the world fingerprint's readable messages of the cell start
 * (kernel/rt/state-weak.ts), so the text takes as many values as the world does.
 */
export function relativeTs(mem: WeakMemory, kernel: Kernel, loc: Loc, ts: number): string {
  if (!mem.has(loc)) return '?';
  const msgs = mem.messages(loc);
  const first = msgs[0]?.ts ?? 0;
  const last = msgs[msgs.length - 1]?.ts ?? 0;
  let floor = last;
  if (mem.staleLeft > 0) {
    for (const t of kernel.threads) if (t.status === 'ready' && mem.stateParts().threads[t.id] !== undefined) floor = Math.min(floor, mem.curOf(t.id, loc));
    floor = Math.max(floor, first, last - mem.options.window + 1);
  }
  return ts <= floor ? '<' : String(ts - floor);
}

/** Entries sorted into one canonical text (sets and maps whose order is history's, not the state's). */
export function sortedKey(entries: readonly string[]): string {
  return [...entries].sort().join(',');
}

/** A number that may be infinite, as text (JSON would write null). */
export const numKey = (n: number): string => (n === Infinity ? 'inf' : n === -Infinity ? '-inf' : String(n));
