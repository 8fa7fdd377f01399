/**
 * The project file, `mempool-check.config.json`: per implementation, what the gate runs (profile,
 * scenarios, memory models, properties) and what it accepts (known findings and known races, each with
 * a reason and optionally an upstream reference). Validated with zod; every bad field is one line that
 * names it (config/load.ts).
 */
import { z } from 'zod';
import { PROFILES } from '../model/profile.ts';
import { causeKeys } from '../properties/causes.ts';
import { propertyIds } from '../properties/registry.ts';
import { checkedProperties } from '../run/properties.ts';

/** What a known finding may name: a property, or a finding of the explorer itself (LIVELOCK, ENDLESS-STEP). */
export const findingIds = (): string[] => checkedProperties().map((p) => p.property);

const text = z.string().trim().min(1, 'must not be empty');
const memory = z.enum(['sc', 'weak']);
const propertyId = z.string().refine((id) => propertyIds().includes(id), { error: (i) => `unknown property '${String(i.input)}' (known: ${propertyIds().join(', ')})` });
const findingId = z.string().refine((id) => findingIds().includes(id), { error: (i) => `unknown property '${String(i.input)}' (known: ${findingIds().join(', ')})` });
const causeKey = z.string().refine((k) => (causeKeys() as string[]).includes(k), { error: (i) => `unknown cause '${String(i.input)}' (known: ${causeKeys().join(', ')})` });

export const KnownFindingSchema = z.strictObject({
  /** A named scenario, or a scenario file (relative to the project file). */
  scenario: text,
  property: findingId,
  /** What produces it (properties/causes.ts): only failures where it holds are excused. Absent: every failure of the property there. */
  cause: causeKey.optional(),
  /** Only under this memory model (absent: both). */
  memory: memory.optional(),
  reason: text,
  /** Where upstream knows of it: a commit, a release, a report (free text or a URL). */
  upstream: text.optional(),
});

export const KnownRaceSchema = z.strictObject({
  id: text,
  /** The location as reports name it (`pool->curr_nr`). */
  location: text,
  /** Where the racing plain access is: a seed line (`L317`) or `file:line`. */
  plain: text,
  /** Where the conflicting accesses are. */
  against: z.array(text).min(1, 'must name at least one access'),
  reason: text,
  upstream: text.optional(),
});

export const ImplementationSchema = z.strictObject({
  /** A built-in name (`v4.1`, a variant), a module path (relative to the project file) or `c:path`. */
  implementation: text,
  profile: z.enum(PROFILES).optional(),
  /** Named scenarios or scenario files (default: every named scenario). */
  scenarios: z.array(text).min(1, 'must list at least one scenario').optional(),
  memory: z.array(memory).min(1, 'must list at least one memory model').optional(),
  properties: z.array(propertyId).min(1, 'must list at least one property').optional(),
  skip: z.array(propertyId).optional(),
  knownFindings: z.array(KnownFindingSchema).optional(),
  knownRaces: z.array(KnownRaceSchema).optional(),
});

export const ProjectSchema = z.strictObject({
  $schema: z.string().optional(),
  /** The first one is what `gate` checks unless `--impl` names another. */
  implementations: z.array(ImplementationSchema).min(1, 'must list at least one implementation'),
});

export type ProjectFile = z.infer<typeof ProjectSchema>;
export type ImplementationEntry = z.infer<typeof ImplementationSchema>;
export type KnownFindingEntry = z.infer<typeof KnownFindingSchema>;
export type KnownRaceEntry = z.infer<typeof KnownRaceSchema>;

/** The JSON Schema of a project file (docs/config.schema.json; `npm run config-schema` writes it). */
export function projectJsonSchema(): object {
  return { title: 'mempool-check project file (mempool-check.config.json)', ...z.toJSONSchema(ProjectSchema, { io: 'input' }) };
}
