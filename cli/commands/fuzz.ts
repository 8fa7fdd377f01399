/**
 * `mempool-check fuzz`: random scenarios (fast-check) explored on an implementation; a failure is
 * shrunk — the scenario by fast-check while the same property fails, then the schedule — and printed
 * as a counterexample whose token carries the whole scenario. Never complete: no failure is exit 3.
 */
import { IMPL_OPTION } from '../impl-option.ts';
import { match } from 'ts-pattern';
import { implNamed, PORT } from '../../impl/registry.ts';
import { profileNamed } from '../../model/profile.ts';
import { fuzz, type OnPort } from '../../run/fuzz.ts';
import { partOf, shardRange, totals, type FuzzFailure, type FuzzPart } from '../../run/fuzz-parts.ts';
import { fuzzOnWorkers } from '../../run/workers/fuzz-pool.ts';
import { DEFAULT_WATCHDOG_SECONDS } from '../../run/workers/pool.ts';
import { parseShard } from '../../run/gate/plan.ts';
import { recordedCounterexample } from '../../run/replay.ts';
import type { Counterexample } from '../../run/counterexample.ts';
import { checkedProperties } from '../../run/properties.ts';
import { describeScenario, type Scenario } from '../../scenarios/spec.ts';
import { writeScenarioFile } from '../../config/scenario-file.ts';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fuzzDocument } from '../../report/fuzz-document.ts';
import { writeReportDir } from '../../report/files.ts';
import { withControl } from '../../run/control.ts';
import { progressStyle } from '../../run/progress.ts';
import { counterexampleJson } from '../../report/json.ts';
import { checkSelection, monitorsOf } from '../../run/monitors.ts';
import { PROPERTY_OPTIONS, propertySelection } from '../property-args.ts';
import { defaultProfile } from '../../run/run-config.ts';
import { counterexampleText } from '../../report/swimlane.ts';
import { optFlag, optInt, optString, parseArgs, usageText, type OptionSpec, type PositionalSpec } from '../args.ts';
import { EXIT, UsageError, type Command, type CommandIo } from './command.ts';

const POSITIONAL: PositionalSpec = { names: [], min: 0 };

const OPTIONS: readonly OptionSpec[] = [
  IMPL_OPTION,
  { name: 'profile', kind: 'string', values: ['contract', 'v4.1', 'v6.17'], help: "what it is checked against (default: the implementation's own; v4.1 for the port)" },
  { name: 'runs', kind: 'int', min: 1, arg: 'N', help: 'random scenarios to try (default 100)' },
  { name: 'seed', kind: 'int', min: 0, arg: 'N', help: 'fast-check seed (default 1)' },
  { name: 'executions', kind: 'int', min: 1, arg: 'N', help: 'executions each scenario may explore (default 2000)' },
  { name: 'time', kind: 'number', positive: true, arg: 'SECONDS', help: 'stop drawing new scenarios after this long' },
  ...PROPERTY_OPTIONS,
  { name: 'new-only', kind: 'flag', help: 'only failures the seed port v4.1 does not show on the same scenario (for a new implementation)' },
  { name: 'jobs', kind: 'int', min: 0, arg: 'N', help: 'explore the random scenarios on N worker threads, with the result of one (default 0: in this thread)' },
  { name: 'watchdog', kind: 'number', min: 1, arg: 'SECONDS', help: `with --jobs: stop an execution that makes no progress for this long, a TERMINATION finding (default ${DEFAULT_WATCHDOG_SECONDS})` },
  { name: 'shard', kind: 'string', arg: 'i/n', help: 'only the i-th of n ranges of run indices (merge the shards with `mempool-check merge`)' },
  { name: 'report-dir', kind: 'string', arg: 'DIR', help: 'write report.json, junit.xml, report.md and the replay file of a failure there' },
  { name: 'save-scenario', kind: 'string', arg: 'DIR', help: 'on a failure, write the shrunk scenario there as a scenario file (explore DIR/<file>.json explores it again)' },
  { name: 'json', kind: 'flag', help: 'print a machine-readable result' },
  { name: 'progress', kind: 'flag', help: 'show progress on stderr also where it is off by default (a library caller)' },
  { name: 'no-progress', kind: 'flag', help: 'no progress on stderr (default: a bar on a terminal, a line every 10 s under CI or when piped)' },
];

