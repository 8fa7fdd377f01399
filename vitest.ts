/**
 * `mempool-check/vitest`: a pool's checks as vitest tests in the user's own suite.
 *
 * - `describePool(pool)`: one test per named scenario × memory model, each an exhaustive exploration
 *   (bounded where the scenario has no unbounded verdict); a failure shows the swimlane and the command
 *   that replays it; an exploration that could not finish fails too (nothing is claimed unchecked).
 * - `sequentialProperty(pool)`: the sequential model-based check as an `@fast-check/vitest` property
 *   (fast-check generates and shrinks the command sequences, and prints its seed and path); a failure
 *   shows the shrunk sequence and the first disagreement with the reference model.
 *
 * `pool` is a path or URL of the module exporting the PoolImpl (then the replay command names it),
 * or the PoolImpl object itself.
 */
import { test as fcTest } from '@fast-check/vitest';
import { describe, test } from 'vitest';
import { implNamed } from './impl/registry.ts';
import { SCENARIOS } from './scenarios/registry.ts';
import { sequenceArbitrary } from './sequential/arbitraries.ts';
import { claimedProfile, runSequence } from './sequential/check.ts';
import { Disagreement } from './sequential/disagreement.ts';
import { DEFAULT_SEED } from './sequential/seed.ts';
import type { Profile } from './model/profile.ts';
import type { PropertySelection } from './run/monitors.ts';
import { explore } from './lib/explore.ts';
import { implName, type ImplSpec } from './lib/impl.ts';
import { causeNamed, type CauseKey } from './properties/causes.ts';
import type { KnownFinding } from './properties/known-findings.ts';
import { loadProject } from './config/project.ts';

export interface PoolTestOptions extends PropertySelection {
  /** What it is checked against: contract, v4.1 or v6.17 (default: the profile the pool claims, else the contract). */
  readonly profile?: Profile;
  /** Named scenarios to explore (default: all of them). */
  readonly scenarios?: readonly string[];
  /** Memory models (default: sc and weak). */
  readonly memory?: readonly ('sc' | 'weak')[];
  /**
   * Findings the pool is known to have, each excused with a reason: `{ scenario, property, cause?,
   * memory?, reason }`. With a `cause` (a name of properties/causes.ts, as in a project file) only the
   * failures where it holds are excused. The test fails on any other failure, and when a listed one no
   * longer shows.
   */
  readonly known?: readonly KnownFailure[];
  /**
   * A project file (`mempool-check.config.json`, path relative to the working directory): the known
   * findings of its entry for this pool are accepted too (an entry must exist for it).
   */
  readonly config?: string;
  readonly maxExecutions?: number;
  /** Title of the describe block (default: the pool's name). */
  readonly title?: string;
  /** Per-test time limit in ms (default: none — an exhaustive exploration takes what it takes). */
  readonly timeout?: number;
}

/** setTimeout's largest delay: vitest's way of saying "no limit". */
const NO_LIMIT = 2 ** 31 - 1;

export interface KnownFailure {
  readonly scenario: string;
  readonly property: string;
  /** What produces it (a cause name, properties/causes.ts): only failures where it holds are excused. */
  readonly cause?: string;
  readonly memory?: 'sc' | 'weak';
  readonly reason: string;
}

