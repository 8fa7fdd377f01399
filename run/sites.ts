/**
 * Where an operation comes from in the implementation: a seed line (`L317`) for code with `// L123`
 * notes (the port), `file:line` of the yielding statement for any other code, or the position an
 * implementation registered itself (kernel/rt/trace.ts `setOpSite`: the C front end).
 *
 * While a report runs an execution, `opSites.capture` records the call stack that created every
 * operation. Frames of the checker itself (kernel/, scenarios/, run/ ... of this package, node_modules,
 * Node's internals) are skipped; the first remaining frame is the implementation statement that issued
 * the operation. Stack positions are source-mapped under tsx, vitest and the precompiled command line
 * alike; mutants run from patched copies of the port whose file names (and texts) are in
 * `virtualSources`, with their lines unchanged. Capturing costs a stack trace per operation, so it is
 * only ever switched on around a single execution that is being reported.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { findSourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Op } from '../kernel/rt/ops.ts';
import { opSites, type ExplicitSite } from '../kernel/rt/trace.ts';
import { packageRoot } from '../impl/package-root.ts';
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
  /** Seed lines of every implementation frame, innermost first (`['L28', 'L224']`); for code without notes, their `file:line`s. */
  readonly chain: readonly string[];
  /** The implementation function (outermost impl frame), e.g. `mempool_alloc`. */
  readonly fn: string | null;
  /** `file:line` of the innermost implementation frame (package files relative to the package, others to the working directory). */
  readonly where: string | null;
  /** What reports show: the seed line where there is one, else `file:line`; null when nothing is known. */
  readonly label: string | null;
  /** The source text of the innermost implementation line (trimmed), when it can be read. */
  readonly statement: string | null;
}

const NO_SITE: Site = { seedLine: null, chain: [], fn: null, where: null, label: null, statement: null };

const FRAME = /^\s*at (?:(.*?) \()?(.*):(\d+):(\d+)\)?$/;

export function parseFrames(stack: string): Frame[] {
  const frames: Frame[] = [];
  for (const text of stack.split('\n')) {
    const m = FRAME.exec(text);
    if (m === null) continue;
    const raw = m[2] as string;
    const file = raw.startsWith('file://') ? fileURLToPath(raw) : raw;
    const fn = (m[1] ?? '').replace(/^Object\./, '').replace(/\.next$/, '');
    frames.push({ fn, file, line: Number(m[3]) });
  }
  return frames;
}

/**
 * An error's stack as text with every position in its source file's own lines, however the module was
 * loaded: a module Node loaded with a source map (TypeScript through tsx, the precompiled bundle) is
 * mapped here from V8's raw position, since whether the current stack formatter maps it depends on who
 * installed that formatter (Node's maps with source maps enabled, vitest's only the modules vitest
 * loaded); any other frame keeps the formatter's own position (vitest's mapped ones). Must be called
 * before anything reads `error.stack`.
 */
export function stackOf(error: Error): string {
  const previous = Error.prepareStackTrace;
  Error.prepareStackTrace = (err, calls) => {
    let formatted: readonly string[] | null | undefined;
    const formatterLines = (): readonly string[] | null => {
      if (formatted !== undefined) return formatted;
      const text = previous === undefined ? null : String(previous(err, calls));
      const lines = text === null ? [] : text.split('\n').filter((l) => /^\s*at /.test(l));
      formatted = lines.length === calls.length ? lines : null;
      return formatted;
    };
    return ['Error', ...calls.map((call, i) => `    at ${frameText(call, () => formatterLines()?.[i] ?? null)}`)].join('\n');
  };
  try {
    return error.stack ?? '';
  } finally {
    Error.prepareStackTrace = previous;
  }
}

function frameText(call: NodeJS.CallSite, formatterLine: () => string | null): string {
  const fn = call.getFunctionName() ?? '';
  const file = call.getFileName() ?? call.getScriptNameOrSourceURL() ?? '';
  const line = call.getLineNumber();
  const column = call.getColumnNumber();
  if (file === '' || line === null || column === null) return `${fn} (<anonymous>)`;
  const map = findSourceMap(file);
  if (map !== undefined) {
    const entry = map.findEntry(line - 1, column - 1) as { originalSource?: string; originalLine?: number; originalColumn?: number };
    if (entry.originalSource !== undefined && entry.originalLine !== undefined) {
      const source = entry.originalSource.startsWith('file://') ? fileURLToPath(entry.originalSource) : entry.originalSource;
      return `${fn} (${source}:${entry.originalLine + 1}:${(entry.originalColumn ?? 0) + 1})`;
    }
  }
  const m = FRAME.exec(formatterLine() ?? '');
  return m === null ? `${fn} (${file}:${line}:${column})` : `${fn} (${m[2]}:${m[3]}:${m[4]})`;
}

