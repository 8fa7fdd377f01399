/** `mempool-check check`: the sequential model-based check of one implementation. */
import { IMPL_ARG, IMPL_HELP } from '../impl-option.ts';
import { implNamed } from '../../impl/registry.ts';
import { profileNamed, type Profile } from '../../model/profile.ts';
import { withControl } from '../../run/control.ts';
import { progressStyle } from '../../run/progress.ts';
import { runSequentialCheckAsync, type SequentialOptions } from '../../sequential/check.ts';
import { formatSequentialReport, replayCommand } from '../../sequential/report.ts';
import { DEFAULT_RUNS, seedFromEnv } from '../../sequential/seed.ts';
import { EXIT, UsageError, type Command, type CommandIo } from './command.ts';
import { gateDocument } from '../../report/document.ts';
import { writeReportDir } from '../../report/files.ts';
import type { ReportDocument } from '../../report/schema.ts';
import type { SequentialReport } from '../../sequential/check.ts';
import { checkedProperties } from '../../run/properties.ts';

/** The check as a report document (`--report-dir`). */
function sequentialDocument(report: SequentialReport): ReportDocument {
  const outcome = { kind: 'sequential' as const, id: 'sequential', index: 0, implementation: report.impl, seconds: 0, report, interrupted: report.interrupted === true };
  return gateDocument({ command: 'check', implementation: report.impl, all: ['sequential'], units: ['sequential'], shard: null, outcomes: [outcome], counterexample: () => { throw new Error('a sequential report has no execution counterexample'); }, interrupted: false, running: false, properties: checkedProperties(report.profile), settings: { seed: report.seed, runs: report.runs }, raceBudget: 0 });
}

interface CheckArgs {
  impl: string;
  profile: Profile | null;
  seed: number;
  runs: number;
  json: boolean;
  progress: boolean;
  noProgress: boolean;
  path: string | null;
  replayPath: string | null;
  reportDir: string | null;
}

function integer(name: string, text: string | undefined, min: number): number {
  if (text === undefined) throw new UsageError(`${name} needs a value`);
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < min) throw new UsageError(`${name} must be an integer >= ${min}, got '${text}'`);
  return n;
}

function parse(args: readonly string[]): CheckArgs {
  let seed: number;
  try {
    seed = seedFromEnv();
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  const out: CheckArgs = { impl: 'v4.1', profile: null, seed, runs: DEFAULT_RUNS, json: false, progress: false, noProgress: false, path: null, replayPath: null, reportDir: null };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const [flag, inlineValue] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string | undefined => inlineValue ?? args[++i];
    switch (flag) {
      case '--impl': {
        const v = value();
        if (v === undefined) throw new UsageError('--impl needs a value');
        out.impl = v;
        break;
      }
      case '--profile': {
        const v = value();
        if (v === undefined) throw new UsageError('--profile needs a value');
        try {
          out.profile = profileNamed(v);
        } catch (e) {
          throw new UsageError(e instanceof Error ? e.message : String(e));
        }
        break;
      }
      case '--seed':
        out.seed = integer('--seed', value(), Number.MIN_SAFE_INTEGER);
        break;
      case '--runs':
        out.runs = integer('--runs', value(), 1);
        break;
      case '--json':
        out.json = true;
        break;
      case '--progress':
        out.progress = true;
        break;
      case '--no-progress':
        out.noProgress = true;
        break;
      case '--path':
        out.path = value() ?? null;
        break;
      case '--replay-path':
        out.replayPath = value() ?? null;
        break;
      case '--report-dir': {
        const v = value();
        if (v === undefined) throw new UsageError('--report-dir needs a value');
        out.reportDir = v;
        break;
      }
      default:
        throw new UsageError(`unknown option '${arg}'`);
    }
  }
  if (out.replayPath !== null && out.path === null) throw new UsageError('--replay-path needs --path');
  return out;
}

export const checkCommand: Command = {
  name: 'check',
  usage: [
    `usage: mempool-check check [--impl ${IMPL_ARG}] [--profile contract|v4.1|v6.17] [--seed N] [--runs N] [--json] [--[no-]progress] [--path P [--replay-path R]]`,
    `  --impl I      ${IMPL_HELP}`,
    "  --profile P   the model to compare with (default: the implementation's own: v4.1 for the port and its mutants, contract for a pool of your own)",
    `  --seed N      fast-check seed (default: MEMPOOL_SEED, else the fixed CI seed)`,
    `  --runs N      command sequences to generate (default ${DEFAULT_RUNS})`,
    '  --json        print the report as JSON',
    '  --report-dir DIR   write report.json, junit.xml, report.md (and the replay file of a failure) there',
    '  --progress, --no-progress   progress on stderr (default: a bar on a terminal, a line every 10 s under CI or piped)',
    '  --path P, --replay-path R   replay a counterexample (both printed by a failing run)',
    'exit code: 0 pass, 1 the implementation disagrees with the model, 2 bad input, 3 interrupted (Ctrl-C, SIGTERM), 4 internal error',
  ].join('\n'),
  async run(args: readonly string[], io: CommandIo): Promise<number> {
    const a = parse(args);
    let impl;
    try {
      impl = implNamed(a.impl);
    } catch (e) {
      throw new UsageError(e instanceof Error ? e.message : String(e));
    }
    const options: SequentialOptions = {
      impl,
      ...(a.profile === null ? {} : { profile: a.profile }),
      seed: a.seed,
      runs: a.runs,
      ...(a.path === null ? {} : { replay: { path: a.path, replayPath: a.replayPath } }),
    };
    const label = `check ${impl.name}`;
    const checked = await withControl(io, { label, style: progressStyle(io, a) }, (control) =>
      runSequentialCheckAsync(options, {
        between: async (p) => control.maybeBreathe(() => ({ done: p.sequences, total: p.runs, unit: 'sequences', work: p.commands, workUnit: 'commands' })),
        stopped: () => control.stopped,
      }),
    );
    // Named as given (a file implementation's registry name), so that the replay line loads it again.
    const report = { ...checked, impl: a.impl };
    if (a.reportDir !== null) writeReportDir(a.reportDir, sequentialDocument(report));
    // The same key names as every other command's JSON: `implementation`, not `impl`.
    const { impl: implementation, ...rest } = report;
    if (a.json) io.out(JSON.stringify({ implementation, ...rest, replay: replayCommand(report) }, null, 2));
    else for (const line of formatSequentialReport(report)) io.out(line);
    return report.verdict === 'pass' ? EXIT.pass : report.verdict === 'fail' ? EXIT.fail : EXIT.incomplete;
  },
};
