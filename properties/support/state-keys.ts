/**
 * Pieces of monitors' state keys (explorer/monitor.ts `stateKey`): canonical text of what a monitor
 * remembers beyond the world fingerprint, with nothing absolute in it (no step, no history index, no
 * raw timestamp, no address), so that two visits of the same state give the same text and the text
 * takes finitely many values along an endless run (the seed's grow/shrink ping-pong).
 */
import type { Kernel } from '../../kernel/rt/kernel.ts';
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
