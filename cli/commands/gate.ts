/**
 * `mempool-check gate` (what `npm run check` runs): the sequential model-based check, then every
 * named scenario on the port with the best complete strategy, each compared with its known findings.
 * Then the plain-access race detector over every scenario: only the seed's known races may show up.
 * Exit 0 when everything is as expected, 1 on anything unexpected (a new failure, a race that is not a
 * known finding, or a known finding that no longer shows up), 3 when something could not be explored
 * completely in its time budget.
 */
import { PORT } from '../../impl/registry.ts';
import { classify, expectedFor, type Classified, type Expected } from '../../run/known.ts';
import { STEP_LIMIT } from '../../explorer/execution.ts';
import { SCENARIOS, scenarioNamed } from '../../scenarios/registry.ts';
import { runSequentialCheckAsync, type SequentialReport } from '../../sequential/check.ts';
import { formatSequentialReport } from '../../sequential/report.ts';
import { optFlag, optInt, optString, parseArgs, usageText, type OptionSpec, type PositionalSpec } from '../args.ts';
import { printGate, type GateRow } from '../../report/gate.ts';
import { runGateRaces, unknownRaces, type GateRaces } from '../../run/gate-races.ts';
import { withControl } from '../../run/control.ts';
import { InternalError, internalErrorOf } from '../../run/internal-error.ts';
import { progressStyle } from '../../run/progress.ts';
import { defaultConfig } from '../../run/run-config.ts';
import { runGateScenario } from '../../run/gate-run.ts';
import { EXIT, UsageError, type Command, type CommandIo } from './command.ts';
import type { MemoryModelName } from '../../kernel/rt/memory.ts';

const POSITIONAL: PositionalSpec = { names: [], min: 0 };

/** Race detection captures a stack per memory access: a budget that covers the six small scenarios whole (~3 s in all). */
const RACE_EXECUTIONS = 300;

const OPTIONS: readonly OptionSpec[] = [
  { name: 'scenarios', kind: 'string', arg: 'A,B,...', help: 'only these named scenarios (default: all)' },
  { name: 'time-per-scenario', kind: 'number', positive: true, arg: 'SECONDS', help: 'time budget of each exploration (default 20)' },
  { name: 'memory', kind: 'string', arg: 'sc,weak', help: 'memory models to explore each scenario under (default: both)' },
  { name: 'no-sequential', kind: 'flag', help: 'skip the sequential model-based check' },
  { name: 'race-executions', kind: 'int', min: 0, arg: 'N', help: `race detection: executions per scenario (default ${RACE_EXECUTIONS}; 0 skips it)` },
  { name: 'json', kind: 'flag', help: 'print a machine-readable summary' },
  { name: 'progress', kind: 'flag', help: 'show progress on stderr also where it is off by default (a library caller)' },
  { name: 'no-progress', kind: 'flag', help: 'no progress on stderr (default: a bar on a terminal, a line every 10 s under CI or when piped)' },
];

function memoryName(text: string): MemoryModelName {
  if (text === 'sc' || text === 'weak') return text;
  throw new UsageError(`--memory takes sc, weak or sc,weak, got '${text}'`);
}

/** Drop the STEP-LIMIT expectation of a scenario whose livelock another scenario shows. */
function withoutLivelock(expected: Expected, elsewhere: boolean): Expected {
  return elsewhere ? new Map([...expected].filter(([p]) => p !== STEP_LIMIT)) : expected;
}

