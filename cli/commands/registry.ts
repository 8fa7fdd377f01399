/** Subcommands by name. Adding one: a file in this folder and a line in ALL. */
import { checkCommand } from './check.ts';
import type { Command } from './command.ts';

const ALL: readonly Command[] = [checkCommand];

export const COMMANDS: ReadonlyMap<string, Command> = new Map(ALL.map((c) => [c.name, c]));