/** Folders of this package whose code is the checker, never an implementation under test. */
const CHECKER_DIRS = ['kernel', 'explorer', 'scenarios', 'run', 'properties', 'report', 'cli', 'sequential', 'model', 'litmus', 'dist', 'bin', 'c', 'config', 'node_modules', 'impl/mutants', 'impl/patched/load.ts', 'impl/resolve'];
/** The package's own entry modules (index.ts, kernel.ts, vitest.ts) are the checker too. */
const CHECKER_FILES = ['index.ts', 'kernel.ts', 'vitest.ts'];

/** Whether a frame is implementation code: not the checker's, not a library's, not Node's. */
export function isImplFrame(f: Frame, root: string = packageRoot()): boolean {
  if (!isAbsolute(f.file) || f.file.includes('/node_modules/')) return false;
  if (!f.file.startsWith(root)) return true;
  const rel = f.file.slice(root.length);
  if (CHECKER_FILES.includes(rel)) return false;
  return !CHECKER_DIRS.some((d) => rel === d || rel.startsWith(`${d}/`));
}

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

/** The source text of a line of an implementation file (trimmed), or null when it cannot be read. */
export function sourceLine(file: string, line: number): string | null {
  return sourceLines(file)?.[line - 1]?.trim() ?? null;
}

/** A line of the seed's C (docs/seed/mempool.c keeps its original line numbers), trimmed; null if absent. */
export function seedSourceLine(line: number): string | null {
  return sourceLine(`${packageRoot()}docs/seed/mempool.c`, line);
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

/** A file as reports name it: relative to the package for its own files, else to the working directory. */
export function displayPath(file: string, root: string = packageRoot()): string {
  if (file.startsWith(root)) return file.slice(root.length);
  const rel = relative(process.cwd(), file);
  return rel.startsWith('..') || isAbsolute(rel) ? file : rel;
}

/**
 * The implementation's frames of an operation's stack, innermost first: after the kernel API's own
 * frames, every frame up to the first of the checker (the thread-program interpreter that called the
 * pool, or the kernel that resumed it). Frames below that are the driver (a test, a command). The
 * capture's own frame (run/) comes first and is skipped like the API's.
 */
export function implFrames(frames: readonly Frame[], root: string = packageRoot()): Frame[] {
  let i = 0;
  while (i < frames.length && !isImplFrame(frames[i] as Frame, root) && isApiFrame(frames[i] as Frame, root)) i += 1;
  const out: Frame[] = [];
  for (; i < frames.length && isImplFrame(frames[i] as Frame, root); i++) out.push(frames[i] as Frame);
  return out;
}

/** A frame of the kernel API, of the capture itself (run/), or a Node internal between them and the caller. */
const isApiFrame = (f: Frame, root: string): boolean =>
  !isAbsolute(f.file) || ['kernel/', 'run/', 'dist/'].some((d) => f.file.startsWith(root + d)) || f.file.includes('/node_modules/');

export function siteOf(stack: string): Site {
  const impl = implFrames(parseFrames(stack));
  const inner = impl[0];
  if (inner === undefined) return NO_SITE;
  const notes: string[] = [];
  const places: string[] = [];
  let line: string | null = null;
  for (const f of impl) {
    const place = `${displayPath(f.file)}:${f.line}`;
    if (places[places.length - 1] !== place) places.push(place);
    const note = seedNote(sourceLines(f.file)?.[f.line - 1]);
    if (note === null) continue;
    if (notes[notes.length - 1] !== note) notes.push(note);
    // alloc_fn/free_fn wrappers (mempool_alloc_slab: L337) are one-liners: the line that matters is
    // the pool code calling them (pool->alloc: L218).
    if (line === null && !f.file.endsWith('/allocators.ts')) line = note;
  }
  const outer = impl[impl.length - 1] as Frame;
  const seedLine = line ?? notes[0] ?? null;
  const where = places[0] as string;
  return {
    seedLine,
    chain: notes.length > 0 ? notes : places,
    fn: outer.fn === '' ? null : outer.fn,
    where,
    label: seedLine ?? where,
    statement: sourceLine(inner.file, inner.line),
  };
}

/** The Site of an operation whose implementation registered its source position (the C front end). */
export function explicitSiteOf(op: Op): Site | null {
  const e = opSites.explicit.get(op);
  return e === undefined ? null : siteOfExplicit(e);
}

function siteOfExplicit(e: ExplicitSite): Site {
  const chain: string[] = [];
  for (const line of e.chain) if (chain[chain.length - 1] !== `L${line}`) chain.push(`L${line}`);
  const seedLine = `L${e.line}`;
  return { seedLine, chain, fn: e.entry, where: `${e.file}:${e.line}`, label: seedLine, statement: sourceLine(resolve(e.file), e.line) };
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
    if (!opSites.explicit.has(op)) stacks.set(op, stackOf(new Error()));
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
