/**
 * `--impl`, the same on every command that runs one implementation (the gate's differs only in its
 * default: the project file's first entry).
 */
import type { OptionSpec } from './args.ts';

export const IMPL_ARG = 'NAME|PATH|c:PATH';

export const IMPL_HELP = 'implementation: v4.1 (default), a variant, mutant:<name>, or a file of your own (./pool.ts, c:./pool.c)';

export const IMPL_OPTION: OptionSpec = { name: 'impl', kind: 'string', arg: IMPL_ARG, help: IMPL_HELP };
