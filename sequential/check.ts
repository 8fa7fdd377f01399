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
  /** `incomplete` only when interrupted before every sequence ran (and nothing failed). */
  readonly verdict: 'pass' | 'fail' | 'incomplete';
  readonly failure: SequentialFailure | null;
  /** Stopped early by Ctrl-C or SIGTERM (runSequentialCheckAsync). */
  readonly interrupted?: boolean;
}

/** The profile an implementation is checked against unless told otherwise. */
export const claimedProfile = (impl: AnyPoolImpl): Profile => impl.profile ?? 'contract';

/** Run one command sequence against `impl`; throws a Disagreement at the first difference. */
export function runSequence(impl: AnyPoolImpl, cmds: Iterable<fc.Command<SeqModel, Harness>>, tally: Tally = new Tally(), profile: Profile = claimedProfile(impl)): void {
  fc.modelRun(() => ({ model: new SeqModel(profile), real: new Harness(impl, tally) }), cmds);
}

export function runSequentialCheck(options: SequentialOptions): SequentialReport {
  const check = sequentialCheck(options);
  return check.report(fc.check(fc.property(check.arbitrary, (cmds) => check.run(cmds)), check.params));
}

/**
 * Between command sequences, what lets a caller show progress and stop early (Ctrl-C): `between` may
 * await (the event loop turns there); once `stopped()` says so, the remaining sequences are skipped
 * (a failure already found is still shrunk, with every further candidate skipped) and the report says
 * `interrupted`.
 */
export interface SequentialControl {
  between(progress: { readonly sequences: number; readonly commands: number; readonly runs: number }): Promise<void>;
  stopped(): boolean;
}

/** The sequential check as a command line runs it: interruptible between sequences. */
export async function runSequentialCheckAsync(options: SequentialOptions, control: SequentialControl): Promise<SequentialReport> {
  const check = sequentialCheck(options);
  const property = fc.asyncProperty(check.arbitrary, async (cmds) => {
    await control.between(check.progress());
    if (control.stopped()) {
      check.interrupted = true;
      // fast-check would still generate every remaining sequence: a failure of its own ends the run at
      // once (its shrinking fails at once too). While a real failure is being shrunk, every further
      // candidate passes instead, so the smallest found so far is kept.
      if (!check.failedOnce) throw new Interrupted();
      return;
    }
    check.run(cmds);
  });
  return check.report(await fc.check(property, check.params));
}

/** Ends an interrupted check (not a disagreement: the report says interrupted). */
class Interrupted extends Error {}

function sequentialCheck(options: SequentialOptions) {
  const seed = options.seed ?? DEFAULT_SEED;
  const profile = options.profile ?? claimedProfile(options.impl);
  const runs = options.runs ?? DEFAULT_RUNS;
  const total = new Tally();
  let sequences = 0;
  let failedOnce = false;
  const arbitrary = sequenceArbitrary({ replayPath: options.replay?.replayPath ?? undefined, ...(options.maxCommands === undefined ? {} : { maxCommands: options.maxCommands }) });
  const params = options.replay === undefined ? { seed, numRuns: runs } : { seed, numRuns: runs, path: options.replay.path, endOnFailure: true };
  const check = {
    arbitrary,
    params,
    interrupted: false,
    get failedOnce(): boolean {
      return failedOnce;
    },
    progress: () => ({ sequences, commands: total.commands, runs }),
    run(cmds: Iterable<fc.Command<SeqModel, Harness>>): void {
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
    },
    report(details: fc.RunDetails<[Iterable<fc.Command<SeqModel, Harness>>]>): SequentialReport {
      const base = { impl: options.impl.name, profile, seed, runs, sequences, commands: total.commands, exercised: total.exercised(), ...(check.interrupted ? { interrupted: true } : {}) };
      if (!details.failed || details.errorInstance instanceof Interrupted) return { ...base, verdict: check.interrupted ? 'incomplete' : 'pass', failure: null };
      return { ...base, verdict: 'fail', failure: failureOf(details, seed) };
    },
  };
  return check;
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
