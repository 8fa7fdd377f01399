/**
 * One replay file per failure in a report directory: `<name>.replay.json`, plain JSON holding what
 * `mempool-check replay <file>` needs (a token, or the sequential check's seed and paths) and what it
 * is (scenario, memory model, property, known or not, why).
 */
import { replayCommand } from '../run/counterexample.ts';
import type { RacesJson, ReportDocument } from './schema.ts';
import { SCHEMA_VERSION } from './schema.ts';

/** A file name from a description: lower case, [a-z0-9.-] only. */
export const replayFileName = (what: string): string => `${what.toLowerCase().replace(/[^a-z0-9.]+/g, '-').replace(/^-+|-+$/g, '')}.replay.json`;

export const raceReplayFile = (r: RacesJson['races'][number]): string => replayFileName(`race-${r.known ?? `${r.location}-${r.first.site ?? ''}-${r.second.site ?? ''}`}`);

export type ReplayFile = Record<string, unknown> & { readonly kind: 'execution' | 'sequential' };

/** Every replay file of a document, by file name. */
export function replayFiles(doc: ReportDocument): Map<string, ReplayFile> {
  const files = new Map<string, ReplayFile>();
  const add = (name: string, content: ReplayFile): void => {
    files.set(name, { schemaVersion: SCHEMA_VERSION, ...content, replayFile: `mempool-check replay ${name}` });
  };
  for (const row of doc.scenarios) {
    for (const c of row.counterexamples) {
      add(c.replayFile, { kind: 'execution', scenario: c.scenario, implementation: c.implementation, memory: c.memory, timeouts: c.timeouts, property: c.property, known: c.known, reason: c.reason, token: c.token, replay: c.replay });
    }
  }
  const s = doc.sequential;
  if (s?.failure) {
    const { seed, path, replayPath } = s.failure.replay;
    add(replayFileName(`sequential-${s.implementation}`), { kind: 'sequential', implementation: s.implementation, profile: s.profile, seed, path, replayPath, disagreement: s.failure.disagreement, replay: s.replay });
  }
  for (const r of doc.races?.races ?? []) {
    if (r.token === null) continue;
    add(raceReplayFile(r), { kind: 'execution', scenario: r.scenarios[0] ?? null, implementation: doc.implementation, property: null, race: r.location, known: r.known !== null, reason: r.reason, token: r.token, replay: replayCommand(r.token) });
  }
  return files;
}
