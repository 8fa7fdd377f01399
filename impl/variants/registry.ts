/** Later kernels and fixed versions, by name. Adding one: a file here and a line in ALL. */
import type { PortEdit } from '../patched/edit.ts';
import { buildPatchedPort } from '../patched/load.ts';
import type { AnyPoolImpl } from '../pool-impl.ts';
import { resizeWakes } from './resize-wakes.ts';
import { zeroMinFix } from './zero-min-fix.ts';

/** Fixes expressed as edits of the port (so they stay side by side with the seed). */
const PATCHES: readonly PortEdit[] = [resizeWakes, zeroMinFix];

const byName = new Map(PATCHES.map((p) => [p.name, p]));

export const variantNames = (): string[] => [...byName.keys()];

/** The variant's implementation, built (patched and loaded) on first use. */
export function variantNamed(name: string): AnyPoolImpl | undefined {
  const edit = byName.get(name);
  return edit === undefined ? undefined : buildPatchedPort(edit, edit.name);
}