export const fuzzCommand: Command = {
  name: 'fuzz',
  usage: usageText('fuzz', POSITIONAL, OPTIONS, ['exit codes: 1 a property failed, 2 bad input, 3 no failure found (random testing is never complete; also when Ctrl-C or SIGTERM stopped it), 4 internal error']),
  async run(args, io) {
    const p = parseArgs(args, OPTIONS, POSITIONAL);
    const impl = optString(p, 'impl') ?? 'v4.1';
    implNamed(impl);
    if (optFlag(p, 'new-only') && impl === PORT.name) throw new UsageError(`--new-only compares with the seed port ${PORT.name}: give --impl another implementation`);
    const now = io.now ?? ((): number => performance.now());
    const seconds = p.options.get('time') as number | undefined;
    const deadline = seconds === undefined ? Infinity : now() + seconds * 1000;
    const runs = optInt(p, 'runs') ?? 100;
    const seed = optInt(p, 'seed') ?? 1;
    const style = progressStyle(io, { progress: optFlag(p, 'progress'), noProgress: optFlag(p, 'no-progress') });
    const newOnly = optFlag(p, 'new-only');
    const profile = optString(p, 'profile');
    const properties = propertySelection(p);
    if (properties !== undefined) checkSelection(properties, profile === undefined ? defaultProfile(impl) : profileNamed(profile));
    const executionsPerScenario = optInt(p, 'executions') ?? 2000;
    const shardText = optString(p, 'shard');
    const shard = shardText === undefined ? null : parseShard(shardText);
    const range = shard === null ? { from: 0, to: runs } : shardRange(runs, shard);
    const jobs = optInt(p, 'jobs') ?? 0;
    const settings = { impl, seed, runs, executionsPerScenario, newOnly, ...(profile === undefined ? {} : { profile: profileNamed(profile) }), ...(properties === undefined ? {} : { properties }) };
    const { part, counterexample } = await withControl(io, { label: `fuzz ${impl}`, style }, async (control) => {
      if (jobs > 0) {
        const watchdogSeconds = (p.options.get('watchdog') as number | undefined) ?? DEFAULT_WATCHDOG_SECONDS;
        const err = (line: string): void => {
          control.progress.clearLine();
          io.err(line);
        };
        const whole = await fuzzOnWorkers(settings, range, { jobs, watchdogSeconds, outOfTime: () => now() >= deadline, deadline: Number.isFinite(deadline) ? deadline : null, err }, control);
        return { part: whole, counterexample: whole.failure === null ? null : recordedFailure(whole.failure) };
      }
      const r = await fuzz({
        ...settings,
        range,
        monitors: (checked) => monitorsOf({ profile: checked, ...(properties === undefined ? {} : { properties }) }),
        outOfTime: () => now() >= deadline,
        pace: {
          sliceOver: () => control.sliceOver(),
          breathe: (q) =>
            control.breathe({
              ...(q.shrinking > 0 ? { task: `shrinking (${q.shrinking} tried)` } : {}),
              done: q.scenarios,
              total: q.runs,
              unit: 'scenarios',
              work: q.executions,
              workUnit: 'executions',
              counts: newOnly ? [['failures skipped as shared with the port', q.sharedSkipped]] : [],
              deadline: Number.isFinite(deadline) ? deadline : null,
            }),
          get stopped() {
            return control.stopped;
          },
        },
      });
      return { part: partOf(r), counterexample: r.counterexample };
    });
    const reportDir = optString(p, 'report-dir');
    if (reportDir !== undefined) {
      const recorded = part.failure === null ? null : recordedFailure(part.failure);
      const reportSettings = { executionsPerScenario, newOnly, profile: profile ?? null, time: seconds ?? null, shard: shardText ?? null };
      writeReportDir(reportDir, fuzzDocument({ implementation: impl, seed, runs, shard, part, counterexample: recorded, properties: checkedProperties(), settings: reportSettings }));
    }
    const saveDir = optString(p, 'save-scenario');
    const saved = saveDir === undefined || part.failure === null || counterexample === null ? null : saveShrunkScenario(saveDir, counterexample.config.scenario, seed, part.failure);
    if (optFlag(p, 'json')) {
      io.out(JSON.stringify({ ...fuzzJson(impl, seed, part, counterexample), ...(saveDir === undefined ? {} : { scenarioFile: saved }) }, null, 2));
    } else {
      printHuman(io, impl, seed, part, counterexample);
      // The memory model is drawn beside the scenario (not part of it): the command says it when it matters.
      const memory = counterexample?.config.memory === 'weak' ? ' --memory weak' : '';
      if (saved !== null) io.out(`shrunk scenario saved: ${saved} (mempool-check explore ${saved}${impl === PORT.name ? '' : ` --impl ${impl}`}${memory})`);
    }
    return part.failure !== null ? EXIT.fail : EXIT.incomplete;
  },
};

