/**
 * `mempool-check gate` (what `npm run check` runs): the sequential model-based check, then every
 * named scenario on the port with the best complete strategy, each compared with its known findings,
 * then the plain-access race detector over every scenario: only the seed's known races may show up.
 * `--report-dir` writes report.json, junit.xml, report.md and a replay file per failure (rewritten
 * after every unit, so a run killed half-way leaves complete files that say it is incomplete);
 * `--shard i/n` runs every n-th unit of the plan (`merge` combines the shards' reports).
 * Exit 0 when everything is as expected, 1 on anything unexpected (a new failure, a race that is not a
 * known finding, or a known finding that no longer shows up), 3 when something was not covered.
 */
import { implNamed, PORT } from '../../impl/registry.ts';
import { SCENARIOS } from '../../scenarios/registry.ts';
import { optFlag, optInt, optString, parseArgs, usageText, type OptionSpec, type Parsed, type PositionalSpec } from '../args.ts';
import { knownRacesFor, projectEntryFor, type Project } from '../../config/project.ts';
import { scenarioFrom } from '../../config/scenario-file.ts';
import { profileNamed } from '../../model/profile.ts';
import { defaultProfile } from '../../run/run-config.ts';
import { checkSelection, checksProperty } from '../../run/monitors.ts';
import { commandProject, PROJECT_OPTIONS } from '../project-args.ts';
import { PROPERTY_OPTIONS, propertySelection } from '../property-args.ts';
import { printGate, sequentialLines } from '../../report/gate.ts';
import { gateDocument } from '../../report/document.ts';
import { writeReportDir } from '../../report/files.ts';
import type { ReportDocument } from '../../report/schema.ts';
import { gatePlan, parseShard, shardOf, type GateUnit } from '../../run/gate/plan.ts';
import { runUnit } from '../../run/gate/unit.ts';
import type { CommandIo } from '../../run/io.ts';
import { inThisThread, runPlan } from '../../run/gate/orchestrate.ts';
import type { CounterexampleRef, UnitOutcome } from '../../run/gate/outcome.ts';
import { monitorsOf } from '../../run/monitors.ts';
import { recordedCounterexample } from '../../run/replay.ts';
import type { Counterexample } from '../../run/counterexample.ts';
import { checkedProperties } from '../../run/properties.ts';
import { DEFAULT_WATCHDOG_SECONDS, workerPool } from '../../run/workers/pool.ts';
import { EXIT, UsageError, type Command } from './command.ts';
import { withControl } from '../../run/control.ts';
import { progressStyle } from '../../run/progress.ts';
import type { MemoryModelName } from '../../kernel/rt/memory.ts';

const POSITIONAL: PositionalSpec = { names: [], min: 0 };

/** Race detection captures a stack per memory access: a budget that covers the six small scenarios whole (~3 s in all). */
const RACE_EXECUTIONS = 300;

