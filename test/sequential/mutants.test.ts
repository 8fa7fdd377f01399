/**
 * Every seeded bug of issue #2 is found by the sequential check and shrunk to a short command list;
 * the correct port passes the same checks (same seed, same runs, same hand-written sequences).
 */
import { describe, expect, it } from 'vitest';
import { ALWAYS, failNth } from '../../kernel/rt/faults.ts';
import { implNamed } from '../../impl/registry.ts';
import { v41 } from '../../impl/v4.1/index.ts';
import type { SeqCommand } from '../../sequential/commands.ts';
import { runSequentialCheck } from '../../sequential/check.ts';
import { DEFAULT_SEED, seedFromEnv } from '../../sequential/seed.ts';
import { DESTROY, alloc, create, createNode, resize, script } from './helpers.ts';

const SEED = seedFromEnv();
const RUNS = 1000;
/**
 * Shrinking reaches 2-3 commands for these bugs with the CI seed. Other seeds (MEMPOOL_SEED) can stop
 * in a slightly longer local minimum (choice answers are consumed across commands): over 150 seeds
 * per mutant the longest was 6.
 */
const MAX_SHRUNK = SEED === DEFAULT_SEED ? 3 : 6;

interface Case {
  readonly mutant: string;
  /** What differs at the first disagreement, and a phrase its reason must contain. */
  readonly what: string;
  readonly reason: RegExp;
  /** A hand-written sequence on which the mutant disagrees and the port does not. */
  readonly witness: readonly SeqCommand[];
}

const elementFaults = (mode: Extract<SeqCommand, { kind: 'faults' }>['mode']): SeqCommand => ({ kind: 'faults', cls: 'element', mode, choices: [] });

const CASES: readonly Case[] = [
  { mutant: 'alloc-reserve-first', what: 'operation', reason: /must call alloc_fn.*L218/, witness: [create(1), alloc('GFP_KERNEL')] },
  { mutant: 'first-pass-wait', what: 'operation', reason: /L214/, witness: [create(0), alloc('GFP_NOIO')] },
  { mutant: 'no-immediate-retry', what: 'operation', reason: /retries at once with the full mask \(L240-243\)/, witness: [elementFaults(ALWAYS), create(0), alloc('GFP_KERNEL')] },
  { mutant: 'destroy-leaks-reserve', what: 'operation', reason: /free_fn/, witness: [create(2, 'pages'), DESTROY] },
  { mutant: 'create-leaks-prefill', what: 'operation', reason: /pre-filled/, witness: [elementFaults(failNth(3)), create(3, 'kmalloc')] },
  { mutant: 'grow-no-copy', what: 'pool state', reason: /reserve/, witness: [create(2), resize(3)] },
  { mutant: 'create-node-kernel-mask', what: 'operation', reason: /mempool_create_node\(1, GFP_NOIO\) must call alloc_fn\(GFP_NOIO\)/, witness: [createNode(1, 'GFP_NOIO')] },
];

describe('the sequential check finds every seeded bug and shrinks it', () => {
  it(`the correct port passes the same check (seed ${SEED}, ${RUNS} runs)`, () => {
    const port = runSequentialCheck({ impl: v41, seed: SEED, runs: RUNS });
    expect(port.verdict).toBe('pass');
    expect(port.sequences).toBe(RUNS);
  });

  for (const c of CASES) {
    it(`mutant:${c.mutant}: found (${c.what}), shrunk to <= ${MAX_SHRUNK} commands, replayable`, () => {
      const impl = implNamed(`mutant:${c.mutant}`);
      const r = runSequentialCheck({ impl, seed: SEED, runs: RUNS });
      expect(r.verdict).toBe('fail');
      const f = r.failure;
      if (f === null) throw new Error('no failure report');
      expect(f.shrunkLength).toBeGreaterThan(0);
      expect(f.shrunkLength).toBeLessThanOrEqual(MAX_SHRUNK);
      expect(f.transcript).toHaveLength(f.shrunkLength);
      expect(f.disagreement.what).toBe(c.what);
      expect(f.disagreement.reason).toMatch(c.reason);
      expect(f.disagreement.command).toBe(f.shrunkLength);
      const again = runSequentialCheck({ impl, seed: f.replay.seed, runs: RUNS, replay: { path: f.replay.path, replayPath: f.replay.replayPath } });
      expect(again.failure?.transcript).toEqual(f.transcript);
      expect(again.failure?.disagreement).toEqual(f.disagreement);
    });

    it(`mutant:${c.mutant}: disagrees on its witness sequence, which the port passes`, () => {
      expect(script(v41, c.witness).disagreement).toBeNull();
      const m = script(implNamed(`mutant:${c.mutant}`), c.witness).disagreement;
      expect(m?.detail.what).toBe(c.what);
      expect(m?.detail.command).toBe(c.witness.length);
    });
  }
});
