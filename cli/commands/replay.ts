/**
 * `mempool-check replay <token|file>`: re-run a recorded execution exactly and print its report. The
 * file may be anything the tool wrote: a token, a replay file, or any command's JSON output or
 * report.json (every execution it records is replayed, and a sequential failure is re-checked).
 */
import { existsSync, readFileSync } from 'node:fs';
import { counterexampleJson } from '../../report/json.ts';
import { implNamed } from '../../impl/registry.ts';
import { profileNamed } from '../../model/profile.ts';
import { monitorsOf } from '../../run/monitors.ts';
import { ensureImplLoaded } from '../../impl/resolve.ts';
import { replayToken } from '../../run/replay.ts';
import { replayablesIn, type Replayable } from '../../run/replayables.ts';
import { counterexampleText } from '../../report/swimlane.ts';
import { InternalError } from '../../run/internal-error.ts';
import { decodeToken, TokenError, type TokenExpectation } from '../../run/token.ts';
import { runSequentialCheck } from '../../sequential/check.ts';
import { formatSequentialReport } from '../../sequential/report.ts';
import { optFlag, optString, parseArgs, usageText, type OptionSpec, type PositionalSpec } from '../args.ts';
import { EXIT, UsageError, type Command, type CommandIo } from './command.ts';

const POSITIONAL: PositionalSpec = { names: ['token|file'], min: 1 };

const OPTIONS: readonly OptionSpec[] = [
  { name: 'impl', kind: 'string', arg: 'NAME', help: 'refuse the token unless it was recorded on this implementation (in a file of several: replay only those)' },
  { name: 'scenario', kind: 'string', arg: 'NAME', help: 'refuse the token unless it was recorded on this scenario (in a file of several: replay only those)' },
  { name: 'json', kind: 'flag', help: 'print the replayed execution as JSON (an array when the file holds several)' },
];

export const replayCommand: Command = {
  name: 'replay',
  usage: usageText('replay', POSITIONAL, OPTIONS, [
    'the argument: a token, or a file holding one: a replay file, report.json, or the --json output of explore, fuzz, races, check or gate',
    'exit codes: 0 the replayed execution passes, 1 it fails a property, 2 the token is unusable, 4 the checker crashed replaying it (one line names the scenario, the implementation and the token)',
  ]),
  async run(args, io) {
    const p = parseArgs(args, OPTIONS, POSITIONAL);
    const arg = p.positionals[0] as string;
    const expect: TokenExpectation = { ...(optString(p, 'impl') === undefined ? {} : { impl: optString(p, 'impl') as string }), ...(optString(p, 'scenario') === undefined ? {} : { scenario: optString(p, 'scenario') as string }) };
    let items = replayablesFrom(arg);
    if (items.length > 1) items = items.filter((r) => matches(r, expect));
    if (items.length === 0) throw new UsageError(`${arg}: nothing to replay (no execution${Object.keys(expect).length > 0 ? ' matching --impl/--scenario' : ''} and no sequential failure recorded in it)`);
    const json: unknown[] = [];
    let code: number = EXIT.pass;
    for (const item of items) {
      await loadImplOf(item);
      if (items.length > 1 && !optFlag(p, 'json')) io.out(`== ${item.kind === 'token' ? item.token : `sequential check of ${item.implementation}, seed ${item.seed}`}`);
      const r = item.kind === 'token' ? replayExecution(item.token, expect, io) : replaySequential(item);
      if (!optFlag(p, 'json')) for (const line of r.lines) io.out(line);
      json.push(r.json);
      if (r.failed) code = EXIT.fail;
      if (items.length > 1 && !optFlag(p, 'json')) io.out('');
    }
    if (optFlag(p, 'json')) io.out(JSON.stringify(json.length === 1 ? json[0] : json, null, 2));
    return code;
  },
};

interface Replayed {
  readonly lines: readonly string[];
  readonly json: unknown;
  readonly failed: boolean;
}

function replayExecution(token: string, expect: TokenExpectation, io: CommandIo): Replayed {
  let replayed;
  try {
    replayed = replayToken(token, monitorsOf, expect);
  } catch (e) {
    if (e instanceof TokenError) throw new UsageError(e.message);
    throw crashIn(e, token);
  }
  const { report, diverged } = replayed;
  if (diverged !== null) io.err(`warning: the replay diverged from the recording (${diverged})`);
  return { lines: counterexampleText(report), json: { ...counterexampleJson(report), diverged }, failed: report.violations.length > 0 };
}

/** The checker crashed replaying `token` (exit 4): the one line names the scenario, the implementation and the token. */
function crashIn(e: unknown, token: string): InternalError {
  if (e instanceof InternalError) return e;
  let recorded: { scenario?: string; implementation?: string } = {};
  try {
    const t = decodeToken(token);
    recorded = { scenario: t.scenarioName, implementation: t.impl };
  } catch {
    // It decoded once already (the replay got past that); nothing more to name.
  }
  return new InternalError(e, { what: 'replay', ...recorded, token });
}

function replaySequential(r: Extract<Replayable, { kind: 'sequential' }>): Replayed {
  const profile = r.profile === null ? {} : { profile: profileNamed(r.profile) };
  let report;
  try {
    report = runSequentialCheck({ impl: implNamed(r.implementation), ...profile, seed: r.seed, replay: { path: r.path, replayPath: r.replayPath } });
  } catch (e) {
    if (e instanceof RangeError || e instanceof UsageError) throw e;
    throw new InternalError(e, { what: `replay of the sequential check (seed ${r.seed}, path ${r.path})`, implementation: r.implementation });
  }
  const { impl, ...rest } = report;
  return { lines: formatSequentialReport(report), json: { implementation: impl, ...rest }, failed: report.verdict === 'fail' };
}

/** A file implementation (`file:...`, `c:...`) a token or a sequential failure names is loaded first (a token checks its hash). */
async function loadImplOf(item: Replayable): Promise<void> {
  try {
    await ensureImplLoaded(item.kind === 'token' ? decodeToken(item.token).impl : item.implementation);
  } catch (e) {
    if (e instanceof TokenError) return; // replaying it says what is wrong with it
    throw e;
  }
}

function matches(r: Replayable, expect: TokenExpectation): boolean {
  if (r.kind === 'sequential') return expect.scenario === undefined && (expect.impl === undefined || expect.impl === r.implementation);
  try {
    const t = decodeToken(r.token);
    return (expect.impl === undefined || t.impl === expect.impl) && (expect.scenario === undefined || t.scenarioName === expect.scenario);
  } catch {
    return true; // replaying it says what is wrong with it
  }
}

/** The token itself, or what a file holds: a bare token, or JSON with tokens or a sequential failure. */
function replayablesFrom(arg: string): Replayable[] {
  if (arg.startsWith('mc') || !existsSync(arg)) return [{ kind: 'token', token: arg }];
  const text = readFileSync(arg, 'utf8').trim();
  if (!text.startsWith('{') && !text.startsWith('[')) return [{ kind: 'token', token: text }];
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new UsageError(`${arg}: neither a replay token nor valid JSON`);
  }
  const found = replayablesIn(data);
  if (found.length === 0) throw new UsageError(`${arg}: nothing to replay in this JSON (no "token" field and no sequential failure: it records no failing execution)`);
  return found;
}
