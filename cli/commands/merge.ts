/**
 * `mempool-check merge <dir|report.json>... [--report-dir OUT]`: the shards of a sharded gate
 * (`gate --shard i/n --report-dir shard-i`) merged into one report: report.json, junit.xml, report.md
 * and the replay files in OUT, the merged text on stdout, and the exit code one run would have had.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeReportDir, REPORT_JSON } from '../../report/files.ts';
import { printGate } from '../../report/gate.ts';
import { MergeError, mergeReports } from '../../report/merge.ts';
import { parseReport, type ReportDocument } from '../../report/schema.ts';
import { optFlag, optString, parseArgs, usageText, type OptionSpec, type PositionalSpec } from '../args.ts';
import { EXIT, UsageError, type Command, type CommandIo } from './command.ts';

const POSITIONAL: PositionalSpec = { names: ['report...'], min: 1, variadic: true };

const OPTIONS: readonly OptionSpec[] = [
  { name: 'report-dir', kind: 'string', arg: 'DIR', help: 'write the merged report.json, junit.xml, report.md and replay files there' },
  { name: 'json', kind: 'flag', help: 'print the merged report document on stdout' },
];

/** A merged fuzzing run: the failure's counterexample (if any), then the summary line. */
function printFuzz(io: CommandIo, doc: ReportDocument): void {
  for (const row of doc.scenarios) for (const c of row.counterexamples) for (const line of [...c.text, '']) io.out(line);
  io.out(doc.summary);
}

export const mergeCommand: Command = {
  name: 'merge',
  usage: usageText('merge', POSITIONAL, OPTIONS, [
    'each argument: a report directory (its report.json) or a report.json file, one per shard (gate or fuzz --shard i/n --report-dir DIR)',
    'exit codes: as the unsharded run (gate: 0 as expected, 1 something unexpected, 2 bad input, 3 something incomplete (also a missing shard); fuzz: 1 a property failed, 3 none did)',
  ]),
  run(args, io) {
    const p = parseArgs(args, OPTIONS, POSITIONAL);
    const files = p.positionals;
    const docs = files.map((f) => {
      const path = existsSync(f) && statSync(f).isDirectory() ? join(f, REPORT_JSON) : f;
      if (!existsSync(path)) throw new UsageError(`${path}: no such file`);
      let data: unknown;
      try {
        data = JSON.parse(readFileSync(path, 'utf8'));
      } catch {
        throw new UsageError(`${path}: not valid JSON`);
      }
      return parseReport(data, path);
    });
    let merged;
    try {
      merged = mergeReports(docs);
    } catch (e) {
      if (e instanceof MergeError) throw new UsageError(e.message);
      throw e;
    }
    const dir = optString(p, 'report-dir');
    if (dir !== undefined) writeReportDir(dir, merged);
    if (optFlag(p, 'json')) io.out(JSON.stringify(merged, null, 2));
    else if (merged.fuzz !== undefined && merged.fuzz !== null) printFuzz(io, merged);
    else printGate(io, merged);
    if (merged.verdict === 'error') return EXIT.internal;
    return merged.verdict === 'fail' ? EXIT.fail : merged.verdict === 'incomplete' ? EXIT.incomplete : EXIT.pass;
  },
};
