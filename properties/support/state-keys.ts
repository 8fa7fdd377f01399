/**
 * Pieces of monitors' state keys (explorer/monitor.ts `stateKey`): canonical text of what a monitor
 * remembers beyond the world fingerprint, with nothing absolute in it (no step, no history index, no
 * raw timestamp, no address), so that two visits of the same state give the same text and the text
 * takes finitely many values along an endless run (the seed's grow/shrink ping-pong).
 */
import type { WeakMemory } from '../../kernel/rt/memory-weak.ts';
import type { Loc } from '../../kernel/rt/ops.ts';
import type { PointerNames } from '../../kernel/rt/state.ts';
import type { InvokedOp } from '../../scenarios/interpreter.ts';
import type { TrackedOp } from './ops.ts';

/** An invoked operation with its arguments (elements through `names`). */
export function invokedKey(op: InvokedOp, names: PointerNames): string {
  switch (op.op) {
    case 'alloc':
      return `alloc/${op.gfp.toString(16)}`;
    case 'free':
      return `free/${names.value(op.element)}`;
    case 'resize':
      return `resize/${op.n}`;
    case 'destroy':
      return 'destroy';
  }
}

/**
 * What the return check of an alloc in flight uses about its calls: the elements alloc_fn gave it (was
 * the element it returns one of them, or did it come out of the reserve?). Failed calls are left out.
 */
export function allocResults(op: TrackedOp, names: PointerNames): string {
  if (op.op.op !== 'alloc') return '';
  const got: string[] = [];
  for (const c of op.calls) if (c.kind === 'alloc' && c.result !== 0) got.push(names.value(c.result));
  return got.length === 0 ? '' : ` got ${sortedKey(got)}`;
}

/**
 * A store timestamp of `loc` relative to the cell's newest store: `n` stores back, or `<` when older
 * than every message the memory still keeps (then every comparison with a message that can still be
 * read, or written later, comes out the same, whatever the exact number). Finite: the weak memory keeps
 * a bounded window of messages per cell (kernel/rt/memory-weak.ts, garbage collection).
 */
export function relativeTs(mem: WeakMemory, loc: Loc, ts: number): string {
  if (!mem.has(loc)) return '?';
  const msgs = mem.messages(loc);
  const first = msgs[0]?.ts ?? 0;
  const last = msgs[msgs.length - 1]?.ts ?? 0;
  return ts < first ? '<' : String(last - ts);
}

/**
 * The values of the messages of `loc` from timestamp `ts` on, oldest first (`<` in front when `ts` is
 * older than every kept message): what a maximum or minimum "over every store since ts" can still
 * range over, with their places relative to the newest store (their number).
 */
export function valuesSince(mem: WeakMemory, loc: Loc, ts: number, names: PointerNames): string {
  if (!mem.has(loc)) return '?';
  const msgs = mem.messages(loc);
  const first = msgs[0]?.ts ?? 0;
  const out: string[] = [];
  for (const m of msgs) if (m.ts >= ts) out.push(names.value(m.value));
  return `${ts < first ? '<' : ''}${out.join('>')}`;
}

/** Entries sorted into one canonical text (sets and maps whose order is history's, not the state's). */
export function sortedKey(entries: readonly string[]): string {
  return [...entries].sort().join(',');
}

/** A number that may be infinite, as text (JSON would write null). */
export const numKey = (n: number): string => (n === Infinity ? 'inf' : n === -Infinity ? '-inf' : String(n));
