/** fast-check arbitraries for the sequential check's commands and command sequences. */
import fc from 'fast-check';
import { ALWAYS, CHOICE, GFP_AWARE, NEVER, failNth, type FaultMode } from '../kernel/rt/faults.ts';
import { GFP_CLASSES, type GfpClass } from '../kernel/rt/gfp.ts';
import type { BackendKind } from '../impl/pool-impl.ts';
import type { SeqCommand } from './commands.ts';
import { SeqCmd, type SeqModel } from './fc-command.ts';
import type { Harness } from './harness.ts';

const GFPS = Object.keys(GFP_CLASSES) as GfpClass[];
const BACKENDS: readonly BackendKind[] = ['slab', 'kmalloc', 'pages'];

/** Bounds of generated values: small pools, resizes around them, including 0 and negative sizes. */
export const LIMITS = { maxMinNr: 4, minResize: -2, maxResize: 6, maxCommands: 25, maxChoices: 6 } as const;

const fixedMode = fc.constantFrom<FaultMode>(NEVER, ALWAYS, GFP_AWARE);
const nthMode = fc.integer({ min: 1, max: 8 }).map(failNth);

const times = <T>(n: number, a: fc.Arbitrary<T>): fc.Arbitrary<T>[] => Array.from({ length: n }, () => a);

const create = fc
  .record({ min_nr: fc.integer({ min: 0, max: LIMITS.maxMinNr }), backend: fc.constantFrom(...BACKENDS) })
  .map((r): SeqCommand => ({ kind: 'create', ...r }));
/** mempool_create_node with every GFP class of the caller (mempool_create only ever passes GFP_KERNEL). */
const createNode = fc
  .record({ min_nr: fc.integer({ min: 0, max: LIMITS.maxMinNr }), backend: fc.constantFrom(...BACKENDS), gfp: fc.constantFrom(...GFPS) })
  .map((r): SeqCommand => ({ kind: 'create', ...r }));
const alloc = fc.record({ gfp: fc.constantFrom(...GFPS), zero: fc.boolean() }).map((r): SeqCommand => ({ kind: 'alloc', ...r }));
const free = fc.nat({ max: 7 }).map((pick): SeqCommand => ({ kind: 'free', pick }));
const resize = fc.integer({ min: LIMITS.minResize, max: LIMITS.maxResize }).map((n): SeqCommand => ({ kind: 'resize', n }));
/** Element faults shape mempool_alloc's ladder, the interesting part: twice as likely as pool-block faults. */
const faultClass = fc.oneof({ weight: 2, arbitrary: fc.constant('element' as const) }, { weight: 1, arbitrary: fc.constant('meta' as const) });
const faults = fc.oneof(
  fc.record({ cls: faultClass, mode: fc.oneof(fixedMode, nthMode) }).map((r): SeqCommand => ({ kind: 'faults', ...r, choices: [] })),
  fc
    .record({ cls: faultClass, choices: fc.array(fc.boolean(), { maxLength: LIMITS.maxChoices }) })
    .map((r): SeqCommand => ({ kind: 'faults', cls: r.cls, mode: CHOICE, choices: r.choices })),
);

/** One arbitrary per command, repeated to weight them (fc.commands picks uniformly among its arbitraries). */
export const commandArbitraries: readonly fc.Arbitrary<SeqCommand>[] = [
  ...times(2, create),
  createNode,
  ...times(4, alloc),
  ...times(2, free),
  fc.constant<SeqCommand>({ kind: 'free-null' }),
  ...times(2, resize),
  fc.constant<SeqCommand>({ kind: 'destroy' }),
  ...times(2, faults),
];

export interface SequenceOptions {
  /** From a failure report: makes a replay take the same commands (with fc.check's seed and path). */
  readonly replayPath?: string | undefined;
  readonly maxCommands?: number;
}

/** Command sequences for fc.modelRun (a fresh arbitrary per check: fc.commands keeps replay state). */
export function sequenceArbitrary(options: SequenceOptions = {}): fc.Arbitrary<Iterable<fc.Command<SeqModel, Harness>>> {
  const cmds = commandArbitraries.map((a) => a.map((c) => new SeqCmd(c)));
  const constraints = { maxCommands: options.maxCommands ?? LIMITS.maxCommands, size: 'max' as const };
  return fc.commands(cmds, options.replayPath === undefined ? constraints : { ...constraints, replayPath: options.replayPath });
}