const OPTIONS: readonly OptionSpec[] = [
  ...PROJECT_OPTIONS,
  { name: 'impl', kind: 'string', arg: 'NAME|PATH|c:PATH', help: "the implementation (default: the project file's first, else the port v4.1): a variant, mutant:<name>, or a file (./pool.ts, c:./pool.c) each worker loads; its known findings and races are the project file's entry for it" },
  { name: 'profile', kind: 'string', values: ['contract', 'v4.1', 'v6.17'], help: "what it is checked against (default: the project file's, else the implementation's own)" },
  ...PROPERTY_OPTIONS,
  { name: 'scenarios', kind: 'string', arg: 'A,B,...', help: "only these scenarios, named or files (default: the project file's, else every named scenario)" },
  { name: 'time-per-scenario', kind: 'number', positive: true, arg: 'SECONDS', help: 'time budget of each exploration (default 60)' },
  { name: 'memory', kind: 'string', arg: 'sc,weak', help: 'memory models to explore each scenario under (default: both)' },
  { name: 'no-sequential', kind: 'flag', help: 'skip the sequential model-based check' },
  { name: 'race-executions', kind: 'int', min: 0, arg: 'N', help: `race detection: executions per scenario (default ${RACE_EXECUTIONS}; 0 skips it)` },
  { name: 'report-dir', kind: 'string', arg: 'DIR', help: 'write report.json, junit.xml, report.md and one replay file per failure there' },
  { name: 'shard', kind: 'string', arg: 'i/n', help: 'run only the i-th of n shards of the plan (merge the shards with `mempool-check merge`)' },
  { name: 'jobs', kind: 'int', min: 0, arg: 'N', help: 'run the units on N worker threads (default 1; 0: in this thread, without the watchdog)' },
  { name: 'watchdog', kind: 'number', min: 1, arg: 'SECONDS', help: `stop an execution that makes no progress for this long (default ${DEFAULT_WATCHDOG_SECONDS})` },
  { name: 'json', kind: 'flag', help: 'print the report document (report.json) on stdout' },
  { name: 'progress', kind: 'flag', help: 'show progress on stderr also where it is off by default (a library caller)' },
  { name: 'no-progress', kind: 'flag', help: 'no progress on stderr (default: a bar on a terminal, a line every 10 s under CI or when piped)' },
];

function memoryName(text: string): MemoryModelName {
  if (text === 'sc' || text === 'weak') return text;
  throw new UsageError(`--memory takes sc, weak or sc,weak, got '${text}'`);
}

/** What the gate checks: the options first, then the project file's entry for the implementation, then defaults. */
function gateTarget(p: Parsed, project: Project | null) {
  const named = optString(p, 'impl');
  const impl = named ?? project?.entries[0]?.implementation ?? PORT.name;
  implNamed(impl); // an unknown name: one line, exit 2
  const entry = projectEntryFor(impl);
  const profileText = optString(p, 'profile');
  const profile = profileText === undefined ? (entry?.profile ?? defaultProfile(impl)) : profileNamed(profileText);
  const properties = propertySelection(p) ?? entry?.properties;
  if (properties !== undefined) checkSelection(properties, profile);
  const config = { profile, ...(properties === undefined ? {} : { properties }) };
  const scenarioList = optString(p, 'scenarios')?.split(',');
  const scenarios = scenarioList === undefined ? (entry?.scenarios ?? [...SCENARIOS.values()]) : scenarioList.map((s) => scenarioFrom(s));
  const memoryText = optString(p, 'memory');
  const memories = memoryText === undefined ? (entry?.memory ?? ['sc', 'weak']) : memoryText.split(',').map(memoryName);
  // A known finding of a property this run does not check cannot show: it is not expected.
  const knownFindings = (entry?.knownFindings ?? []).filter((f) => checksProperty(config, f.property));
  return { impl, profile, ...(properties === undefined ? {} : { properties }), scenarios, memories, knownFindings, knownRaces: knownRacesFor(impl), config: project?.file ?? null };
}