export const gateCommand: Command = {
  name: 'gate',
  usage: usageText('gate', POSITIONAL, OPTIONS, ['exit codes: 0 as expected, 1 something unexpected, 2 bad input, 3 something incomplete (a budget, Ctrl-C or SIGTERM), 4 internal error (what finished is still printed)']),
  async run(args, io) {
    const p = parseArgs(args, OPTIONS, POSITIONAL);
    const names = optString(p, 'scenarios')?.split(',') ?? [...SCENARIOS.keys()];
    const scenarios = names.map(scenarioNamed);
    const budget = (p.options.get('time-per-scenario') as number | undefined) ?? 20;
    const memories = (optString(p, 'memory') ?? 'sc,weak').split(',').map(memoryName);
    const json = optFlag(p, 'json');
    const raceBudget = optInt(p, 'race-executions') ?? RACE_EXECUTIONS;
    const style = progressStyle(io, { progress: optFlag(p, 'progress'), noProgress: optFlag(p, 'no-progress') });
    // Progress counts the gate's parts: the sequential check, each scenario row, the race pass.
    const total = (optFlag(p, 'no-sequential') ? 0 : 1) + scenarios.length * memories.length + (raceBudget === 0 ? 0 : 1);
    let done = 0;
    const rows: GateRow[] = [];
    const parts = await withControl(io, { label: 'gate', style }, async (control) => {
      let sequential: SequentialReport | null = null;
      let races: GateRaces | null = null;
      let internal: InternalError | null = null;
      const outer = () => ({ done, total, unit: 'parts' });
      if (!optFlag(p, 'no-sequential')) {
        sequential = await runSequentialCheckAsync(
          { impl: PORT },
          {
            between: (q) => control.maybeBreathe(() => ({ ...outer(), task: 'sequential check', work: q.sequences, workUnit: 'sequences' })),
            stopped: () => control.stopped,
          },
        );
        done += 1;
        if (!json) {
          const s = sequential;
          control.out(`sequential model-based check on ${PORT.name}: ${s.verdict} (${s.sequences} command sequences, ${s.commands} commands)`);
          // What was exercised (operations and their outcomes, GFP classes, backends, fault modes), then the verdict.
          for (const line of formatSequentialReport(s)) control.out(`  ${line}`);
        }
      }
      explore: for (const scenario of scenarios) {
        // The verdicts must hold under both memory models: weak memory only adds behaviours.
        for (const memory of memories) {
          if (control.stopped) break explore;
          let run;
          try {
            run = await runGateScenario(scenario, memory, control, budget, outer());
          } catch (e) {
            // The rows finished so far are still printed; the error is its own line and exit code.
            internal = internalErrorOf(e, { ...defaultConfig(scenario, PORT.name), memory }, `gate, ${memory} memory`);
            break explore;
          }
          done += 1;
          const { config, strategy, result, livelockElsewhere } = run;
          const expected = withoutLivelock(expectedFor(scenario.name, PORT.name, memory), livelockElsewhere === true);
          const classified: Classified = classify(expected, result);
          rows.push({ config, strategy, result, classified, expected });
        }
      }
      if (raceBudget > 0 && !control.stopped && internal === null) {
        races = await runGateRaces(scenarios, raceBudget, PORT.name, {
          sliceOver: () => control.sliceOver(),
          breathe: (scenario, executions) => control.breathe({ ...outer(), task: `races ${scenario}`, work: executions, workUnit: 'executions' }),
          get stopped() {
            return control.stopped;
          },
        });
      }
      return { sequential, races, internal };
    });
    const { sequential, races, internal } = parts;
    const interrupted = rows.some((r) => r.result.stoppedBy === 'interrupted') || sequential?.interrupted === true || races?.interrupted === true || rows.length + (internal === null ? 0 : 1) < scenarios.length * memories.length;
    printGate(io as CommandIo, { json, sequential, rows, budget, interrupted, races, internalError: internal !== null });
    if (internal !== null) {
      io.err(`mempool-check gate: ${internal.line()}`);
      return EXIT.internal;
    }
    const sequentialFailed = sequential?.verdict === 'fail';
    if (sequentialFailed || (races !== null && unknownRaces(races) > 0) || rows.some((r) => r.classified.status === 'unexpected' || r.classified.status === 'missing')) return EXIT.fail;
    if (interrupted || rows.some((r) => r.classified.status === 'incomplete')) return EXIT.incomplete;
    return EXIT.pass;
  },
};
