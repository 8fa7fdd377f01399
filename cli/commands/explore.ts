/** `mempool-check explore <scenario>`: explore a named scenario's interleavings on an implementation. */
import { match } from 'ts-pattern';
import { makeScheduler } from '../../explorer/strategies/registry.ts';
import { makeCounterexample, type Counterexample } from '../../run/counterexample.ts';
import { fewerPreemptions } from '../../run/fewest.ts';
import { explorationJson } from '../../report/json.ts';
import { monitorsOf } from '../../run/monitors.ts';
import { configLine, programOf } from '../../run/run-config.ts';
import { ExploreSession, type SessionResult } from '../../run/session.ts';
import { counterexampleText } from '../../report/swimlane.ts';
import { SCENARIOS } from '../../scenarios/registry.ts';
import { parseArgs, usageText, type PositionalSpec } from '../args.ts';
import { EXPLORE_OPTIONS, exploreSettings, type ExploreSettings } from '../explore-options.ts';
import { runInSlices } from '../../run/slices.ts';
import { withControl } from '../../run/control.ts';
import { internalErrorOf } from '../../run/internal-error.ts';
import { progressStyle } from '../../run/progress.ts';
import { EXIT, type Command, type CommandIo } from './command.ts';
import { expectedFor, explainer, unknownText } from '../../run/known.ts';
import { knownFindingsFor } from '../../properties/known-findings.ts';
import { gateDocument } from '../../report/document.ts';
import { writeReportDir } from '../../report/files.ts';
import type { ReportDocument } from '../../report/schema.ts';
import { scenarioOutcome } from '../../run/gate/unit.ts';
import { checkedProperties } from '../../run/properties.ts';

const POSITIONAL: PositionalSpec = { names: ['scenario'], min: 1 };

/** Executions after a first failure that may look for one with fewer preemptions. */
const SEARCH_AFTER_FAILURE = 2000;

export const exploreCommand: Command = {
  name: 'explore',
  usage: usageText('explore', POSITIONAL, EXPLORE_OPTIONS, [
    `scenarios: ${[...SCENARIOS.keys()].join(', ')}; or a scenario file (./s.json, schema docs/scenario.schema.json)`,
    'exit codes: 0 pass (complete), 1 a property failed, 2 bad input, 3 incomplete (budget, time, a nearly full heap, Ctrl-C or SIGTERM; nothing failed), 4 internal error',
  ]),
  async run(args, io) {
    const settings = exploreSettings(parseArgs(args, EXPLORE_OPTIONS, POSITIONAL));
    const { config } = settings;
    const monitors = monitorsOf(config);
    const result = await exploration(settings, monitors, io);
    // bounded finds the fewest preemptions itself; other strategies get a bounded search below theirs.
    const found = result.best;
    const best = found === null || settings.strategy.startsWith('bounded') ? found : fewerPreemptions(config, monitors, found);
    const cx = best === null ? null : makeCounterexample(config, best.choices, best.property, { monitors, shrink: settings.shrink });
    if (settings.reportDir !== null) writeReportDir(settings.reportDir, exploreDocument(settings, result, cx));
    if (settings.json) {
      const meta = { scenario: config.scenario.name, implementation: config.impl, profile: config.profile, strategy: settings.strategy, memory: config.memory, timeouts: config.timeouts };
      io.out(JSON.stringify(explorationJson(meta, result, cx), null, 2));
    } else {
      printHuman(io, settings, result, cx);
    }
    return exitCode(result);
  },
};

/**
 * Runs the exploration and returns only its result: the session and its scheduler (a stateful search's
 * table and graph, most of the heap) are garbage once it returns, so the counterexample is built with
 * the memory they held, also after a nearly full heap stopped the search (run/heap.ts).
 */
