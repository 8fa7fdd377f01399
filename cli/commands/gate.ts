/**
 * `mempool-check gate` (what `npm run check` runs): the sequential model-based check, then every
 * named scenario on the port with the best complete strategy, each compared with its known findings.
 * Then the plain-access race detector over every scenario: only the seed's known races may show up.
 * Exit 0 when everything is as expected, 1 on anything unexpected (a new failure, a race that is not a
 * known finding, or a known finding that no longer shows up), 3 when something could not be explored
 * completely in its time budget.
 */
import { PORT } from '../../impl/registry.ts';
import { classify, expectedFor, type Classified } from '../../run/known.ts';
import { SCENARIOS, scenarioNamed } from '../../scenarios/registry.ts';
import { runSequentialCheck } from '../../sequential/check.ts';
import { formatSequentialReport } from '../../sequential/report.ts';
import { optFlag, optInt, optString, parseArgs, usageText, type OptionSpec, type PositionalSpec } from '../args.ts';
import { printGate, type GateRow } from '../../report/gate.ts';
import { runGateRaces, unknownRaces } from '../../run/gate-races.ts';
import { runGateScenario } from '../../run/gate-run.ts';
import { EXIT, UsageError, type Command, type CommandIo } from './command.ts';
import type { MemoryModelName } from '../../kernel/rt/memory.ts';

const POSITIONAL: PositionalSpec = { names: [], min: 0 };

/** Race detection captures a stack per memory access: a budget that covers the six small scenarios whole (~3 s in all). */
const RACE_EXECUTIONS = 300;

const OPTIONS: readonly OptionSpec[] = [
  { name: 'scenarios', kind: 'string', arg: 'A,B,...', help: 'only these named scenarios (default: all)' },
  { name: 'time-per-scenario', kind: 'number', min: 0, arg: 'SECONDS', help: 'time budget of each exploration (default 20)' },
  { name: 'memory', kind: 'string', arg: 'sc,weak', help: 'memory models to explore each scenario under (default: both)' },
  { name: 'no-sequential', kind: 'flag', help: 'skip the sequential model-based check' },
  { name: 'race-executions', kind: 'int', min: 0, arg: 'N', help: `race detection: executions per scenario (default ${RACE_EXECUTIONS}; 0 skips it)` },
  { name: 'json', kind: 'flag', help: 'print a machine-readable summary' },
  { name: 'progress', kind: 'flag', help: 'print progress on stderr also when it is not a terminal' },
];

function memoryName(text: string): MemoryModelName {
  if (text === 'sc' || text === 'weak') return text;
  throw new UsageError(`--memory takes sc, weak or sc,weak, got '${text}'`);
}

export const gateCommand: Command = {
  name: 'gate',
  usage: usageText('gate', POSITIONAL, OPTIONS, ['exit codes: 0 as expected, 1 something unexpected, 2 bad input, 3 something incomplete']),
  async run(args, io) {
    const p = parseArgs(args, OPTIONS, POSITIONAL);
    const names = optString(p, 'scenarios')?.split(',') ?? [...SCENARIOS.keys()];
    const scenarios = names.map(scenarioNamed);
    const budget = (p.options.get('time-per-scenario') as number | undefined) ?? 20;
    const memories = (optString(p, 'memory') ?? 'sc,weak').split(',').map(memoryName);
    const json = optFlag(p, 'json');
    const sequential = optFlag(p, 'no-sequential') ? null : runSequentialCheck({ impl: PORT });
    if (sequential !== null && !json) {
      io.out(`sequential model-based check on ${PORT.name}: ${sequential.verdict} (${sequential.sequences} command sequences, ${sequential.commands} commands)`);
      // What was exercised (operations and their outcomes, GFP classes, backends, fault modes), then the verdict.
      for (const line of formatSequentialReport(sequential)) io.out(`  ${line}`);
    }
    const rows: GateRow[] = [];
    explore: for (const scenario of scenarios) {
      // The verdicts must hold under both memory models: weak memory only adds behaviours.
      for (const memory of memories) {
        const { config, strategy, result } = await runGateScenario(scenario, memory, io, budget, optFlag(p, 'progress'));
        const expected = expectedFor(scenario.name, PORT.name, memory);
        const classified: Classified = classify(expected, result);
        rows.push({ config, strategy, result, classified, expected });
        if (result.stoppedBy === 'interrupted') break explore;
      }
    }
    const interrupted = rows.some((r) => r.result.stoppedBy === 'interrupted');
    const raceBudget = optInt(p, 'race-executions') ?? RACE_EXECUTIONS;
    const races = raceBudget === 0 || interrupted ? null : runGateRaces(scenarios, raceBudget);
    printGate(io as CommandIo, { json, sequential, rows, budget, interrupted, races });
    const sequentialFailed = sequential?.verdict === 'fail';
    if (sequentialFailed || (races !== null && unknownRaces(races) > 0) || rows.some((r) => r.classified.status === 'unexpected' || r.classified.status === 'missing')) return EXIT.fail;
    if (rows.length < scenarios.length * memories.length || rows.some((r) => r.classified.status === 'incomplete')) return EXIT.incomplete;
    return EXIT.pass;
  },
};
