/**
 * `mempool-check list [what]`: what there is to choose from — scenarios, strategies, properties (with
 * their statements and the profiles that check them), profiles, implementations, mutants and the
 * causes a known finding may name — from
 * the registries themselves, so the list is never out of date.
 */
import { STRATEGIES } from '../../explorer/strategies/registry.ts';
import { MUTANTS } from '../../impl/mutants/registry.ts';
import { implNamed, PORT } from '../../impl/registry.ts';
import { variantNames } from '../../impl/variants/registry.ts';
import { PROFILE_TEXT, PROFILES } from '../../model/profile.ts';
import { causeKeys, causeNamed } from '../../properties/causes.ts';
import { PROPERTIES } from '../../properties/registry.ts';
import { SCENARIOS } from '../../scenarios/registry.ts';
import { optFlag, parseArgs, usageText, type OptionSpec, type PositionalSpec } from '../args.ts';
import { EXIT, UsageError, type Command } from './command.ts';

const POSITIONAL: PositionalSpec = { names: ['what'], min: 0 };
const OPTIONS: readonly OptionSpec[] = [{ name: 'json', kind: 'flag', help: 'print the lists as JSON' }];

interface Entry {
  readonly name: string;
  readonly text: string;
  readonly notes?: string;
}

const SECTIONS: Readonly<Record<string, () => Entry[]>> = {
  scenarios: () => [...SCENARIOS.values()].map((s) => ({ name: s.name, text: s.description })),
  strategies: () => [...STRATEGIES.values()].map((s) => ({ name: s.name, text: s.summary })),
  properties: () =>
    [...PROPERTIES.values()].map((p) => ({
      name: p.id,
      text: p.statement,
      notes: `${p.profiles === undefined ? 'contract (every profile)' : `profiles ${p.profiles.join(', ')}`}${p.runtime === true ? '; detected by the runtime, always reported' : ''}`,
    })),
  profiles: () => PROFILES.map((p) => ({ name: p, text: PROFILE_TEXT[p] })),
  implementations: () =>
    [PORT.name, ...variantNames()].map((name) => {
      const impl = implNamed(name);
      return { name, text: impl.description, notes: `profile ${impl.profile ?? 'contract'}` };
    }),
  mutants: () => [...MUTANTS.values()].map((m) => ({ name: `mutant:${m.name}`, text: m.breaks, notes: `caught by ${m.caughtBy.join(', ')}` })),
  // What a known finding of a project file may name as its `cause`.
  causes: () => causeKeys().map((k) => ({ name: k, text: causeNamed(k).statement })),
};

const WHAT = Object.keys(SECTIONS);

export const listCommand: Command = {
  name: 'list',
  usage: usageText('list', POSITIONAL, OPTIONS, [
    `what: ${WHAT.join(', ')} (default: all of them)`,
    'implementations also: --impl ./path/to/pool.ts (a module exporting a PoolImpl) or --impl c:path/to/pool.c',
  ]),
  run(args, io) {
    const p = parseArgs(args, OPTIONS, POSITIONAL);
    const what = p.positionals[0];
    if (what !== undefined && !WHAT.includes(what)) throw new UsageError(`unknown list '${what}' (known: ${WHAT.join(', ')})`);
    const chosen = what === undefined ? WHAT : [what];
    const lists = Object.fromEntries(chosen.map((w) => [w, (SECTIONS[w] as () => Entry[])()]));
    if (optFlag(p, 'json')) {
      io.out(JSON.stringify(lists, null, 2));
      return EXIT.pass;
    }
    chosen.forEach((w, i) => {
      if (i > 0) io.out('');
      io.out(`${w}:`);
      const entries = lists[w] as Entry[];
      const width = Math.max(...entries.map((e) => e.name.length));
      for (const e of entries) {
        io.out(`  ${e.name.padEnd(width)}  ${e.text}`);
        if (e.notes !== undefined) io.out(`  ${''.padEnd(width)}  (${e.notes})`);
      }
    });
    return EXIT.pass;
  },
};