async function exploration(settings: ExploreSettings, monitors: ReturnType<typeof monitorsOf>, io: CommandIo): Promise<SessionResult> {
  const { config } = settings;
  const session = new ExploreSession(programOf(config), makeScheduler(settings.strategy, settings.strategyOptions), monitors, {
    maxExecutions: settings.maxExecutions,
    maxSteps: config.maxSteps,
    all: settings.all,
    searchAfterFailure: SEARCH_AFTER_FAILURE,
    // Known findings excuse their property only where their cause holds (for the report's classification).
    explain: explainer(config.scenario, knownFindingsFor(config.scenario.name, config.impl, config.memory)),
  });
  const label = `explore ${config.scenario.name} (${settings.strategy})`;
  return withControl(io, { label, style: progressStyle(io, settings) }, async (control) => {
    try {
      return await runInSlices(session, control, { timeLimit: settings.timeLimit });
    } catch (e) {
      throw internalErrorOf(e, config, `explore, strategy ${settings.strategy}`);
    }
  });
}

export function exitCode(r: SessionResult): number {
  return match(r.verdict)
    .with('pass', () => EXIT.pass)
    .with('fail', () => EXIT.fail)
    .with('incomplete', () => EXIT.incomplete)
    .exhaustive();
}

function printHuman(io: CommandIo, s: ExploreSettings, r: SessionResult, cx: Counterexample | null): void {
  io.out(`explore ${configLine(s.config)}, strategy ${s.strategy}`);
  if (s.boundNote !== null) io.out(`note: ${s.boundNote}`);
  io.out(verdictLine(r));
  if (cx !== null) {
    io.out('');
    for (const line of counterexampleText(cx)) io.out(line);
  }
}

export function verdictLine(r: SessionResult): string {
  const n = `${r.executions.toLocaleString('en-US')} execution${r.executions === 1 ? '' : 's'}`;
  const stopped = match(r.stoppedBy)
    .with('done', () => (r.complete ? 'complete' : 'the strategy ended without covering everything'))
    .with('failure', () => 'stopped after the first failure (--all explores everything)')
    .with('executions', () => 'stopped by the execution budget')
    .with('time', () => 'stopped by the time limit')
    .with('memory', () => 'stopped because the heap was nearly full')
    .with('interrupted', () => 'interrupted')
    .exhaustive();
  const unknown = r.unknownExecutions === 0 ? '' : `; ${unknownText(r)}`;
  return match(r.verdict)
    .with('pass', () => `PASS: ${n}, complete (${r.coverage})`)
    // A failure found by a search that did not end also says how far it got (a stateful search: its
    // states), and one that did end says which properties it did not cover: "complete" is the search's.
    .with('fail', () => `FAIL: ${r.failedProperties.join(', ')} in ${r.failedExecutions} of ${n}; ${stopped}${unknown}${r.stoppedBy === 'done' && (r.uncoveredProperties ?? []).length === 0 ? '' : ` (covered: ${r.coverage})`}`)
    .with('incomplete', () => `INCOMPLETE: no property failed in ${n}; ${stopped}${unknown} (covered: ${r.coverage})`)
    .exhaustive();
}

/** The exploration as a report document (`--report-dir`): one row, classified against the known findings. */
function exploreDocument(s: ExploreSettings, r: SessionResult, cx: Counterexample | null): ReportDocument {
  const c = s.config;
  const id = `${c.scenario.name}/${c.memory}`;
  const refs = cx === null || cx.property === null ? [] : [{ property: cx.property, token: cx.token, original: cx.original }];
  const outcome = { ...scenarioOutcome({ config: c, strategy: s.strategy, result: r }, expectedFor(c.scenario.name, c.impl, c.memory), refs), id, index: 0, implementation: c.impl, seconds: 0 };
  return gateDocument({
    command: 'explore',
    implementation: c.impl,
    all: [id],
    units: [id],
    shard: null,
    outcomes: [outcome],
    counterexample: () => cx as Counterexample,
    interrupted: r.stoppedBy === 'interrupted',
    running: false,
    properties: checkedProperties(c.profile),
    settings: { strategy: s.strategy, maxExecutions: s.maxExecutions, timeLimit: s.timeLimit },
    raceBudget: 0,
  });
}
