/**
 * Projects: what a `mempool-check.config.json` says, per implementation, made ready to run — the
 * implementation loaded and named as the registry names it, scenario files read, known findings and
 * known races with their reasons. Two projects are in play: the package's own file (the seed port's
 * known findings and races, read on first use), and the one a command loaded (`--config`, or the
 * working directory's mempool-check.config.json), which comes first for the implementations it lists.
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { MemoryModelName } from '../kernel/rt/memory.ts';
import type { Profile } from '../model/profile.ts';
import type { KnownFinding } from '../properties/known-findings.ts';
import type { CauseKey } from '../properties/causes.ts';
import type { Scenario } from '../scenarios/spec.ts';
import { packageRoot } from '../impl/package-root.ts';
import { builtinImplNames, PORT } from '../impl/registry.ts';
import { isPathSpec, resolveImpl } from '../impl/resolve.ts';
import type { KnownRace } from '../run/known-races.ts';
import { checkSelection, type PropertySelection } from '../run/monitors.ts';
import { defaultProfile } from '../run/run-config.ts';
import { ConfigError, issueLines, parseJsonFile, shownPath } from './errors.ts';
import { ProjectSchema, type ImplementationEntry, type ProjectFile } from './schema.ts';
import { scenarioFrom } from './scenario-file.ts';

export const PROJECT_FILE = 'mempool-check.config.json';

/** One implementation of a project, ready to run. */
export interface ProjectEntry {
  /** The implementation's registry name (`v4.1`, `file:./pool.ts#pool`, `c:./pool.c`). */
  readonly implementation: string;
  readonly profile?: Profile;
  /** The scenarios the gate explores (absent: every named scenario). */
  readonly scenarios?: readonly Scenario[];
  readonly memory?: readonly MemoryModelName[];
  readonly properties?: PropertySelection;
  readonly knownFindings: readonly KnownFinding[];
  readonly knownRaces: readonly KnownRace[];
}

export interface Project {
  /** The file it was read from (absolute). */
  readonly file: string;
  readonly entries: readonly ProjectEntry[];
}


/** Reads and validates a project file: one ConfigError line per bad field. */
export function readProjectFile(file: string): ProjectFile {
  const shown = shownPath(file);
  const input = parseJsonFile(file, shown);
  const parsed = ProjectSchema.safeParse(input);
  if (!parsed.success) throw new ConfigError(issueLines(shown, parsed.error, input).join('\n'));
  return parsed.data;
}

/** A project with its implementations loaded (a module path is relative to the project file's folder). */
export async function loadProject(path: string): Promise<Project> {
  const file = resolve(path);
  const data = readProjectFile(file);
  const problems = new Problems(shownPath(file));
  const entries: ProjectEntry[] = [];
  for (const [i, e] of data.implementations.entries()) {
    const name = await problems.attemptAsync(`implementations[${i}].implementation`, () => implementationName(file, e.implementation));
    if (name !== undefined) entries.push(entryOf(file, i, e, name, problems));
  }
  problems.throwIfAny();
  return { file, entries };
}

/** Every problem of a file, each one line naming its field: all of them are reported at once. */
class Problems {
  private readonly lines: string[] = [];
  constructor(private readonly shown: string) {}

  attempt<T>(field: string, f: () => T): T | undefined {
    try {
      return f();
    } catch (e) {
      this.add(field, e);
      return undefined;
    }
  }

  async attemptAsync<T>(field: string, f: () => Promise<T>): Promise<T | undefined> {
    try {
      return await f();
    } catch (e) {
      this.add(field, e);
      return undefined;
    }
  }

  private add(field: string, e: unknown): void {
    // A scenario file's own problems already name their file and field.
    if (e instanceof ConfigError) this.lines.push(e.message);
    else this.lines.push(`${this.shown}: ${field}: ${e instanceof Error ? e.message : String(e)}`);
  }

  throwIfAny(): void {
    if (this.lines.length > 0) throw new ConfigError(this.lines.join('\n'));
  }
}

async function implementationName(file: string, spec: string): Promise<string> {
  if (!spec.startsWith('c:') && !isPathSpec(spec)) {
    if (builtinImplNames().includes(spec)) return spec;
    throw new RangeError(`unknown implementation '${spec}' (known: ${builtinImplNames().join(', ')}; or a path to a module exporting a PoolImpl, or c:path/to/pool.c)`);
  }
  const c = spec.startsWith('c:');
  const path = c ? spec.slice(2) : spec.replace(/^file:/, '');
  const absolute = isAbsolute(path) ? path : resolve(dirname(file), path);
  return resolveImpl(c ? `c:${absolute}` : absolute);
}

