/** Seeded bugs by name. Adding one: a file in this folder and a line in ALL. */
import { freeNoWake } from './free-no-wake.ts';
import type { Mutant } from './mutant.ts';

const ALL: readonly Mutant[] = [
  freeNoWake,
];

export const MUTANTS: ReadonlyMap<string, Mutant> = new Map(ALL.map((m) => [m.name, m]));
