/**
 * Scenarios as JSON files: pool parameters, backend, fault and timeout modes, a sequential prefix and
 * the thread programs, in the shape of scenarios/spec.ts. A command that takes a scenario takes a file
 * as well as a name (`explore ./s.json`); the fuzzer saves its shrunk scenario as such a file. Every
 * bad field is one line naming it (exit 2 on the command line).
 */
import { writeFileSync } from 'node:fs';
import { basename, isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { GFP_CLASSES, type GfpClass } from '../kernel/rt/gfp.ts';
import { SCENARIOS } from '../scenarios/registry.ts';
import type { Scenario } from '../scenarios/spec.ts';
import { ConfigError, issueLines, parseJsonFile, shownPath } from './errors.ts';

const gfp = z.enum(Object.keys(GFP_CLASSES) as [GfpClass, ...GfpClass[]]);
const varIndex = z.int().min(0).max(63);

const CommandSchema = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('alloc'), gfp, zero: z.boolean().optional() }),
  z.strictObject({ op: z.literal('free') }),
  z.strictObject({ op: z.literal('resize'), n: z.int() }),
  z.strictObject({ op: z.literal('publish'), var: varIndex, locked: z.boolean().optional() }),
  z.strictObject({ op: z.literal('receive'), var: varIndex, locked: z.boolean().optional() }),
  z.strictObject({ op: z.literal('create'), min_nr: z.int().min(0).max(64) }),
  z.strictObject({ op: z.literal('destroy') }),
]);

const FaultsSchema = z.union([
  z.enum(['never', 'always', 'choice', 'gfp']).transform((kind) => ({ kind })),
  z.strictObject({ kind: z.enum(['never', 'always', 'choice', 'gfp']) }),
  z.strictObject({ kind: z.literal('fail-nth'), n: z.int().min(1) }),
]);

const ThreadSchema = z.strictObject({
  name: z.string().min(1).optional(),
  atomic: z.boolean().optional(),
  commands: z.array(CommandSchema).min(1, 'a thread needs at least one command'),
});

const ScenarioSchema = z.strictObject({
  $schema: z.string().optional(),
  /** Default: the file's name without .json. */
  name: z.string().min(1).optional(),
  description: z.string().optional(),
  min_nr: z.int().min(0).max(64),
  backend: z.enum(['slab', 'kmalloc', 'pages']).default('slab'),
  faults: FaultsSchema.default({ kind: 'never' }),
  /** Fault mode of the pool's own allocations after create (default never). */
  metaFaults: FaultsSchema.optional(),
  /** alloc_fn and free_fn may sleep, as the seed allows (L60-62). */
  sleepingCallbacks: z.boolean().optional(),
  timeouts: z.enum(['untimed', 'timed']).default('untimed'),
  prefix: z.array(CommandSchema).default([]),
  threads: z.array(ThreadSchema).min(1, 'a scenario needs at least one thread').max(8, 'at most 8 threads'),
  finalDestroy: z.boolean().default(true),
  bound: z
    .strictObject({
      maxPreemptions: z.int().min(0),
      weakMaxPreemptions: z.int().min(0).optional(),
      why: z.string().min(1),
    })
    .optional(),
});

/** The JSON Schema of a scenario file (docs/scenario.schema.json; `npm run config-schema` writes it). */
export function scenarioJsonSchema(): object {
  return { title: 'mempool-check scenario file', ...z.toJSONSchema(ScenarioSchema, { io: 'input' }) };
}

/** Whether a scenario argument names a file rather than a named scenario. */
export const isScenarioFile = (spec: string): boolean => spec.endsWith('.json') || spec.includes('/') || spec.includes('\\');

/** A named scenario, or one read from a JSON file (relative to `cwd`). */
export function scenarioFrom(spec: string, cwd: string = process.cwd()): Scenario {
  if (!isScenarioFile(spec)) {
    const s = SCENARIOS.get(spec);
    if (s === undefined) throw new RangeError(`unknown scenario '${spec}' (known: ${[...SCENARIOS.keys()].join(', ')}; or a scenario file, ./name.json)`);
    return s;
  }
  const file = isAbsolute(spec) ? spec : resolve(cwd, spec);
  return readScenarioFile(file, shownPath(file));
}

export function readScenarioFile(file: string, shown: string = shownPath(file)): Scenario {
  const input = parseJsonFile(file, shown);
  const parsed = ScenarioSchema.safeParse(input);
  if (!parsed.success) throw new ConfigError(issueLines(shown, parsed.error, input).join('\n'));
  const s = parsed.data;
  const vars = [s.prefix, ...s.threads.map((t) => t.commands)].flat().filter((c) => c.op === 'publish' || c.op === 'receive');
  if (vars.length > 0 && s.threads.length < 2) throw new ConfigError(`${shown}: threads: publish/receive hand an element between threads: give at least two`);
  const name = s.name ?? basename(file).replace(/\.json$/, '');
  // Reports and tokens name a scenario: a file must not pass for a named one it differs from.
  if (SCENARIOS.has(name)) throw new ConfigError(`${shown}: ${s.name === undefined ? '(file name)' : 'name'}: '${name}' is a named scenario: give this one its own name (a "name" field, or another file name)`);
  const { $schema: _schema, name: _name, description, bound, ...rest } = s;
  const scenario = { name, description: description ?? `scenario file ${shown}`, ...rest, expected: { verdict: 'pass' }, ...(bound === undefined ? {} : { bound }) };
  // zod types optional fields `T | undefined`; parsed JSON never holds undefined, so they are absent or set.
  return scenario as Scenario;
}

/** A scenario as the JSON a file holds (what `readScenarioFile` reads back to an equal scenario). */
export function scenarioJson(s: Scenario): string {
  const faultsJson = (f: Scenario['faults']) => (f.kind === 'fail-nth' ? { kind: 'fail-nth', n: f.n } : f.kind);
  const faults = faultsJson(s.faults);
  const threads = s.threads.map((t) => ({ ...(t.name === undefined ? {} : { name: t.name }), ...(t.atomic === true ? { atomic: true } : {}), commands: t.commands }));
  const out = {
    name: s.name,
    description: s.description,
    min_nr: s.min_nr,
    backend: s.backend,
    faults,
    ...(s.metaFaults === undefined ? {} : { metaFaults: faultsJson(s.metaFaults) }),
    ...(s.sleepingCallbacks === undefined ? {} : { sleepingCallbacks: s.sleepingCallbacks }),
    timeouts: s.timeouts,
    prefix: s.prefix,
    threads,
    finalDestroy: s.finalDestroy,
    ...(s.bound === undefined ? {} : { bound: s.bound }),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}

export function writeScenarioFile(file: string, s: Scenario): void {
  writeFileSync(file, scenarioJson(s));
}
