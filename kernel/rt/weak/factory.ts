/**
 * Memory models by name, for KernelConfig.memory and the command line
 * (`--memory weak --stale-reads 1 --window 4`).
 */
import type { MemoryModel, MemoryModelName } from '../memory.ts';
import { ScMemory } from '../memory-sc.ts';
import { WeakMemory } from '../memory-weak.ts';
import { checkWeakOptions, DEFAULT_WEAK_OPTIONS, type WeakOptions } from './options.ts';

export const MEMORY_MODEL_NAMES: readonly MemoryModelName[] = ['sc', 'weak'];

export interface MemorySettings extends WeakOptions {
  readonly model: MemoryModelName;
}

/** A model asked for by name (checked by memoryFactory), with optional weak bounds. */
export type MemoryRequest = Partial<WeakOptions> & { readonly model: string };

export const DEFAULT_MEMORY: MemorySettings = { model: 'sc', ...DEFAULT_WEAK_OPTIONS };

/** A factory for KernelConfig.memory (one fresh model per execution). */
export function memoryFactory(settings: MemoryRequest): () => MemoryModel {
  const model = settings.model;
  if (model === 'sc') return () => new ScMemory();
  if (model === 'weak') {
    const options = checkWeakOptions({
      staleReads: settings.staleReads ?? DEFAULT_WEAK_OPTIONS.staleReads,
      window: settings.window ?? DEFAULT_WEAK_OPTIONS.window,
    });
    return () => new WeakMemory(options);
  }
  throw new RangeError(`unknown memory model '${model}' (known: ${MEMORY_MODEL_NAMES.join(', ')})`);
}

/** Parses a bound given on the command line: a non-negative integer, or `inf`/`unbounded`. */
export function parseBound(text: string, what: string): number {
  if (/^(inf|infinity|unbounded|none)$/i.test(text)) return Infinity;
  if (!/^\d+$/.test(text)) throw new RangeError(`${what} must be a non-negative integer or 'inf', got '${text}'`);
  return Number(text);
}

/** One line describing the settings, for reports ("weak, stale reads <= 1, window 4"). */
export function describeMemory(s: MemoryRequest): string {
  if (s.model !== 'weak') return s.model;
  const k = s.staleReads ?? Infinity;
  const w = s.window ?? Infinity;
  return `weak, stale reads ${Number.isFinite(k) ? `<= ${k}` : 'unbounded'}, window ${Number.isFinite(w) ? w : 'unbounded'}`;
}
