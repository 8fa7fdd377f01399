/**
 * Merging the report documents of a sharded run (`gate --shard i/n`) into the document one unsharded
 * run writes: rows, race runs and the sequential check put back in plan order, the races merged across
 * scenarios again, and verdict and summary recomputed from the merged content. A shard that is missing
 * leaves its units listed as not run (the merged verdict is then incomplete, never pass).
 */
import { finishDocument, racesJson } from './document.ts';
import { mergeFuzzReports } from './fuzz-document.ts';
import { MergeError } from './merge-error.ts';
import type { ReportDocument } from './schema.ts';

export { MergeError };

export function mergeReports(docs: readonly ReportDocument[]): ReportDocument {
  const first = docs[0];
  if (first === undefined) throw new MergeError('nothing to merge');
  for (const d of docs) {
    const what = (x: ReportDocument): string => `${x.command} of ${x.implementation} over ${x.plan.all.length} units`;
    if (d.command !== first.command || d.implementation !== first.implementation || d.plan.all.join() !== first.plan.all.join()) {
      throw new MergeError(`the reports are of different runs: ${what(first)} and ${what(d)}`);
    }
  }
  const seen = new Set<string>();
  for (const d of docs) {
    for (const id of d.plan.units) {
      if (seen.has(id)) throw new MergeError(`unit ${id} is in two of the reports (the same shard given twice?)`);
      seen.add(id);
    }
  }
  if (first.fuzz !== undefined && first.fuzz !== null) return mergeFuzzReports(docs);
  const order = (id: string): number => first.plan.all.indexOf(id);
  const byPlan = <T>(items: T[], id: (t: T) => string): T[] => items.sort((a, b) => order(id(a)) - order(id(b)));
  const ran = byPlan(docs.flatMap((d) => [...d.plan.ran]), (x) => x);
  const sequential = docs.find((d) => d.sequential !== null)?.sequential ?? null;
  const runs = byPlan(docs.flatMap((d) => [...(d.races?.runs ?? [])]), (r) => `races/${r.scenario}`);
  const withRaces = docs.find((d) => d.races !== null)?.races ?? null;
  const { shard: _shard, ...settings } = first.settings;
  return finishDocument({
    schemaVersion: first.schemaVersion,
    tool: first.tool,
    command: first.command,
    implementation: first.implementation,
    interrupted: docs.some((d) => d.interrupted),
    running: docs.some((d) => d.running),
    plan: { all: first.plan.all, units: first.plan.all, ran, notRun: first.plan.all.filter((id) => !ran.includes(id)), shard: null, mergedShards: docs.length },
    properties: first.properties,
    sequential,
    scenarios: byPlan(docs.flatMap((d) => [...d.scenarios]), (r) => r.id),
    races: withRaces === null ? null : racesJson(first.implementation, withRaces.budget, runs),
    errors: docs.flatMap((d) => [...d.errors]),
    settings: { ...settings, shard: null },
  });
}
