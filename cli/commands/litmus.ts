/**
 * `mempool-check litmus <file…>`: run herd7 C litmus tests on the memory model with the explorer and
 * say, for each, whether its `exists` clause is allowed, forbidden or (stopped first) incomplete, with the
 * number of executions; a file that cannot be run gets an error row, and the exit code is the worst.
 */
import { readFileSync } from 'node:fs';
import { makeScheduler, STRATEGIES } from '../../explorer/strategies/registry.ts';
import { describeMemory, MEMORY_MODEL_NAMES, parseBound } from '../../kernel/rt/weak/factory.ts';
import { LitmusError, type LitmusTest, type Verdict } from '../../litmus/ast.ts';
import { parseLitmus } from '../../litmus/parser.ts';
import { runLitmusAsync, type LitmusResult } from '../../litmus/run.ts';
import { withControl, type RunControl } from '../../run/control.ts';
import { messageOf } from '../../run/internal-error.ts';
import { progressStyle } from '../../run/progress.ts';
import { optFlag, optInt, optString, parseArgs, usageText, type OptionSpec } from '../args.ts';
import { EXIT, UsageError, worstExit, type Command } from './command.ts';
import { litmusDocument, type LitmusFileOutcome } from '../../report/litmus-document.ts';
import { writeReportDir } from '../../report/files.ts';

const OPTIONS: readonly OptionSpec[] = [
  { name: 'json', kind: 'flag', help: 'one JSON result per file (name, verdict, executions, ...)' },
  { name: 'memory', kind: 'string', values: MEMORY_MODEL_NAMES, help: 'memory model (default weak)' },
  { name: 'stale-reads', kind: 'string', arg: 'N|inf', help: 'stale-read budget per execution (default inf; 0 is SC)' },
  { name: 'window', kind: 'string', arg: 'N|inf', help: 'only the last N stores of a location are readable (default inf)' },
  { name: 'strategy', kind: 'string', arg: 'NAME', help: 'an exhaustive strategy (default dfs)' },
  { name: 'max-executions', kind: 'int', min: 1, arg: 'N', help: 'stop a test after N executions (default 1000000; without a witness by then: incomplete)' },
  { name: 'report-dir', kind: 'string', arg: 'DIR', help: 'write report.json, junit.xml and report.md there (a row per file)' },
  { name: 'progress', kind: 'flag', help: 'show progress on stderr also where it is off by default (a library caller)' },
  { name: 'no-progress', kind: 'flag', help: 'no progress on stderr (default: a bar on a terminal, a line every 10 s under CI or when piped)' },
];
const VALUED = new Set(OPTIONS.filter((o) => o.kind !== 'flag').map((o) => `--${o.name}`));

/** What the file expects: its own deviation note, else the LKMM verdict in its header. */
export function expectedVerdict(r: LitmusResult): Verdict | null {
  return r.deviation?.verdict ?? r.lkmm;
}

/** One file's outcome: a result, or why it could not be run (bad input, an internal error, never reached). */
type Row =
  | { readonly file: string; readonly result: LitmusResult }
  | { readonly file: string; readonly error: string; readonly code: number };

export const litmusCommand: Command = {
  name: 'litmus',
  usage: usageText('litmus', { names: ['file…'], min: 1 }, OPTIONS, [
    'The supported subset: READ_ONCE, WRITE_ONCE, plain *x, smp_load_acquire, smp_store_release, smp_rmb,',
    'smp_wmb, smp_mb, spin_lock, spin_unlock, if, int registers, an initial-state block (and #include',
    'prelude blocks, ignored), exists (/\\ \\/ ~).',
    'Every file gets a row (one that cannot be read or parsed: an error row). Verdicts: allowed (a witness),',
    'forbidden (every execution explored, none a witness), incomplete (stopped first, no witness).',
    'exit codes (the worst over the files): 4 internal error, 2 bad input, 1 a verdict differs from what',
    'the file expects, 3 incomplete (the execution budget, Ctrl-C or SIGTERM), 0 every verdict as expected',
  ]),
  async run(args, io) {
    // Files are any number of positionals: split them off before parsing the options.
    const files: string[] = [];
    const rest: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i] as string;
      if (!a.startsWith('--')) files.push(a);
      else {
        rest.push(a);
        if (VALUED.has(a) && i + 1 < args.length) rest.push(args[++i] as string);
      }
    }
    const p = parseArgs(rest, OPTIONS, { names: [], min: 0 });
    if (files.length === 0) throw new UsageError('missing <file…>');
    const strategy = optString(p, 'strategy') ?? 'dfs';
    if (!STRATEGIES.has(strategy)) throw new UsageError(`unknown strategy '${strategy}' (known: ${[...STRATEGIES.keys()].join(', ')})`);
    const memory = {
      model: optString(p, 'memory') ?? 'weak',
      staleReads: parseBound(optString(p, 'stale-reads') ?? 'inf', '--stale-reads'),
      window: parseBound(optString(p, 'window') ?? 'inf', '--window'),
    };
    const options = { memory, scheduler: () => makeScheduler(strategy, { seed: 1 }), maxExecutions: optInt(p, 'max-executions') ?? 1_000_000 };
    const style = progressStyle(io, { progress: optFlag(p, 'progress'), noProgress: optFlag(p, 'no-progress') });
    const rows = await withControl(io, { label: 'litmus', style }, async (control) => {
      const out: Row[] = [];
      for (const file of files) {
        if (control.stopped) {
          out.push({ file, error: 'not run (interrupted)', code: EXIT.incomplete });
          continue;
        }
        out.push(await runFile(file, options, control, { done: out.length, total: files.length }));
      }
      return out;
    });
    const reportDir = optString(p, 'report-dir');
    if (reportDir !== undefined) {
      const settings = { strategy, memory: describeMemory(memory), maxExecutions: options.maxExecutions };
      writeReportDir(reportDir, litmusDocument({ memory: memory.model, strategy, outcomes: rows.map(outcomeOf), interrupted: rows.some(wasInterrupted), settings }));
    }
    if (optFlag(p, 'json')) {
      io.out(JSON.stringify(rows.map(jsonRow), null, 2));
    } else {
      io.out(`litmus: ${describeMemory(memory)}, strategy ${strategy}`);
      for (const r of rows) io.out('result' in r ? humanLine(r.result) : `${r.file}: error: ${r.error}`);
    }
    return worstExit(rows.map(exitOf));
  },
};