/** Registers one vitest test per scenario × memory model for `pool`. */
export function describePool(pool: ImplSpec, options: PoolTestOptions = {}): void {
  const scenarios = options.scenarios ?? [...SCENARIOS.keys()];
  const memories = options.memory ?? ['sc', 'weak'];
  // A bad cause is the caller's mistake: one line, at once, not one failing test per scenario.
  for (const f of options.known ?? []) if (f.cause !== undefined) causeNamed(f.cause);
  describe(options.title ?? `mempool-check ${titleOf(pool)}`, () => {
    for (const scenario of scenarios) {
      for (const memory of memories) {
        test(`${scenario} (${memory})`, async () => {
          const known = await knownFindings(pool, options, scenario, memory);
          const r = await explore(pool, scenario, {
            known,
            memory,
            ...(options.profile === undefined ? {} : { profile: options.profile }),
            ...(options.maxExecutions === undefined ? {} : { maxExecutions: options.maxExecutions }),
            ...(options.properties === undefined ? {} : { properties: options.properties }),
            ...(options.skip === undefined ? {} : { skip: options.skip }),
          });
          const unexpected = r.unexplainedProperties;
          if (unexpected.length > 0) {
            const cx = r.counterexample;
            throw new Error([`${unexpected.join(', ')} failed on ${scenario} (${memory})`, '', cx?.text ?? '', '', `replay: ${cx?.replay ?? '(none)'}`].join('\n'));
          }
          if (r.verdict === 'incomplete') throw new Error(`${scenario} (${memory}) was not explored completely: ${r.coverage}`);
          const gone = known.filter((f) => !r.failedProperties.includes(f.property));
          if (gone.length > 0 && r.complete) throw new Error(`known finding ${gone.map((f) => f.property).join(', ')} no longer shows on ${scenario} (${memory}): remove it from the list`);
        }, options.timeout ?? NO_LIMIT);
      }
    }
  });
}

export interface SequentialPropertyOptions {
  /** What it is checked against: contract, v4.1 or v6.17 (default: the profile the pool claims, else the contract). */
  readonly profile?: Profile;
  /** fast-check seed (default: the fixed CI seed, so the test is reproducible). */
  readonly seed?: number;
  readonly numRuns?: number;
  readonly title?: string;
  /** Time limit in ms (default: none). */
  readonly timeout?: number;
}

/** The sequential model-based check as an @fast-check/vitest property. */
export function sequentialProperty(pool: ImplSpec, options: SequentialPropertyOptions = {}): void {
  let name: string | null = null;
  fcTest.prop([sequenceArbitrary()], { seed: options.seed ?? DEFAULT_SEED, numRuns: options.numRuns ?? 200 })(
    options.title ?? `mempool-check ${titleOf(pool)}: agrees with the reference model after every command`,
    async (cmds) => {
      name ??= await implName(pool);
      try {
        const impl = implNamed(name);
        runSequence(impl, cmds, undefined, options.profile ?? claimedProfile(impl));
      } catch (e) {
        if (!(e instanceof Disagreement)) throw e;
        const spec = name.replace(/^file:/, '');
        const profile = options.profile === undefined ? '' : ` --profile ${options.profile}`;
        throw new Error(`${e.message}\nreplay: npx mempool-check check --impl ${spec}${profile} --seed <seed> --path <path> --replay-path <replayPath> (as fast-check prints them below)`, { cause: e });
      }
    },
    options.timeout ?? NO_LIMIT,
  );
}

/** The findings accepted on one scenario and memory model: the listed ones, then the project file's. */
async function knownFindings(pool: ImplSpec, options: PoolTestOptions, scenario: string, memory: 'sc' | 'weak'): Promise<KnownFinding[]> {
  const name = await implName(pool);
  const listed = (options.known ?? []).map(
    (f): KnownFinding => ({
      scenario: f.scenario,
      impl: name,
      property: f.property,
      reason: f.reason,
      ...(f.cause === undefined ? {} : { cause: f.cause as CauseKey }),
      ...(f.memory === undefined ? {} : { memory: f.memory }),
    }),
  );
  let fromFile: readonly KnownFinding[] = [];
  if (options.config !== undefined) {
    const project = await loadProject(options.config);
    const entry = project.entries.find((e) => e.implementation === name);
    if (entry === undefined) throw new Error(`${options.config} has no entry for ${name} (its implementations: ${project.entries.map((e) => e.implementation).join(', ')})`);
    fromFile = entry.knownFindings;
  }
  return [...listed, ...fromFile].filter((f) => f.scenario === scenario && (f.memory === undefined || f.memory === memory));
}

function titleOf(pool: ImplSpec): string {
  if (pool instanceof URL) return pool.pathname.split('/').pop() ?? pool.href;
  return typeof pool === 'string' ? pool : pool.name;
}
