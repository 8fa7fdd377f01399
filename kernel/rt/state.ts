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
import { blockShape, BlockNamer, type PointerNames } from './state-names.ts';
import { opKey } from './state-ops.ts';
import { WeakStateKeys } from './state-weak.ts';
import type { Thread } from './thread.ts';

export type { PointerNames };

/**
 * Implemented by a thread body that can expose its own state (the C front end's explicit frames):
 * with it the fingerprint sees the thread's function, position and locals, not only its pending
 * operation, and a lasso found on such threads rests on exact state.
 */
export interface ExplicitThreadState {
  /**
   * A canonical text of the thread's frames (function, position, locals), every pointer written with
   * `names.value` so that element identities are renamed like everywhere else.
   */
  stateKey(names: PointerNames): string;
  /** A copy of the frames to restore later (for stateful search; optional until it exists). */
  snapshot?(): unknown;
  restore?(snapshot: unknown): void;
}

export function explicitStateOf(t: Thread): ExplicitThreadState | null {
  const body = t.gen as unknown as Partial<ExplicitThreadState>;
  return typeof body.stateKey === 'function' ? (body as ExplicitThreadState) : null;
}

export interface FingerprintParts {
  /** More of a live thread's position (e.g. pool operations begun, the pending operation's call stack). */
  readonly position?: (tid: number) => string;
  /** The program's own shared state (explorer Program.stateKey), written with the same names. */
  readonly program?: (names: PointerNames) => string;
  /** Lines appended last (e.g. monitors' state), written with the same names. */
  readonly extra?: (names: PointerNames) => readonly string[];
}

export function worldFingerprint(kernel: Kernel, parts: FingerprintParts = {}): string {
  return worldFingerprintLines(kernel, parts).join('\n');
}

/**
 * The fingerprint as its lines (globals, each thread, the program, the harness, each block, the wait
 * queues, the weak memory's views, each line the parts append; a part's text is split at its line
 * breaks, so that worldFingerprint, their join, and the lines determine each other): what a stateful
 * search keeps, without joining them into one text to split again.
 */
export function worldFingerprintLines(kernel: Kernel, parts: FingerprintParts = {}): string[] {
  const names = new BlockNamer(kernel.allocators);
  const live = kernel.threads.filter((t) => t.status === 'ready').map((t) => t.id);
  const weak = kernel.mem.name === 'weak' ? new WeakStateKeys(kernel.mem as WeakMemory, live) : null;
  const out: string[] = [globalsKey(kernel)];
  for (const t of kernel.threads) out.push(threadKey(kernel, t, names, parts.position));
  if (parts.program) out.push(...`program ${parts.program(names)}`.split('\n'));
  out.push(`harness ${kernel.harnessCellLocs().map((loc) => cellKey(kernel, weak, names, loc)).join(' ')}`);
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
      names.name(unreached[next] as Block);
    }
    const block = names.order[i] as Block;
    const isLive = liveBlocks.get(block.ptr) === block;
    let line = `b${i} ${blockShape(block, isLive)}: `;
    if (isLive) {
      liveWritten += 1;
      line += weak === null ? scWords(kernel, names, block) : weakWords(weak, names, block);
    }
    out.push(line);
  }
  const queues = [...kernel.waitQueues.heads()].map((wq) => `${names.value(wq)} <${kernel.waitersOf(wq).map((e) => e.task).join(',')}>`);
  out.push(`queues ${queues.sort().join(' ')}`);
  if (weak !== null) out.push(...weak.viewsKey().split('\n'));
  if (parts.extra) {
    for (const line of parts.extra(names)) {
      if (line.includes('\n')) out.push(...line.split('\n'));
      else out.push(line);
    }
  }
  return out;
}

/** A block's words under SC, space-separated, `-` for a word without a cell (runs of them from a table). */
function scWords(kernel: Kernel, names: BlockNamer, block: Block): string {
  let out = '';
  let dashes = 0;
  for (let w = 0; w < block.words; w++) {
    const loc = block.ptr + w;
    if (!kernel.mem.has(loc)) {
      dashes += 1;
      continue;
    }
    if (dashes > 0) out += dashRun(dashes, out === '');
    dashes = 0;
    out += out === '' ? names.value(kernel.mem.peek(loc)) : ` ${names.value(kernel.mem.peek(loc))}`;
  }
  return dashes > 0 ? out + dashRun(dashes, out === '') : out;
}

/** `n` words without a cell: `- - -`, with a leading space unless it opens the list. */
const dashRuns: string[] = [];
const openingDashRuns: string[] = [];
function dashRun(n: number, first: boolean): string {
  if (first) return (openingDashRuns[n] ??= '- '.repeat(n).slice(0, -1));
  return (dashRuns[n] ??= ' -'.repeat(n));
}

function weakWords(weak: WeakStateKeys, names: BlockNamer, block: Block): string {
  let out = '';
  for (let w = 0; w < block.words; w++) out += w === 0 ? weak.cellKey(block.ptr, names) : ` ${weak.cellKey(block.ptr + w, names)}`;
  return out;
}

/** A memory cell's value as the fingerprint writes it (under weak memory: every value it may still read). */
function cellKey(kernel: Kernel, weak: WeakStateKeys | null, names: BlockNamer, loc: Loc): string {
  if (weak !== null) return weak.cellKey(loc, names);
  return kernel.mem.has(loc) ? names.value(kernel.mem.peek(loc)) : '-';
}

/** Whether every live thread exposes its frames: a fingerprint is then exact, not only what is visible. */
export function threadsExplicit(kernel: Kernel): boolean {
  return kernel.threads.every((t) => t.status !== 'ready' || explicitStateOf(t) !== null);
}

function globalsKey(kernel: Kernel): string {
  const faults = kernel.allocators.faults;
  const counted = (['element', 'meta'] as const).map((cls) => {
    const mode = faults[cls];
    return mode.kind === 'fail-nth' ? Math.min(kernel.allocators.callCount(cls), mode.n) : '';
  });
  const warned = kernel.warnings.map((w) => w.key).sort();
  return `timeouts ${kernel.timeoutsLeft} calls ${counted.join('/')} warned ${warned.join(',')}`;
}

function threadKey(kernel: Kernel, t: Thread, names: BlockNamer, position: FingerprintParts['position']): string {
  if (t.status !== 'ready') return `T${t.id} ${t.status}`;
  const pending = t.pending === null ? 'none' : opKey(t.pending, names);
  const locks = t.locksHeld.map((l) => names.value(l)).join(',');
  const frames = explicitStateOf(t)?.stateKey(names) ?? '';
  const extra = position?.(t.id) ?? '';
  // A thread that has not taken its first step yet (it runs when picked, kernel/rt/kernel.ts spawn) is
  // at another position than after a step that left the same operation pending.
  return `T${t.id}${t.started ? '' : ' unstarted'} ${pending} @${extra} locks ${locks} irq ${t.irqsOff ? 1 : 0} task ${t.taskState}${t.atomic ? ' atomic' : ''} ${frames}`;
}
