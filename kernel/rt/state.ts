/**
 * The world fingerprint: a canonical text of everything the future of an execution depends on, equal
 * for two worlds exactly when they are the same up to a renaming of element identities. Livelock
 * lassos (explorer/lasso*.ts) are cycles that return the world to the same fingerprint.
 *
 * What is compared, in this fixed traversal order (pointers are named by first appearance in it,
 * state-names.ts):
 * 1. globals: the timeout budget left, the warnings already given once (WARN_ONCE keys), and for a
 *    `fail-nth` fault mode the calls counted so far (capped at n: after the n-th nothing changes);
 * 2. every thread by id: status; for a live one its position (the pending operation, state-ops.ts,
 *    plus what the caller adds: explorer/lasso-watch.ts adds how many pool operations it began and
 *    ended, and a cycle's replays add the call stack that created the pending operation), spinlocks
 *    held, irqs, task state, and its frames when the thread exposes them (ExplicitThreadState);
 * 3. memory, walked from the harness cells and then block by block in naming order: every word of
 *    every live block (a block nothing points to is named after the reachable ones, by allocating
 *    thread and sequence); under the weak model each word's readable messages (state-weak.ts);
 * 4. the shape of every named block (live or freed, API, size), so the allocator's live set is part of
 *    it; freed blocks matter only while something still points to them;
 * 5. every wait queue (by its head's name) with the threads its entries belong to, in queue order;
 * 6. under the weak model, the views (state-weak.ts); then whatever the caller adds (monitor state).
 *
 * Not compared, because no future behaviour depends on it: step counts, the history of allocator
 * calls, findings (monitors' own state is added by the caller), addresses themselves, block sequence
 * numbers.
 *
 * A generator thread's locals are invisible: two worlds with the same fingerprint may still differ in
 * them, so for such threads a fingerprint is evidence, not proof (the explorer replays a cycle many
 * times before calling it a livelock). A thread whose body implements ExplicitThreadState (the C front
 * end's explicit frames) adds its frames, and the fingerprint of a world where every live thread does
 * so, and the program exposes its own state, is exact.
 */
import type { Block } from './allocator.ts';
import type { Kernel } from './kernel.ts';
import type { WeakMemory } from './memory-weak.ts';
import type { Loc } from './ops.ts';
import { blockName, BlockNamer, writeBlockShape, type PointerNames } from './state-names.ts';
import { writeOp } from './state-ops.ts';
import { TextSink, type NamedLocal, type StateSink, type WorldSink } from './state-sink.ts';
import { WeakStateKeys } from './state-weak.ts';
import type { Thread } from './thread.ts';

export type { NamedLocal, PointerNames, StateSink, WorldSink };

/**
 * Implemented by a thread body that can expose its own state (the C front end's explicit frames):
 * with it the fingerprint sees the thread's function, position and locals, not only its pending
 * operation, and a lasso found on such threads rests on exact state.
 */
export interface ExplicitThreadState {
  /**
   * The thread's frames (function, position, locals) as fingerprint tokens, every pointer a `word`
   * so that element identities are renamed like everywhere else.
   */
  writeState(out: StateSink): void;
  /** A copy of the frames to restore later (for stateful search; optional until it exists). */
  snapshot?(): unknown;
  restore?(snapshot: unknown): void;
  /** The named locals of its frames, innermost last, for diagnostics (`explorer/growth.ts`). */
  namedLocals?(): readonly NamedLocal[];
}


export function explicitStateOf(t: Thread): ExplicitThreadState | null {
  const body = t.gen as unknown as Partial<ExplicitThreadState>;
  return typeof body.writeState === 'function' ? (body as ExplicitThreadState) : null;
}

export interface FingerprintParts {
  /** More of a live thread's position (e.g. pool operations begun, the pending operation's call stack). */
  readonly position?: (tid: number) => string;
  /** The program's own shared state (explorer Program.writeState), written with the same names. */
  readonly program?: (out: StateSink) => void;
  /** Lines written last (e.g. monitors' state: kernel/rt/state-sink.ts), with the same names. */
  readonly extra?: (names: PointerNames, out: StateSink) => void;
}

export function worldFingerprint(kernel: Kernel, parts: FingerprintParts = {}): string {
  return worldFingerprintLines(kernel, parts).join('\n');
}

/**
 * The fingerprint as its lines of text (globals, each thread, the program, the harness, each block,
 * the wait queues, the weak memory's views, each line the parts append; a part's text is split at its
 * line breaks, so that worldFingerprint, their join, and the lines determine each other).
 */
export function worldFingerprintLines(kernel: Kernel, parts: FingerprintParts = {}): string[] {
  const sink = new TextSink();
  writeWorld(kernel, parts, sink);
  return sink.finish();
}

