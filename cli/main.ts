/** The `mempool-check` command line: `mempool-check <command> [options]`. */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { COMMANDS } from './commands/registry.ts';
import { EXIT, UsageError, type CommandIo } from './commands/command.ts';
import { resolveImplArgs } from './impl-args.ts';
import { ImplLoadError } from '../impl/resolve.ts';
import { CUnsupported } from '../c/errors.ts';
import { NondeterminismError } from '../explorer/scheduler.ts';
import { diagnoseNondeterminism } from '../run/nondeterminism.ts';
import { nondeterminismLines } from '../report/nondeterminism.ts';
import { InternalError, messageOf } from '../run/internal-error.ts';
import type { InterruptSignal } from '../run/io.ts';

const processIo: CommandIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  // A bar on a terminal; plain lines under CI (a CI log is no terminal to redraw) or when piped.
  progressStyle: process.stderr.isTTY === true && !process.env.CI ? 'bar' : 'lines',
  ...(process.stderr.isTTY === true ? { terminal: process.stderr } : {}),
  onInterrupt(handler) {
    const listeners = (['SIGINT', 'SIGTERM'] as const).map((signal: InterruptSignal) => [signal, () => handler(signal)] as const);
    for (const [signal, listener] of listeners) process.on(signal, listener);
    return () => {
      for (const [signal, listener] of listeners) process.off(signal, listener);
    };
  },
  now: () => performance.now(),
};

const EXIT_LINE =
  'exit codes: 0 pass, 1 a property failed, 2 bad input, 3 incomplete (a budget, the time limit, Ctrl-C or SIGTERM stopped it), 4 internal error';

function help(): string {
  const lines = ['usage: mempool-check <command> [options]', '', 'commands:'];
  for (const c of COMMANDS.values()) lines.push(`  ${c.name.padEnd(10)} ${c.summary}`);
  lines.push('', "'mempool-check help <command>' shows a command's options; 'mempool-check --version' the version.");
  lines.push(EXIT_LINE);
  return lines.join('\n');
}

export function version(): string {
  // From cli/main.ts or from the bundle dist/cli/main.js.
  const path = import.meta.url.includes('/dist/cli/') ? '../../package.json' : '../package.json';
  const pkg = JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as { version: string };
  return `mempool-check ${pkg.version}`;
}

/** `mempool-check ... | head` closes the pipe early: that is the reader's choice, not an error. */
function quietOnClosedPipe(): void {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
  });
}

/** The implementation a command line names (`--impl X` or `--impl=X`), or null. */
function implArg(args: readonly string[]): string | null {
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--impl') return args[i + 1] ?? null;
    if (a.startsWith('--impl=')) return a.slice('--impl='.length);
  }
  return null;
}

export async function main(argv: readonly string[], io: CommandIo = processIo): Promise<number> {
  if (io === processIo) quietOnClosedPipe();
  const [name, ...args] = argv;
  if (name === undefined) {
    // Nothing to do is a mistake in a script: usage on stderr, exit 2.
    io.err(help());
    return EXIT.usage;
  }
  if (name === '--version' || name === '-V' || name === 'version') {
    io.out(version());
    return EXIT.pass;
  }
  if (name === 'help' || name === '--help' || name === '-h') {
    const topic = args[0] === undefined ? undefined : COMMANDS.get(args[0]);
    if (args[0] !== undefined && topic === undefined) {
      io.err(`mempool-check: unknown command '${args[0]}' (known: ${[...COMMANDS.keys()].join(', ')})`);
      return EXIT.usage;
    }
    io.out(topic ? (await topic.load()).usage : help());
    return EXIT.pass;
  }
  const entry = COMMANDS.get(name);
  if (entry === undefined) {
    io.err(`mempool-check: unknown command '${name}' (known: ${[...COMMANDS.keys()].join(', ')})`);
    return EXIT.usage;
  }
  const command = await entry.load();
  if (args.includes('--help') || args.includes('-h')) {
    io.out(command.usage);
    return EXIT.pass;
  }
  let resolved: string[] = [];
  try {
    resolved = await resolveImplArgs(args);
    return await command.run(resolved, io);
  } catch (e) {
    // A RangeError is an unknown name or a value out of range, unless the stack overflowed.
    if (e instanceof UsageError || e instanceof ImplLoadError || (e instanceof RangeError && !/call stack/i.test(e.message))) {
      // One line per problem (a project file can have several bad fields), each saying whose it is.
      for (const line of e.message.split('\n')) io.err(`mempool-check ${name}: ${line}`);
      return EXIT.usage;
    }
    // C the front end refuses only when it runs it (a construct met at run time): bad input, one line.
    const cause = e instanceof InternalError ? e.cause : e;
    if (cause instanceof CUnsupported) {
      io.err(`mempool-check ${name}: ${cause.message}`);
      return EXIT.usage;
    }
    // An implementation that is not a function of its schedule cannot be checked: bad input, said once.
    if (e instanceof NondeterminismError) {
      const lines = nondeterminismLines(diagnoseNondeterminism(e), implArg(resolved));
      io.err(`mempool-check ${name}: ${lines.join('\n')}`);
      return EXIT.usage;
    }
    // Anything else is the checker's own fault: one line (with the replay token when it happened in
    // an execution), exit 4. MEMPOOL_CHECK_DEBUG=1 adds the stack.
    const internal = e instanceof InternalError ? e : new InternalError(e, {});
    io.err(`mempool-check ${name}: ${internal.line()}`);
    if (process.env.MEMPOOL_CHECK_DEBUG) io.err(String((internal.cause instanceof Error ? internal.cause.stack : undefined) ?? messageOf(internal.cause)));
    return EXIT.internal;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