async function runFile(file: string, options: Parameters<typeof runLitmusAsync>[1], control: RunControl, at: { done: number; total: number }): Promise<Row> {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch {
    return { file, error: 'cannot read the file', code: EXIT.usage };
  }
  let test: LitmusTest;
  try {
    test = parseLitmus(source);
  } catch (e) {
    if (e instanceof LitmusError) return { file, error: e.message, code: EXIT.usage };
    return { file, error: `internal error: ${messageOf(e)}`, code: EXIT.internal };
  }
  try {
    const result = await runLitmusAsync(test, options, {
      sliceOver: () => control.sliceOver(),
      breathe: (executions) => control.breathe({ task: test.name, done: at.done, total: at.total, unit: 'files', work: executions, workUnit: 'executions' }),
      get stopped() {
        return control.stopped;
      },
    });
    return { file, result };
  } catch (e) {
    return { file, error: `internal error while exploring ${test.name}: ${messageOf(e)}`, code: EXIT.internal };
  }
}

const wasInterrupted = (row: Row): boolean => ('result' in row ? row.result.stoppedBy === 'interrupted' : row.code === EXIT.incomplete);

function outcomeOf(row: Row): LitmusFileOutcome {
  if ('result' in row) return { file: row.file, result: row.result, expected: expectedVerdict(row.result) };
  const kind = row.code === EXIT.incomplete ? 'not-run' : row.code === EXIT.usage ? 'bad-input' : 'internal';
  return { file: row.file, error: row.error, kind };
}

function exitOf(row: Row): number {
  if (!('result' in row)) return row.code;
  const r = row.result;
  const expected = expectedVerdict(r);
  if (r.verdict === 'incomplete') return EXIT.incomplete;
  return expected !== null && expected !== r.verdict ? EXIT.fail : EXIT.pass;
}

function jsonRow(row: Row) {
  if (!('result' in row)) return { file: row.file, verdict: row.code === EXIT.incomplete ? 'incomplete' : 'error', error: row.error };
  return { file: row.file, ...row.result, expected: expectedVerdict(row.result) };
}

function humanLine(r: LitmusResult): string {
  const expected = expectedVerdict(r);
  const note =
    expected === null || r.verdict === 'incomplete'
      ? ''
      : expected !== r.verdict
        ? `  DIFFERS from expected ${expected}`
        : r.deviation
          ? `  (known deviation from LKMM ${r.lkmm ?? '?'}: ${r.deviation.why})`
          : '  (as LKMM)';
  const stopped = r.stoppedBy === 'interrupted' ? 'interrupted' : 'stopped by the execution budget';
  const partial = r.complete ? '' : r.verdict === 'allowed' ? ` (a witness decides it; ${stopped})` : ` (${stopped} before any witness: neither allowed nor shown forbidden)`;
  // A test whose executions all block or stop has no final state to judge: "forbidden" is vacuous.
  const none = r.blocked === r.executions && r.executions > 0 ? '; no execution finished: every one blocked or was stopped by a runtime finding' : '';
  return `${r.name.padEnd(28)} ${r.verdict.padEnd(10)} ${r.executions} executions, ${r.witnesses} witnessing${partial}${none}${note}`;
}