export const gateCommand: Command = {
  name: 'gate',
  usage: usageText('gate', POSITIONAL, OPTIONS, ['exit codes: 0 as expected, 1 something unexpected, 2 bad input, 3 something incomplete (a budget, Ctrl-C or SIGTERM), 4 internal error (what finished is still printed)']),
  async run(args, io) {
    const p = parseArgs(args, OPTIONS, POSITIONAL);
    const target = gateTarget(p, await commandProject(p));
    const { impl, scenarios } = target;
    // Most rows end in a second or two; quad4 under weak memory needs ~25 s on a 2-core machine to
    // exhaust its preemption bound (128,230 executions), so 20 s left it incomplete there.
    const timeLimit = (p.options.get('time-per-scenario') as number | undefined) ?? 60;
    const memory = target.memories.join(',');
    const raceBudget = optInt(p, 'race-executions') ?? RACE_EXECUTIONS;
    const shardText = optString(p, 'shard');
    const shard = shardText === undefined ? null : parseShard(shardText);
    const json = optFlag(p, 'json');
    const reportDir = optString(p, 'report-dir') ?? null;
    const plan = gatePlan({ ...target, sequential: !optFlag(p, 'no-sequential'), timeLimit, raceBudget });
    const units = shardOf(plan, shard);
    const settings = { timePerScenario: timeLimit, memory, raceExecutions: raceBudget, scenarios: scenarios.map((s) => s.name).join(','), shard: shardText ?? null, profile: target.profile, config: target.config };
    const recorded = recorder();
    const document = (outcomes: readonly UnitOutcome[], interrupted: boolean, running: boolean): ReportDocument =>
      gateDocument({ command: 'gate', implementation: impl, all: plan.map((u) => u.id), units: units.map((u) => u.id), shard, outcomes, counterexample: recorded, interrupted, running, properties: checkedProperties().filter((x) => checksProperty(target, x.property)), settings, raceBudget });
    const soFar: UnitOutcome[] = [];
    const onOutcome = (o: UnitOutcome): void => {
      soFar.push(o);
      if (o.kind === 'sequential' && !json) for (const l of sequentialLines(document([o], false, false).sequential ?? never())) io.out(l);
      // Rewritten after every unit: a run killed now leaves complete files that say what they cover.
      if (reportDir !== null) writeReportDir(reportDir, document(soFar, false, true));
    };
    if (reportDir !== null) writeReportDir(reportDir, document([], false, true));
    const jobs = optInt(p, 'jobs') ?? 1;
    const runner = jobs === 0 ? inThisThread : workerPool({ jobs, watchdogSeconds: (p.options.get('watchdog') as number | undefined) ?? DEFAULT_WATCHDOG_SECONDS });
    const style = progressStyle(io, { progress: optFlag(p, 'progress'), noProgress: optFlag(p, 'no-progress') });
    const result = await withControl(io, { label: 'gate', style }, (control) => runPlan(units, runner, control, io, onOutcome));
    const diverged = result.outcomes.find((o) => o.kind === 'error' && o.nondeterministic === true);
    // Not deterministic: the unit runs again here, where the divergence can be diagnosed (one message, exit 2).
    if (diverged !== undefined) await rethrowDivergence(units.find((u) => u.id === diverged.id), io);
    const doc = document(result.outcomes, result.interrupted, false);
    if (reportDir !== null) writeReportDir(reportDir, doc);
    if (json) io.out(JSON.stringify(doc, null, 2));
    else printGate(io, doc, { sequential: false });
    // An internal error has its own exit code; everything that finished is printed and written above.
    for (const e of doc.errors) io.err(`mempool-check gate: internal error in ${e.unit ?? 'the run'}: ${e.message}`);
    if (doc.errors.length > 0) return EXIT.internal;
    return doc.verdict === 'fail' ? EXIT.fail : doc.verdict === 'incomplete' ? EXIT.incomplete : EXIT.pass;
  },
};

/** Runs a unit whose implementation diverged again in this thread, letting its NondeterminismError through. */
async function rethrowDivergence(unit: GateUnit | undefined, io: CommandIo): Promise<void> {
  if (unit === undefined) return;
  // A rerun that happens not to diverge leaves the worker's internal error to be reported as such.
  await withControl(io, { label: 'gate', style: 'off' }, (control) => runUnit(unit, control));
}

/** Re-records counterexamples from their tokens, once each. */
function recorder(): (ref: CounterexampleRef) => Counterexample {
  const cache = new Map<string, Counterexample>();
  return (ref) => {
    let cx = cache.get(ref.token);
    if (cx === undefined) {
      cx = recordedCounterexample(ref, monitorsOf);
      cache.set(ref.token, cx);
    }
    return cx;
  };
}

function never(): never {
  throw new Error('a sequential outcome without its report');
}
