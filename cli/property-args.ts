/**
 * `--properties` / `--skip`: which properties a command checks, by ID (`mempool-check list` shows
 * them). Properties the runtime detects at the operation that breaks them are always reported.
 */
import { PROPERTIES } from '../properties/registry.ts';
import type { PropertySelection } from '../run/monitors.ts';
import { optString, type OptionSpec, type Parsed } from './args.ts';

/** What the runtime detects itself: reported whichever properties are chosen. */
const ALWAYS = [...PROPERTIES.values()].filter((p) => p.runtime === true).map((p) => p.id).join(', ');

export const PROPERTY_OPTIONS: readonly OptionSpec[] = [
  { name: 'properties', kind: 'string', arg: 'ID,...', help: `check only these properties (${ALWAYS} are always reported; \`mempool-check list\` shows every ID)` },
  { name: 'skip', kind: 'string', arg: 'ID,...', help: 'check every property but these' },
];

/** The selection the options make, or undefined when neither is given. */
export function propertySelection(p: Parsed): PropertySelection | undefined {
  const ids = (name: string): string[] | undefined => optString(p, name)?.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const properties = ids('properties');
  const skip = ids('skip');
  if (properties === undefined && skip === undefined) return undefined;
  return { ...(properties === undefined ? {} : { properties }), ...(skip === undefined ? {} : { skip }) };
}
