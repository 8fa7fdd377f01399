/**
 * `mempool-check litmus <file…>`: run herd7 C litmus tests on the memory model with the explorer and
 * say, for each, whether its `exists` clause is allowed or forbidden, with the number of executions.
 */
import { readFileSync } from 'node:fs';
import { makeScheduler, STRATEGIES } from '../../explorer/strategies/registry.ts';
import { describeMemory, MEMORY_MODEL_NAMES, parseBound } from '../../kernel/rt/weak/factory.ts';
import { LitmusError, type Verdict } from '../../litmus/ast.ts';
import { parseLitmus } from '../../litmus/parser.ts';
import { runLitmus, type LitmusResult } from '../../litmus/run.ts';
import { optFlag, optInt, optString, parseArgs, usageText, type OptionSpec } from '../args.ts';
import { UsageError, type Command } from './command.ts';

const OPTIONS: readonly OptionSpec[] = [
  { name: 'json', kind: 'flag', help: 'one JSON result per file (name, verdict, executions, ...)' },
  { name: 'memory', kind: 'string', values: MEMORY_MODEL_NAMES, help: 'memory model (default weak)' },
  { name: 'stale-reads', kind: 'string', arg: 'N|inf', help: 'stale-read budget per execution (default inf; 0 is SC)' },
  { name: 'window', kind: 'string', arg: 'N|inf', help: 'only the last N stores of a location are readable (default inf)' },
  { name: 'strategy', kind: 'string', arg: 'NAME', help: 'an exhaustive strategy (default dfs)' },
  { name: 'max-executions', kind: 'int', min: 1, arg: 'N', help: 'stop a test after N executions (default 1000000)' },
];
const VALUED = new Set(OPTIONS.filter((o) => o.kind !== 'flag').map((o) => `--${o.name}`));

/** What the file expects: its own deviation note, else the LKMM verdict in its header. */
export function expectedVerdict(r: LitmusResult): Verdict | null {
  return r.deviation?.verdict ?? r.lkmm;
}

export const litmusCommand: Command = {
  name: 'litmus',
  usage: usageText('litmus', { names: ['file…'], min: 1 }, OPTIONS, [
    'The supported subset: READ_ONCE, WRITE_ONCE, plain *x, smp_load_acquire, smp_store_release, smp_rmb,',
    'smp_wmb, smp_mb, spin_lock, spin_unlock, if, int registers, an initial-state block, exists (/\\ \\/ ~).',
    'exit codes: 0 every verdict as the file expects (or no expectation), 1 a verdict differs, 2 bad input',
  ]),
  run(args, io) {
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

    const results: LitmusResult[] = [];
    for (const file of files) {
      let source: string;
      try {
        source = readFileSync(file, 'utf8');
      } catch {
        throw new UsageError(`cannot read '${file}'`);
      }
      try {
        results.push(runLitmus(parseLitmus(source), options));
      } catch (e) {
        if (e instanceof LitmusError) throw new UsageError(`${file}: ${e.message}`);
        throw e;
      }
    }
    const disagree = results.filter((r) => expectedVerdict(r) !== null && expectedVerdict(r) !== r.verdict);
    if (optFlag(p, 'json')) {
      io.out(JSON.stringify(results.map((r, i) => ({ file: files[i], ...r, expected: expectedVerdict(r) })), null, 2));
    } else {
      io.out(`litmus: ${describeMemory(memory)}, strategy ${strategy}`);
      for (const r of results) io.out(humanLine(r));
    }
    return disagree.length > 0 ? 1 : 0;
  },
};

function humanLine(r: LitmusResult): string {
  const expected = expectedVerdict(r);
  const note =
    expected === null ? '' : expected !== r.verdict ? `  DIFFERS from expected ${expected}` : r.deviation ? `  (known deviation from LKMM ${r.lkmm ?? '?'}: ${r.deviation.why})` : '  (as LKMM)';
  const incomplete = r.complete ? '' : ' [incomplete: execution budget]';
  return `${r.name.padEnd(28)} ${r.verdict.padEnd(9)} ${r.executions} executions, ${r.witnesses} witnessing${incomplete}${note}`;
}
