/**
 * Subcommands by name. Each is loaded only when it runs (or its usage is asked for): `explore` then
 * loads neither fast-check nor the sequential check, the gate or litmus, and `help` loads nothing.
 * Adding one: a file in this folder and a line in ALL.
 */
import type { Command } from './command.ts';

export interface CommandEntry {
  readonly name: string;
  /** One line for the help text. */
  readonly summary: string;
  load(): Promise<Command>;
}

const ALL: readonly CommandEntry[] = [
  {
    name: 'list',
    summary: 'what there is to choose: scenarios, strategies, properties, profiles, implementations, mutants',
    load: async () => (await import('./list.ts')).listCommand,
  },
  {
    name: 'check',
    summary: 'sequential model-based check: command sequences against the reference model',
    load: async () => (await import('./check.ts')).checkCommand,
  },
  {
    name: 'explore',
    summary: 'explore the interleavings of a named scenario; prints a counterexample on failure',
    load: async () => (await import('./explore.ts')).exploreCommand,
  },
  {
    name: 'replay',
    summary: 'replay a counterexample from its token (or a file holding one, or an explore --json result)',
    load: async () => (await import('./replay.ts')).replayCommand,
  },
  {
    name: 'litmus',
    summary: 'run herd7 C litmus tests on the memory model: allowed, forbidden or incomplete, with executions',
    load: async () => (await import('./litmus.ts')).litmusCommand,
  },
  {
    name: 'races',
    summary: 'plain-access race detection over a scenario: both accesses with their seed lines, known races with why',
    load: async () => (await import('./races.ts')).racesCommand,
  },
  {
    name: 'gate',
    summary: 'the CI gate: sequential check + every named scenario on the port, compared with the known findings',
    load: async () => (await import('./gate.ts')).gateCommand,
  },
  {
    name: 'merge',
    summary: "merge the report directories of a sharded gate (gate --shard i/n --report-dir DIR) into one report",
    load: async () => (await import('./merge.ts')).mergeCommand,
  },
  {
    name: 'docs',
    summary: 'write docs/invariants.md: every property, the scope it was proven in, the mutants it kills, what does not hold',
    load: async () => (await import('./docs.ts')).docsCommand,
  },
  {
    name: 'fuzz',
    summary: 'explore random scenarios; a failure is shrunk (scenario, then schedule) to a counterexample',
    load: async () => (await import('./fuzz.ts')).fuzzCommand,
  },
];

export const COMMANDS: ReadonlyMap<string, CommandEntry> = new Map(ALL.map((c) => [c.name, c]));
