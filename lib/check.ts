/** The sequential model-based check as a function: command sequences against the reference model. */
import { runSequentialCheck, type SequentialReport } from '../sequential/check.ts';
import { formatSequentialReport, replayCommand } from '../sequential/report.ts';
import { implNamed } from '../impl/registry.ts';
import type { Profile } from '../model/profile.ts';
import { implName, type ImplSpec } from './impl.ts';

export interface SequentialCheckOptions {
  /** What it is checked against: contract, v4.1 or v6.17 (default: the profile the implementation claims, else the contract). */
  readonly profile?: Profile;
  readonly seed?: number;
  /** Command sequences to generate (default 1000). */
  readonly runs?: number;
  readonly maxCommands?: number;
}

export interface SequentialCheckResult {
  readonly implementation: string;
  /** incomplete: stopped before every sequence ran. */
  readonly verdict: 'pass' | 'fail' | 'incomplete';
  readonly report: SequentialReport;
  /** The report as the command line prints it (on failure: the shrunk sequence and first disagreement). */
  readonly text: string;
  /** On failure, the command that replays it exactly. */
  readonly replay: string | null;
}

export async function checkSequential(impl: ImplSpec, options: SequentialCheckOptions = {}): Promise<SequentialCheckResult> {
  const name = await implName(impl);
  const report = runSequentialCheck({ impl: implNamed(name), ...options });
  return { implementation: name, verdict: report.verdict, report, text: formatSequentialReport(report).join('\n'), replay: replayCommand(report) };
}