/** The fingerprint, written to `out` line by line (a stateful search numbers the tokens instead of making text). */
export function writeWorld(kernel: Kernel, parts: FingerprintParts, out: WorldSink): void {
  const names = new BlockNamer(kernel.allocators);
  out.begin(names);
  const weak = kernel.mem.name === 'weak' ? new WeakStateKeys(kernel.mem as WeakMemory, liveThreads(kernel)) : null;
  writeGlobals(kernel, out);
  for (const t of kernel.threads) writeThread(t, out, parts.position);
  if (parts.program) {
    out.line();
    out.text('program');
    parts.program(out);
  }
  out.line();
  out.text('harness');
  for (const loc of kernel.harnessCellLocs()) writeCell(kernel, weak, names, loc, out);
  // Blocks nothing named yet points to (held only in a thread's locals) come last, in allocation order
  // (sorted only when there are some: the live blocks written so far are counted).
  const liveBlocks = kernel.allocators.live;
  let unreached: Block[] | null = null;
  let next = 0;
  let liveWritten = 0;
  for (let i = 0; ; i++) {
    if (i === names.order.length) {
      if (liveWritten === liveBlocks.size) break;
      unreached ??= [...liveBlocks.values()].sort((a, b) => a.tid - b.tid || a.seq - b.seq);
      while (next < unreached.length && names.isNamed(unreached[next] as Block)) next += 1;
      if (next === unreached.length) break;
      names.indexOf(unreached[next] as Block);
    }
    const block = names.order[i] as Block;
    const isLive = liveBlocks.get(block.ptr) === block;
    out.line();
    out.text(blockName(i));
    writeBlockShape(block, isLive, out);
    if (!isLive) continue;
    liveWritten += 1;
    writeWords(kernel, weak, names, block, out);
  }
  writeQueues(kernel, names, out);
  if (weak !== null) textLines(out, weak.viewsKey());
  parts.extra?.(names, out);
}

/** The threads that are still running (their weak-memory views still matter). */
function liveThreads(kernel: Kernel): number[] {
  const out: number[] = [];
  for (const t of kernel.threads) if (t.status === 'ready') out.push(t.id);
  return out;
}

/** Text a part wrote itself (the weak memory's views): one line per line of it. */
function textLines(out: StateSink, text: string): void {
  for (const line of text.split('\n')) {
    out.line();
    out.text(line);
  }
}

/** A memory cell: under SC its value (or that it has none), under weak memory every value it may still read. */
function writeCell(kernel: Kernel, weak: WeakStateKeys | null, names: BlockNamer, loc: Loc, out: StateSink): void {
  if (weak !== null) out.text(weak.cellKey(loc, names));
  else if (kernel.mem.has(loc)) out.word(kernel.mem.peek(loc));
  else out.absent(1);
}

/** A live block's words (under SC a run of words without a value is written as one token: most of an element is never written). */
function writeWords(kernel: Kernel, weak: WeakStateKeys | null, names: BlockNamer, block: Block, out: StateSink): void {
  if (weak !== null) {
    for (let w = 0; w < block.words; w++) out.text(weak.cellKey(block.ptr + w, names));
    return;
  }
  let absent = 0;
  for (let w = 0; w < block.words; w++) {
    const loc = block.ptr + w;
    if (!kernel.mem.has(loc)) {
      absent += 1;
      continue;
    }
    if (absent > 0) out.absent(absent);
    absent = 0;
    out.word(kernel.mem.peek(loc));
  }
  if (absent > 0) out.absent(absent);
}

/**
 * Every wait queue (its head, then how many entries and the task of each, in queue order); queues in
 * the order of their heads' names (sorted only when there are several).
 */
function writeQueues(kernel: Kernel, names: BlockNamer, out: StateSink): void {
  let heads = [...kernel.waitQueues.heads()];
  if (heads.length > 1) heads = heads.map((wq) => [names.value(wq), wq] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([, wq]) => wq);
  out.line();
  out.text('queues');
  for (const wq of heads) {
    const waiters = kernel.waitersOf(wq);
    out.word(wq);
    out.num(waiters.length);
    for (const e of waiters) out.num(e.task);
  }
}

/** Whether every live thread exposes its frames: a fingerprint is then exact, not only what is visible. */
export function threadsExplicit(kernel: Kernel): boolean {
  return kernel.threads.every((t) => t.status !== 'ready' || explicitStateOf(t) !== null);
}

function writeGlobals(kernel: Kernel, out: StateSink): void {
  const faults = kernel.allocators.faults;
  out.line();
  out.text('timeouts');
  out.num(kernel.timeoutsLeft);
  out.text('calls');
  for (const cls of ['element', 'meta'] as const) {
    const mode = faults[cls];
    out.num(mode.kind === 'fail-nth' ? Math.min(kernel.allocators.callCount(cls), mode.n) : -1);
  }
  out.text('warned');
  const warned = kernel.warnings.map((w) => w.key).sort();
  for (const key of warned) out.text(key);
}

function writeThread(t: Thread, out: StateSink, position: FingerprintParts['position']): void {
  out.line();
  out.text('T');
  out.num(t.id);
  if (t.status !== 'ready') {
    out.text(t.status);
    return;
  }
  // A thread that has not taken its first step yet (it runs when picked, kernel/rt/kernel.ts spawn) is
  // at another position than after a step that left the same operation pending.
  out.text(t.started ? 'started' : 'unstarted');
  if (t.pending === null) out.text('none');
  else writeOp(t.pending, out);
  out.text('@');
  out.text(position?.(t.id) ?? '');
  out.text('locks');
  out.num(t.locksHeld.length);
  for (const l of t.locksHeld) out.word(l);
  out.num(t.irqsOff ? 1 : 0);
  out.num(t.taskState);
  out.num(t.atomic ? 1 : 0);
  explicitStateOf(t)?.writeState(out);
}
