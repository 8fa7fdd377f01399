/** Subcommands by name. Adding one: a file in this folder and a line in ALL. */
import { checkCommand } from './check.ts';
import type { Command } from './command.ts';
import { exploreCommand } from './explore.ts';
import { fuzzCommand } from './fuzz.ts';
import { gateCommand } from './gate.ts';
import { litmusCommand } from './litmus.ts';
import { replayCommand } from './replay.ts';

const ALL: readonly Command[] = [checkCommand, exploreCommand, replayCommand, litmusCommand, gateCommand, fuzzCommand];

export const COMMANDS: ReadonlyMap<string, Command> = new Map(ALL.map((c) => [c.name, c]));
