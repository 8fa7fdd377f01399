/**
 * `mempool-check races <scenario>`: the plain-access race detector (happens-before through locks,
 * release/acquire and fences) over a scenario's executions. Each race is printed once with both
 * accesses and their seed lines; a race of the seed that is deliberate (a known race of the project file, mempool-check.config.json) is a
 * known finding with its reason, any other fails.
 */
import { IMPL_OPTION } from '../impl-option.ts';
import { implNamed } from '../../impl/registry.ts';
import { MEMORY_MODEL_NAMES } from '../../kernel/rt/weak/factory.ts';
import { withControl } from '../../run/control.ts';
import { internalErrorOf } from '../../run/internal-error.ts';
import { progressStyle } from '../../run/progress.ts';
import { detectRacesAsync, raceLine, type RaceFinding } from '../../run/races.ts';
import { configLine, defaultConfig, type RunConfig } from '../../run/run-config.ts';
import { scenarioFrom } from '../../config/scenario-file.ts';
import { optFlag, optInt, optString, parseArgs, usageText, type OptionSpec, type PositionalSpec } from '../args.ts';
import { EXIT, type Command } from './command.ts';
import { gateDocument } from '../../report/document.ts';
import { writeReportDir } from '../../report/files.ts';
import { checkedProperties } from '../../run/properties.ts';

const POSITIONAL: PositionalSpec = { names: ['scenario'], min: 1 };

const OPTIONS: readonly OptionSpec[] = [
  IMPL_OPTION,
  { name: 'memory', kind: 'string', values: MEMORY_MODEL_NAMES, help: 'memory model (default sc; under weak, what a load reads decides what it synchronises with)' },
  { name: 'max-executions', kind: 'int', min: 1, arg: 'N', help: 'stop after N executions (default 20000)' },
  { name: 'max-steps', kind: 'int', min: 1, arg: 'N', help: 'steps per execution (default 2000; a race shows within the first steps of a run)' },
  { name: 'json', kind: 'flag', help: 'print a machine-readable result' },
  { name: 'report-dir', kind: 'string', arg: 'DIR', help: 'write report.json, junit.xml, report.md and a replay file per race there' },
  { name: 'progress', kind: 'flag', help: 'show progress on stderr also where it is off by default (a library caller)' },
  { name: 'no-progress', kind: 'flag', help: 'no progress on stderr (default: a bar on a terminal, a line every 10 s under CI or when piped)' },
];

export const racesCommand: Command = {
  name: 'races',
  usage: usageText('races', POSITIONAL, OPTIONS, [
    'scenario: a named one (mempool-check list scenarios) or a scenario file (./s.json)',
    'exit codes: 0 only known races, every trace explored; 1 a race that is not a known finding; 2 bad input; 3 stopped at --max-executions or --max-steps, or by Ctrl-C or SIGTERM; 4 internal error',
  ]),
  async run(args, io) {
    const p = parseArgs(args, OPTIONS, POSITIONAL);
    const impl = optString(p, 'impl') ?? 'v4.1';
    implNamed(impl); // an unknown name is a RangeError: one line, exit 2
    const base = defaultConfig(scenarioFrom(p.positionals[0] as string), impl);
    const config: RunConfig = { ...base, memory: (optString(p, 'memory') ?? 'sc') as RunConfig['memory'], maxSteps: optInt(p, 'max-steps') ?? base.maxSteps };
    const budget = optInt(p, 'max-executions') ?? 20_000;
    const style = progressStyle(io, { progress: optFlag(p, 'progress'), noProgress: optFlag(p, 'no-progress') });
    const report = await withControl(io, { label: `races ${config.scenario.name}`, style }, async (control) => {
      try {
        return await detectRacesAsync(config, budget, {
          sliceOver: () => control.sliceOver(),
          breathe: (executions) => control.breathe({ done: executions, total: budget, unit: 'executions' }),
          get stopped() {
            return control.stopped;
          },
        });
      } catch (e) {
        throw internalErrorOf(e, config, 'races');
      }
    });
    const unknown = report.findings.filter((f) => f.known === null);
    const verdict = unknown.length > 0 ? 'fail' : report.complete ? 'pass' : 'incomplete';
    const dir = optString(p, 'report-dir');
    if (dir !== undefined) {
      const id = `races/${config.scenario.name}`;
      const outcome = { kind: 'races' as const, id, index: 0, implementation: impl, seconds: 0, budget: optInt(p, 'max-executions') ?? 20_000, run: { scenario: config.scenario.name, executions: report.executions, complete: report.complete, findings: report.findings } };
      const doc = gateDocument({ command: 'races', implementation: impl, all: [id], units: [id], shard: null, outcomes: [outcome], counterexample: () => { throw new Error('a race pass has no counterexample'); }, interrupted: false, running: false, properties: checkedProperties(), settings: { memory: config.memory, maxSteps: config.maxSteps }, raceBudget: outcome.budget });
      writeReportDir(dir, doc);
    }
    if (optFlag(p, 'json')) {
      const race = (f: RaceFinding) => ({ location: f.location, first: f.first, second: f.second, known: f.known?.id ?? null, executions: f.count, token: f.token });
      io.out(JSON.stringify({ scenario: config.scenario.name, implementation: impl, memory: config.memory, verdict, executions: report.executions, complete: report.complete, stoppedBy: report.interrupted === true ? 'interrupted' : null, races: report.findings.map(race) }, null, 2));
    } else {
      const coverage = report.complete ? 'every trace' : report.interrupted === true ? 'interrupted' : report.truncated ? 'some runs cut at --max-steps' : 'stopped at --max-executions';
      io.out(`races ${configLine(config)}: ${report.executions.toLocaleString('en-US')} executions, ${coverage}`);
      for (const f of report.findings) {
        io.out(raceLine(f));
        if (f.known !== null) io.out(`  why it is known: ${f.known.reason}`);
      }
      io.out(`${verdict.toUpperCase()}: ${unknown.length} unknown race${unknown.length === 1 ? '' : 's'}, ${report.findings.length - unknown.length} known`);
    }
    return verdict === 'fail' ? EXIT.fail : verdict === 'incomplete' ? EXIT.incomplete : EXIT.pass;
  },
};
