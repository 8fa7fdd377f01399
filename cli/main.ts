/** The `mempool-check` command line: `mempool-check <command> [options]`. */
import { pathToFileURL } from 'node:url';
import { COMMANDS } from './commands/registry.ts';
import { UsageError, type CommandIo } from './commands/command.ts';

const io: CommandIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

function help(): string {
  const lines = ['usage: mempool-check <command> [options]', '', 'commands:'];
  for (const c of COMMANDS.values()) lines.push(`  ${c.name.padEnd(10)} ${c.summary}`);
  lines.push('', "'mempool-check help <command>' shows a command's options.");
  return lines.join('\n');
}

export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    const topic = args[0] === undefined ? undefined : COMMANDS.get(args[0]);
    io.out(topic ? topic.usage : help());
    return 0;
  }
  const command = COMMANDS.get(name);
  if (command === undefined) {
    io.err(`mempool-check: unknown command '${name}' (known: ${[...COMMANDS.keys()].join(', ')})`);
    return 2;
  }
  try {
    return await command.run(args, io);
  } catch (e) {
    if (e instanceof UsageError || e instanceof RangeError) {
      io.err(`mempool-check ${name}: ${e.message}`);
      return 2;
    }
    throw e;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
