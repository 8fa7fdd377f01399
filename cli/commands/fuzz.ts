/**
 * `mempool-check fuzz`: random scenarios (fast-check) explored on an implementation; a failure is
 * shrunk — the scenario by fast-check while the same property fails, then the schedule — and printed
 * as a counterexample whose token carries the whole scenario. Never complete: no failure is exit 3.
 */
import { match } from 'ts-pattern';
import { implNamed, PORT } from '../../impl/registry.ts';
import { profileNamed } from '../../model/profile.ts';
import { fuzz, type FuzzResult, type OnPort } from '../../run/fuzz.ts';
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
  { name: 'impl', kind: 'string', arg: 'NAME', help: 'implementation: v4.1 (default), a variant, or mutant:<name>' },
  { name: 'profile', kind: 'string', values: ['contract', 'v4.1', 'v6.17'], help: "what it is checked against (default: the implementation's own; v4.1 for the port)" },
  { name: 'runs', kind: 'int', min: 1, arg: 'N', help: 'random scenarios to try (default 100)' },
  { name: 'seed', kind: 'int', min: 0, arg: 'N', help: 'fast-check seed (default 1)' },
  { name: 'executions', kind: 'int', min: 1, arg: 'N', help: 'executions each scenario may explore (default 2000)' },
  { name: 'time', kind: 'number', positive: true, arg: 'SECONDS', help: 'stop drawing new scenarios after this long' },
  ...PROPERTY_OPTIONS,
  { name: 'new-only', kind: 'flag', help: 'only failures the seed port v4.1 does not show on the same scenario (for a new implementation)' },
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
    const r = await withControl(io, { label: `fuzz ${impl}`, style }, (control) =>
      fuzz({
        impl,
        ...(profile === undefined ? {} : { profile: profileNamed(profile) }),
        seed,
        runs,
        executionsPerScenario: optInt(p, 'executions') ?? 2000,
        monitors: (checked) => monitorsOf({ profile: checked, ...(properties === undefined ? {} : { properties }) }),
        ...(properties === undefined ? {} : { properties }),
        outOfTime: () => now() >= deadline,
        newOnly,
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
      }),
    );
    if (optFlag(p, 'json')) {
      io.out(JSON.stringify(fuzzJson(impl, seed, r), null, 2));
    } else printHuman(io, impl, seed, r);
    return r.verdict === 'fail' ? EXIT.fail : EXIT.incomplete;
  },
};

function printHuman(io: CommandIo, impl: string, seed: number, r: FuzzResult): void {
  io.out(`fuzz ${impl}, seed ${seed}`);
  if (r.counterexample === null) {
    const why = r.interrupted ? ' (interrupted)' : r.stoppedByTime ? ' (stopped by the time limit)' : '';
    const shared = r.sharedSkipped > 0 ? `; ${r.sharedSkipped} failure${r.sharedSkipped === 1 ? '' : 's'} skipped as shared with the port` : '';
    io.out(`INCOMPLETE: no property failed in ${r.scenarios} random scenario${r.scenarios === 1 ? '' : 's'} (${r.executions.toLocaleString('en-US')} executions${shared})${why}`);
    return;
  }
  io.out(`FAIL: ${r.property} in random scenario ${r.scenarios} (scenario shrunk in ${r.shrinkSteps} step${r.shrinkSteps === 1 ? '' : 's'}${r.interrupted ? '; shrinking was interrupted' : ''})`);
  if (r.onPort !== null) io.out(onPortLine(impl, r.property ?? '?', r.onPort));
  io.out('');
  for (const line of counterexampleText(r.counterexample)) io.out(line);
}

function onPortLine(impl: string, property: string, p: OnPort): string {
  const n = `${p.executions.toLocaleString('en-US')} execution${p.executions === 1 ? '' : 's'}`;
  return match(p.verdict)
    .with('fails', () => `the seed port ${p.implementation} fails ${property} on this scenario too: a finding of the seed, not introduced by ${impl}`)
    .with('passes', () => `the seed port ${p.implementation} passes ${property} on this scenario (every trace, ${n}): the failure is ${impl}'s own`)
    .with('unknown', () => `the seed port ${p.implementation} shows no ${property} on this scenario within ${n} (not explored completely)`)
    .exhaustive();
}

function fuzzJson(impl: string, seed: number, r: FuzzResult) {
  return {
    implementation: impl,
    seed,
    verdict: r.verdict === 'fail' ? 'fail' : 'incomplete',
    failedProperties: r.property === null ? [] : [r.property],
    scenarios: r.scenarios,
    executions: r.executions,
    sharedSkipped: r.sharedSkipped,
    shrinkSteps: r.shrinkSteps,
    complete: false,
    stoppedBy: r.verdict === 'fail' ? 'failure' : r.interrupted ? 'interrupted' : r.stoppedByTime ? 'time' : 'runs',
    counterexample: r.counterexample === null ? null : counterexampleJson(r.counterexample),
    seedPort: r.onPort,
  };
}
