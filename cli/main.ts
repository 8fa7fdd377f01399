/** The `mempool-check` command line: `mempool-check <command> [options]`. */
import { pathToFileURL } from 'node:url';
import { COMMANDS } from './commands/registry.ts';
import { EXIT, UsageError, type CommandIo } from './commands/command.ts';
import { resolveImplArgs } from './impl-args.ts';
import { ImplLoadError } from '../impl/resolve.ts';
import { NondeterminismError } from '../explorer/scheduler.ts';
import { diagnoseNondeterminism } from '../run/nondeterminism.ts';
import { nondeterminismLines } from '../report/nondeterminism.ts';

const processIo: CommandIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  interactive: process.stderr.isTTY === true,
  status: (text) => process.stderr.write(`\r\x1b[K${text}`),
  onInterrupt(handler) {
    process.on('SIGINT', handler);
    return () => process.off('SIGINT', handler);
  },
  now: () => performance.now(),
};

function help(): string {
  const lines = ['usage: mempool-check <command> [options]', '', 'commands:'];
  for (const c of COMMANDS.values()) lines.push(`  ${c.name.padEnd(10)} ${c.summary}`);
  lines.push('', "'mempool-check help <command>' shows a command's options.");
  lines.push('exit codes: 0 pass, 1 a property failed, 2 bad input, 3 incomplete (a budget, the time limit or Ctrl-C stopped it)');
  return lines.join('\n');
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
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
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
    if (e instanceof UsageError || e instanceof RangeError || e instanceof ImplLoadError) {
      io.err(`mempool-check ${name}: ${e.message}`);
      return EXIT.usage;
    }
    // An implementation that is not a function of its schedule cannot be checked: bad input, said once.
    if (e instanceof NondeterminismError) {
      const lines = nondeterminismLines(diagnoseNondeterminism(e), implArg(resolved));
      io.err(`mempool-check ${name}: ${lines.join('\n')}`);
      return EXIT.usage;
    }
    throw e;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
