/** `mempool-check replay <token|file>`: re-run a recorded execution exactly and print its report. */
import { existsSync, readFileSync } from 'node:fs';
import { counterexampleJson } from '../../report/json.ts';
import { defaultMonitors } from '../../run/monitors.ts';
import { replayToken } from '../../run/replay.ts';
import { counterexampleText } from '../../report/swimlane.ts';
import { TokenError } from '../../run/token.ts';
import { optFlag, optString, parseArgs, usageText, type OptionSpec, type PositionalSpec } from '../args.ts';
import { EXIT, UsageError, type Command } from './command.ts';

const POSITIONAL: PositionalSpec = { names: ['token|file'], min: 1 };

const OPTIONS: readonly OptionSpec[] = [
  { name: 'impl', kind: 'string', arg: 'NAME', help: 'refuse the token unless it was recorded on this implementation' },
  { name: 'scenario', kind: 'string', arg: 'NAME', help: 'refuse the token unless it was recorded on this scenario' },
  { name: 'json', kind: 'flag', help: 'print the replayed execution as JSON' },
];

export const replayCommand: Command = {
  name: 'replay',
  usage: usageText('replay', POSITIONAL, OPTIONS, ['exit codes: 0 the replayed execution passes, 1 it fails a property, 2 the token is unusable']),
  run(args, io) {
    const p = parseArgs(args, OPTIONS, POSITIONAL);
    const token = tokenFrom(p.positionals[0] as string);
    const expect = { ...(optString(p, 'impl') === undefined ? {} : { impl: optString(p, 'impl') as string }), ...(optString(p, 'scenario') === undefined ? {} : { scenario: optString(p, 'scenario') as string }) };
    let replayed;
    try {
      replayed = replayToken(token, (config) => defaultMonitors(config.profile), expect);
    } catch (e) {
      if (e instanceof TokenError) throw new UsageError(e.message);
      throw e;
    }
    const { report, diverged } = replayed;
    if (diverged !== null) io.err(`warning: the replay diverged from the recording (${diverged})`);
    if (optFlag(p, 'json')) io.out(JSON.stringify({ ...counterexampleJson(report), diverged }, null, 2));
    else for (const line of counterexampleText(report)) io.out(line);
    return report.violations.length > 0 ? EXIT.fail : EXIT.pass;
  },
};

/** The token itself, or read from a file: a bare token, or JSON with `token` / `counterexample.token`. */
function tokenFrom(arg: string): string {
  if (arg.startsWith('mc') || !existsSync(arg)) return arg;
  const text = readFileSync(arg, 'utf8').trim();
  if (!text.startsWith('{')) return text;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new UsageError(`${arg}: neither a replay token nor valid JSON`);
  }
  const token = findToken(data);
  if (token === null) throw new UsageError(`${arg}: no replay token in this JSON (expected a "token" field)`);
  return token;
}

function findToken(data: unknown): string | null {
  if (typeof data !== 'object' || data === null) return null;
  const record = data as Record<string, unknown>;
  if (typeof record['token'] === 'string') return record['token'];
  return findToken(record['counterexample']);
}
