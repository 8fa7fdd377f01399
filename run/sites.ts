/**
 * Where an operation comes from in the implementation, as a seed line (`L317`).
 *
 * While a report runs an execution, `opSites.capture` records the call stack that created every
 * operation. The first stack frame inside impl/ is the implementation statement that issued it; its
 * source line carries a `// L123` note naming the seed line. Stack positions are source-mapped under
 * tsx and under vitest alike; mutants run from patched copies of the port whose file names (and texts)
 * are in `virtualSources`, with their lines unchanged. Capturing costs a stack trace per operation, so
 * it is only ever switched on around a single execution that is being reported.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Op } from '../kernel/rt/ops.ts';
import { explicitSites, opSites, type ExplicitSite } from '../kernel/rt/trace.ts';
import { virtualSources } from '../impl/patched/load.ts';

/** One stack frame: function name (may be empty), file, line. */
export interface Frame {
  readonly fn: string;
  readonly file: string;
  readonly line: number;
}

/** The implementation statement behind an operation. */
export interface Site {
  /**
   * Seed line of the innermost implementation frame (`L223`), except that an alloc_fn/free_fn wrapper
   * gives way to its caller; null when no frame has a note.
   */
  readonly seedLine: string | null;
  /** Seed lines of every implementation frame, innermost first (`['L28', 'L224']`). */
  readonly chain: readonly string[];
  /** The implementation function (outermost impl frame), e.g. `mempool_alloc`. */
  readonly fn: string | null;
  /** `file:line` of the innermost implementation frame (relative to impl/), for debugging a note. */
  readonly where: string | null;
}

const NO_SITE: Site = { seedLine: null, chain: [], fn: null, where: null };

const FRAME = /^\s*at (?:(.*?) \()?(.*):(\d+):\d+\)?$/;

export function parseFrames(stack: string): Frame[] {
  const frames: Frame[] = [];
  for (const text of stack.split('\n')) {
    const m = FRAME.exec(text);
    if (m === null) continue;
    const raw = m[2] as string;
    const file = raw.startsWith('file://') ? fileURLToPath(raw) : raw;
    frames.push({ fn: (m[1] ?? '').replace(/^Object\./, '').replace(/\.next$/, ''), file, line: Number(m[3]) });
  }
  return frames;
}

const isImplFrame = (f: Frame): boolean => f.file.includes('/impl/') && !f.file.includes('/impl/mutants/');

const sources = new Map<string, readonly string[] | null>();

function sourceLines(file: string): readonly string[] | null {
  let lines = sources.get(file);
  if (lines === undefined) {
    const text = virtualSources.get(file) ?? readOrNull(file);
    lines = text === null ? null : text.split('\n');
    sources.set(file, lines);
  }
  return lines;
}

function readOrNull(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/**
 * The `// L123` note of a source line (`// L67-68` gives `L67`), or null. A port of a later kernel's
 * code names its version: `// v6.17 L563` gives `v6.17 L563` (a seed note on the same line wins).
 */
export function seedNote(line: string | undefined): string | null {
  if (line === undefined) return null;
  const m = /\/\/ L(\d+)/.exec(line);
  if (m !== null) return `L${m[1]}`;
  const later = /\/\/ (v\d+\.\d+) L(\d+)/.exec(line);
  return later === null ? null : `${later[1]} L${later[2]}`;
}

export function siteOf(stack: string): Site {
  const impl = parseFrames(stack).filter(isImplFrame);
  const inner = impl[0];
  if (inner === undefined) return NO_SITE;
  const chain: string[] = [];
  let line: string | null = null;
  for (const f of impl) {
    const note = seedNote(sourceLines(f.file)?.[f.line - 1]);
    if (note === null) continue;
    if (chain[chain.length - 1] !== note) chain.push(note);
    // alloc_fn/free_fn wrappers (mempool_alloc_slab: L337) are one-liners: the line that matters is
    // the pool code calling them (pool->alloc: L218).
    if (line === null && !f.file.endsWith('/allocators.ts')) line = note;
  }
  const outer = impl[impl.length - 1] as Frame;
  const rel = inner.file.slice(inner.file.lastIndexOf('/impl/') + '/impl/'.length);
  return {
    seedLine: line ?? chain[0] ?? null,
    chain,
    fn: outer.fn === '' ? null : outer.fn,
    where: `${rel}:${inner.line}`,
  };
}

/** The Site of an operation whose implementation registered its source position (the C front end). */
export function explicitSiteOf(op: Op): Site | null {
  const e = explicitSites.get(op);
  return e === undefined ? null : siteOfExplicit(e);
}

function siteOfExplicit(e: ExplicitSite): Site {
  const chain: string[] = [];
  for (const line of e.chain) if (chain[chain.length - 1] !== `L${line}`) chain.push(`L${line}`);
  return { seedLine: `L${e.line}`, chain, fn: e.entry, where: `${e.file}:${e.line}` };
}

/**
 * Records the creating stack of every operation while `body` runs, and resolves them to Sites.
 * Always switched off again, also when `body` throws.
 */
export function withSites<T>(body: (siteOfOp: (op: Op) => Site) => T): T {
  const stacks = new WeakMap<Op, string>();
  const resolved = new Map<string, Site>();
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 64;
  opSites.capture = (op) => {
    stacks.set(op, new Error().stack ?? '');
  };
  const lookup = (op: Op): Site => {
    const explicit = explicitSiteOf(op);
    if (explicit !== null) return explicit;
    const stack = stacks.get(op);
    if (stack === undefined) return NO_SITE;
    // Same stack text (minus the capture frame) means same site: resolve each once.
    let site = resolved.get(stack);
    if (site === undefined) {
      site = siteOf(stack);
      resolved.set(stack, site);
    }
    return site;
  };
  try {
    return body(lookup);
  } finally {
    opSites.capture = null;
    Error.stackTraceLimit = limit;
  }
}
