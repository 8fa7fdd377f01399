/**
 * `mempool-check docs [--impl NAME] [--out FILE]`: runs the gate's plan without time limits (every row
 * explored to its end, so the result does not depend on the machine; a scenario whose executions may be
 * unbounded within its declared bound, for every implementation) and, for the port, the mutation run
 * over every mutant, and writes the document of proven invariants (default docs/invariants.md).
 * Exit 0 when written and everything was as expected, 1 when the run found something unexpected or a
 * mutant no property kills (the document says which), 2 bad input.
 */
import { knownRacesFor, projectEntryFor } from '../../config/project.ts';
import { IMPL_ARG, IMPL_HELP } from '../impl-option.ts';
import { gateDocument } from '../../report/document.ts';
import { writeAtomically } from '../../report/files.ts';
import { invariantsMarkdown, unkilledMutants, type Kill } from '../../report/invariants/markdown.ts';
import { implNamed, PORT } from '../../impl/registry.ts';
import { MUTANTS } from '../../impl/mutants/registry.ts';
import { PROPERTIES } from '../../properties/registry.ts';
import { SCENARIOS } from '../../scenarios/registry.ts';
import { inThisThread, runPlan } from '../../run/gate/orchestrate.ts';
import type { KillsOutcome } from '../../run/gate/outcome.ts';
import { gatePlan, mutationPlan, NO_TIME_LIMIT } from '../../run/gate/plan.ts';
import { monitorsOf } from '../../run/monitors.ts';
import { checkedProperties } from '../../run/properties.ts';
import { defaultProfile } from '../../run/run-config.ts';
import { recordedCounterexample } from '../../run/replay.ts';
import { DEFAULT_WATCHDOG_SECONDS, workerPool } from '../../run/workers/pool.ts';
import { optInt, optString, parseArgs, usageText, type OptionSpec, type PositionalSpec } from '../args.ts';
import { EXIT, type Command } from './command.ts';
import { withControl } from '../../run/control.ts';
import { progressStyle } from '../../run/progress.ts';

const POSITIONAL: PositionalSpec = { names: [], min: 0 };

/** Where an interrupted run's document goes: beside the one it does not replace (`invariants.partial.md`). */
export const partialPath = (out: string): string => out.replace(/(\.md)?$/, '.partial.md');

/** Per mutant, scenario and memory model: enough for every mutant's kills on the scenarios that show them. */
const MUTANT_EXECUTIONS = 1000;
const MUTANT_SEQUENCES = 200;
/** The gate's race budget. */
const RACE_EXECUTIONS = 300;

const OPTIONS: readonly OptionSpec[] = [
  { name: 'impl', kind: 'string', arg: IMPL_ARG, help: `${IMPL_HELP}; the mutation run is made for the port only` },
  { name: 'out', kind: 'string', arg: 'FILE', help: 'where to write it (default docs/invariants.md)' },
  { name: 'jobs', kind: 'int', min: 0, arg: 'N', help: 'worker threads (default 1; 0: in this thread)' },
  { name: 'mutant-executions', kind: 'int', min: 1, arg: 'N', help: `executions per mutant, scenario and memory model (default ${MUTANT_EXECUTIONS})` },
];

export const docsCommand: Command = {
  name: 'docs',
  usage: usageText('docs', POSITIONAL, OPTIONS, ['exit codes: 0 written, everything as expected; 1 written, something unexpected or a mutant not killed; 2 bad input']),
  async run(args, io) {
    const p = parseArgs(args, OPTIONS, POSITIONAL);
    const impl = optString(p, 'impl') ?? PORT.name;
    implNamed(impl);
    const out = optString(p, 'out') ?? 'docs/invariants.md';
    const scenarios = [...SCENARIOS.values()];
    // What the gate itself would check: the project file's entry for the implementation (its profile,
    // accepted known findings and races), else the implementation's own profile and nothing accepted.
    const entry = projectEntryFor(impl);
    const profile = entry?.profile ?? defaultProfile(impl);
    const known = { knownFindings: entry?.knownFindings ?? [], knownRaces: knownRacesFor(impl) };
    // With no time limit every run must end: scenarios whose executions may be unbounded are explored within their bound.
    const gate = gatePlan({ impl, profile, scenarios, memories: ['sc', 'weak'], sequential: true, timeLimit: NO_TIME_LIMIT, raceBudget: RACE_EXECUTIONS, bounded: true, ...known });
    const mutation = { budget: optInt(p, 'mutant-executions') ?? MUTANT_EXECUTIONS, sequences: MUTANT_SEQUENCES };
    const mutants = impl === PORT.name ? [...MUTANTS.values()] : [];
    const mutationUnits = mutationPlan({ mutants: mutants.map((m) => m.name), scenarios, memories: ['sc', 'weak'], ...mutation }, gate.length);
    const jobs = optInt(p, 'jobs') ?? 1;
    const runner = jobs === 0 ? inThisThread : workerPool({ jobs, watchdogSeconds: DEFAULT_WATCHDOG_SECONDS });
    const result = await withControl(io, { label: 'docs', style: progressStyle(io, {}) }, (control) => runPlan([...gate, ...mutationUnits], runner, control, io));
    const portOutcomes = result.outcomes.filter((o) => o.index < gate.length);
    const doc = gateDocument({
      command: 'gate',
      implementation: impl,
      all: gate.map((u) => u.id),
      units: gate.map((u) => u.id),
      shard: null,
      outcomes: portOutcomes,
      counterexample: (ref) => recordedCounterexample(ref, monitorsOf),
      interrupted: result.interrupted,
      running: false,
      properties: checkedProperties(profile),
      settings: {},
      raceBudget: RACE_EXECUTIONS,
    });
    const kills: Kill[] = result.outcomes.filter((o): o is KillsOutcome => o.kind === 'kills').map((k) => ({ mutant: k.implementation.replace(/^mutant:/, ''), scenario: k.scenario, memory: k.memory, failed: k.failed, executions: k.executions, complete: k.complete }));
    const errors = result.outcomes.flatMap((o) => (o.kind === 'error' ? [o] : []));
    const input = {
      doc,
      mutationErrors: errors.filter((e) => e.index >= gate.length).map((e) => `${e.unit}: ${e.message.replace(/ \(at .*\)$/, '')}`),
      scenarios,
      judged: (id: string) => {
        const def = PROPERTIES.get(id);
        return def === undefined ? null : { checkedAt: def.checkedAt, runtime: def.runtime === true };
      },
      kills,
      mutants,
      mutation,
      command: `npm run mempool-check -- docs${impl === PORT.name ? '' : ` --impl ${impl}`}`,
    };
    // An interrupted run proves less than a whole one: the document is not overwritten with it, but
    // what finished is kept beside it, marked as such.
    if (result.interrupted) {
      const partial = partialPath(out);
      writeAtomically(partial, invariantsMarkdown(input));
      io.err(`interrupted: ${out} not written; what finished is in ${partial}, marked interrupted`);
      return EXIT.incomplete;
    }
    writeAtomically(out, invariantsMarkdown(input));
    const unkilled = unkilledMutants(input);
    io.out(`wrote ${out}: ${doc.summary}${unkilled.length > 0 ? `; not killed: ${unkilled.join(', ')}` : ''}`);
    for (const e of errors) io.err(`internal error in ${e.unit}: ${e.message}`);
    if (result.interrupted) return EXIT.incomplete;
    return doc.verdict === 'pass' && unkilled.length === 0 && errors.length === 0 ? EXIT.pass : doc.verdict === 'incomplete' ? EXIT.incomplete : EXIT.fail;
  },
};