/** Writes the shrunk scenario of a failure as a scenario file named after the run (`fuzz-s<seed>-r<run>.json`); returns its path. */
function saveShrunkScenario(dir: string, scenario: Scenario, seed: number, f: FuzzFailure): string {
  mkdirSync(dir, { recursive: true });
  const name = `fuzz-s${seed}-r${f.index + 1}`;
  const file = join(dir, `${name}.json`);
  const description = `shrunk by fuzz --seed ${seed} from random scenario ${f.index + 1}, where ${f.property} failed`;
  writeScenarioFile(file, { ...scenario, name, description });
  return file;
}

/** The failure's counterexample recorded again from its token (as a report keeps it), with the scenario it was shrunk from. */
function recordedFailure(f: FuzzFailure): Counterexample | null {
  if (f.token === null) return null;
  const cx = recordedCounterexample({ token: f.token, original: f.size }, monitorsOf);
  return { ...cx, originalScenario: f.originalText };
}

function printHuman(io: CommandIo, impl: string, seed: number, part: FuzzPart, cx: Counterexample | null): void {
  const t = totals(part);
  const f = part.failure;
  const r = { ...t, interrupted: part.interrupted, stoppedByTime: part.stoppedByTime };
  io.out(`fuzz ${impl}, seed ${seed}${part.range.from === 0 ? '' : `, run indices ${part.range.from} to ${part.range.to - 1}`}`);
  if (f === null) {
    const why = r.interrupted ? ' (interrupted)' : r.stoppedByTime ? ' (stopped by the time limit)' : '';
    const shared = r.sharedSkipped > 0 ? `; ${r.sharedSkipped} failure${r.sharedSkipped === 1 ? '' : 's'} skipped as shared with the port` : '';
    io.out(`INCOMPLETE: no property failed in ${r.scenarios} random scenario${r.scenarios === 1 ? '' : 's'} (${r.executions.toLocaleString('en-US')} executions${shared})${why}`);
    return;
  }
  io.out(`FAIL: ${f.property} in random scenario ${f.index + 1} (scenario shrunk in ${f.shrinkSteps} step${f.shrinkSteps === 1 ? '' : 's'}${r.interrupted ? '; shrinking was interrupted' : ''})`);
  if (f.onPort !== null) io.out(onPortLine(impl, f.property, f.onPort));
  io.out('');
  if (cx === null) {
    // A hang in setup or teardown: nothing to replay up to (the replay would hang there too).
    io.out(`${f.stuck?.note ?? 'no counterexample'}`);
    if (f.original !== null) io.out(`  scenario: ${describeScenario(f.original)}`);
    return;
  }
  for (const line of counterexampleText(cx)) io.out(line);
}

function onPortLine(impl: string, property: string, p: OnPort): string {
  const n = `${p.executions.toLocaleString('en-US')} execution${p.executions === 1 ? '' : 's'}`;
  return match(p.verdict)
    .with('fails', () => `the seed port ${p.implementation} fails ${property} on this scenario too: a finding of the seed, not introduced by ${impl}`)
    .with('passes', () => `the seed port ${p.implementation} passes ${property} on this scenario (every trace, ${n}): the failure is ${impl}'s own`)
    .with('unknown', () => `the seed port ${p.implementation} shows no ${property} on this scenario within ${n} (not explored completely)`)
    .exhaustive();
}

function fuzzJson(impl: string, seed: number, part: FuzzPart, cx: Counterexample | null) {
  const f = part.failure;
  const t = totals(part);
  const r = { ...t, verdict: f === null ? 'pass' : 'fail', interrupted: part.interrupted, stoppedByTime: part.stoppedByTime, property: f?.property ?? null, shrinkSteps: f?.shrinkSteps ?? 0, counterexample: cx, onPort: f?.onPort ?? null };
  return {
    implementation: impl,
    seed,
    verdict: r.verdict === 'fail' ? 'fail' : 'incomplete',
    failedProperties: r.property === null ? [] : [r.property],
    scenarios: r.scenarios,
    executions: r.executions,
    sharedSkipped: r.sharedSkipped,
    shrinkSteps: r.shrinkSteps,
    range: part.range,
    failedAt: f?.index ?? null,
    complete: false,
    stoppedBy: r.verdict === 'fail' ? 'failure' : r.interrupted ? 'interrupted' : r.stoppedByTime ? 'time' : 'runs',
    counterexample: r.counterexample === null ? null : counterexampleJson(r.counterexample),
    seedPort: r.onPort,
  };
}