function entryOf(file: string, i: number, e: ImplementationEntry, implementation: string, problems: Problems): ProjectEntry {
  const dir = dirname(file);
  const at = (field: string): string => `implementations[${i}].${field}`;
  const scenario = (spec: string, field: string): Scenario | undefined => problems.attempt(at(field), () => scenarioFrom(spec, dir));
  const scenarios = e.scenarios?.flatMap((s, j) => scenario(s, `scenarios[${j}]`) ?? []);
  const knownFindings = (e.knownFindings ?? []).flatMap((f, j): KnownFinding[] => {
    const named = scenario(f.scenario, `knownFindings[${j}].scenario`);
    if (named === undefined) return [];
    return [
      {
        scenario: named.name,
        impl: implementation,
        property: f.property,
        reason: f.reason,
        ...(f.cause === undefined ? {} : { cause: f.cause as CauseKey }),
        ...(f.memory === undefined ? {} : { memory: f.memory }),
        ...(f.upstream === undefined ? {} : { upstream: f.upstream }),
      },
    ];
  });
  const knownRaces = (e.knownRaces ?? []).map((r): KnownRace => ({ id: r.id, location: r.location, plain: r.plain, against: r.against, reason: r.reason, ...(r.upstream === undefined ? {} : { upstream: r.upstream }) }));
  const selection = { ...(e.properties === undefined ? {} : { properties: e.properties }), ...(e.skip === undefined || e.skip.length === 0 ? {} : { skip: e.skip }) };
  problems.attempt(at(e.skip === undefined ? 'properties' : 'skip'), () => checkSelection(selection, e.profile ?? defaultProfile(implementation)));
  return {
    implementation,
    ...(e.profile === undefined ? {} : { profile: e.profile }),
    ...(scenarios === undefined ? {} : { scenarios }),
    ...(e.memory === undefined ? {} : { memory: e.memory }),
    ...(Object.keys(selection).length === 0 ? {} : { properties: selection }),
    knownFindings,
    knownRaces,
  };
}

let own: Project | null = null;

/**
 * The package's own project file: the seed port's known findings and races. Its implementations are
 * built-in names, so it is read synchronously, on first use.
 */
export function packageProject(): Project {
  if (own !== null) return own;
  const file = `${packageRoot()}${PROJECT_FILE}`;
  const data = readProjectFile(file);
  const problems = new Problems(file);
  // Entries for files (the seed's own C, `c:docs/seed/mempool.c`) need loading, which is asynchronous:
  // they count where the file is the working directory's project (loadProject), as in the repository.
  const entries = data.implementations.flatMap((e, i) => (builtinImplNames().includes(e.implementation) ? [entryOf(file, i, e, e.implementation, problems)] : []));
  problems.throwIfAny();
  own = { file, entries };
  return own;
}

let active: Project | null = null;

/** The project a command loaded: its entries come before the package's own. */
export function useProject(project: Project | null): void {
  active = project;
}

export function activeProject(): Project | null {
  return active;
}

/** The working directory's project file, if there is one. */
export function projectFileHere(cwd: string = process.cwd()): string | null {
  const file = resolve(cwd, PROJECT_FILE);
  return existsSync(file) ? file : null;
}

/** The entry for an implementation: the loaded project's, else the package's own, else none. */
export function projectEntryFor(impl: string): ProjectEntry | null {
  for (const p of [active, packageProject()]) {
    const e = p?.entries.find((x) => x.implementation === impl);
    if (e !== undefined) return e;
  }
  return null;
}

/** Known findings of an implementation on a scenario under a memory model. */
export function knownFindingsFor(scenario: string, impl: string, memory: MemoryModelName = 'sc'): KnownFinding[] {
  return (projectEntryFor(impl)?.knownFindings ?? []).filter((f) => f.scenario === scenario && (f.memory === undefined || f.memory === memory));
}

/**
 * Known races of an implementation. The port's variants and mutants are edits of it, keeping its
 * lines: the seed's deliberate races are theirs too, unless a project lists them on their own.
 */
export function knownRacesFor(impl: string): readonly KnownRace[] {
  const own = projectEntryFor(impl);
  if (own !== null) return own.knownRaces;
  return impl !== PORT.name && builtinImplNames().includes(impl) ? knownRacesFor(PORT.name) : [];
}
