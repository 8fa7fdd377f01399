/** Subcommands by name. Adding one: a file in this folder and a line in ALL. */
import type { Command } from './command.ts';

const ALL: readonly Command[] = [];

export const COMMANDS: ReadonlyMap<string, Command> = new Map(ALL.map((c) => [c.name, c]));
