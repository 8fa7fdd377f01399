/** Implementations by name: the port, variants, and `mutant:<name>` for every seeded bug. */
import { buildMutant } from './patched/load.ts';
import { MUTANTS } from './mutants/registry.ts';
import type { AnyPoolImpl } from './pool-impl.ts';
import { v41 } from './v4.1/index.ts';
import { variantNamed, variantNames } from './variants/registry.ts';

export const PORT: AnyPoolImpl = v41;

export function implNames(): string[] {
  return [v41.name, ...variantNames(), ...[...MUTANTS.keys()].map((m) => `mutant:${m}`)];
}

export function implNamed(name: string): AnyPoolImpl {
  if (name === v41.name) return v41;
  const variant = variantNamed(name);
  if (variant) return variant;
  const mutant = MUTANTS.get(name.replace(/^mutant:/, ''));
  if (mutant) return buildMutant(mutant);
  throw new RangeError(`unknown implementation '${name}' (known: ${implNames().join(', ')})`);
}
