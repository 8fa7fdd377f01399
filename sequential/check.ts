/**
 * The sequential model-based check: fast-check generates command sequences, each runs on a fresh
 * simulated kernel against the implementation, and after every command the model must agree (see
 * execute.ts). This is what the CLI (`mempool-check check`) and the gate call.
 */
import fc from 'fast-check';
import type { AnyPoolImpl } from '../impl/pool-impl.ts';
import type { Profile } from '../model/index.ts';
import { sequenceArbitrary } from './arbitraries.ts';
import { Disagreement, type DisagreementDetail } from './disagreement.ts';
import { SeqModel } from './fc-command.ts';
import { Harness } from './harness.ts';
import { DEFAULT_RUNS, DEFAULT_SEED } from './seed.ts';
import { Tally, type Exercised } from './tally.ts';

export interface SequentialOptions {
  readonly impl: AnyPoolImpl;
  /** The model the implementation is compared with (default: the profile it claims; else the contract). */
  readonly profile?: Profile;
  readonly seed?: number;
  /** How many command sequences to generate. */
  readonly runs?: number;
  /** Longest generated sequence. */
  readonly maxCommands?: number;
  /** Replay one counterexample: the `path` and `replayPath` a failure report printed (with its seed). */
  readonly replay?: { readonly path: string; readonly replayPath: string | null };
}

export interface SequentialFailure {
  /** The shrunk sequence as executed, one command per line with its result and model steps. */
  readonly transcript: readonly string[];
  readonly disagreement: DisagreementDetail;
  /** Commands in the shrunk counterexample. */
  readonly shrunkLength: number;
  /** What replays it: `mempool-check check --impl <impl> --seed <seed> --path <path> --replay-path <replayPath>`. */
  readonly replay: { readonly seed: number; readonly path: string; readonly replayPath: string | null };
}

export interface SequentialReport {
  readonly impl: string;
  readonly profile: Profile;
  readonly seed: number;
  readonly runs: number;
  /** Command sequences run (up to and including the first failing one; shrinking not counted). */
  readonly sequences: number;
  /** Commands executed in those sequences (skipped ones not counted). */
  readonly commands: number;
  readonly exercised: Exercised;
  readonly verdict: 'pass' | 'fail';
  readonly failure: SequentialFailure | null;
}

/** The profile an implementation is checked against unless told otherwise. */
export const claimedProfile = (impl: AnyPoolImpl): Profile => impl.profile ?? 'contract';

/** Run one command sequence against `impl`; throws a Disagreement at the first difference. */
export function runSequence(impl: AnyPoolImpl, cmds: Iterable<fc.Command<SeqModel, Harness>>, tally: Tally = new Tally(), profile: Profile = claimedProfile(impl)): void {
  fc.modelRun(() => ({ model: new SeqModel(profile), real: new Harness(impl, tally) }), cmds);
}

export function runSequentialCheck(options: SequentialOptions): SequentialReport {
  const seed = options.seed ?? DEFAULT_SEED;
  const profile = options.profile ?? claimedProfile(options.impl);
  const runs = options.runs ?? DEFAULT_RUNS;
  const total = new Tally();
  let sequences = 0;
  let failedOnce = false;
  const arb = sequenceArbitrary({ replayPath: options.replay?.replayPath ?? undefined, ...(options.maxCommands === undefined ? {} : { maxCommands: options.maxCommands }) });
  const property = fc.property(arb, (cmds) => {
    const tally = new Tally();
    const count = !failedOnce;
    try {
      runSequence(options.impl, cmds, tally, profile);
    } catch (e) {
      failedOnce = true;
      throw e;
    } finally {
      if (count) {
        sequences += 1;
        total.merge(tally);
      }
    }
  });
  const params = options.replay === undefined ? { seed, numRuns: runs } : { seed, numRuns: runs, path: options.replay.path, endOnFailure: true };
  const details = fc.check(property, params);
  const base = { impl: options.impl.name, profile, seed, runs, sequences, commands: total.commands, exercised: total.exercised() };
  if (!details.failed) return { ...base, verdict: 'pass', failure: null };
  return { ...base, verdict: 'fail', failure: failureOf(details, seed) };
}

function failureOf(details: fc.RunDetails<[Iterable<fc.Command<SeqModel, Harness>>]>, seed: number): SequentialFailure {
  const error = details.errorInstance;
  const example = details.counterexample?.[0];
  const shown = example === undefined ? '' : String(example);
  const replayPath = /replayPath="([^"]*)"/.exec(shown)?.[1] ?? null;
  const replay = { seed, path: details.counterexamplePath ?? '', replayPath };
  if (error instanceof Disagreement) {
    return { transcript: error.transcript, disagreement: error.detail, shrunkLength: error.transcript.length, replay };
  }
  const message = error instanceof Error ? error.message : String(error);
  return {
    transcript: shown === '' ? [] : [shown],
    disagreement: { command: 0, commandText: '', what: 'harness error', reason: message, expected: 'no error', actual: message, calls: [] },
    shrunkLength: 0,
    replay,
  };
}
