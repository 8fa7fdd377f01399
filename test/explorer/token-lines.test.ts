/**
 * The fingerprint a stateful search keeps as numbers (explorer/stateful/token-lines.ts) tells states
 * apart exactly as its text does (kernel/rt/state.ts worldFingerprintLines). Over every state whole
 * stateful searches of the seed's C reach (SC and weak memory, allocator faults, slab caches held in
 * locals, wait queues, every monitor that keeps a state), two states get the same numbered key exactly
 * when their texts are equal, and a search keyed by either gives the same graph.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCImpl } from '../../c/load.ts';
import { explore } from '../../explorer/explore.ts';
import { StatefulScheduler, type StateWriter } from '../../explorer/stateful/scheduler.ts';
import { TokenLines } from '../../explorer/stateful/token-lines.ts';
import { writeTextLines } from './stateful-check.ts';
import type { BlockNamer } from '../../kernel/rt/state-names.ts';
import type { AnyPoolImpl } from '../../impl/pool-impl.ts';
import { writeWorld, worldFingerprintLines } from '../../kernel/rt/state.ts';
import { memoryFactory } from '../../kernel/rt/weak/factory.ts';
import { monitorsFor } from '../../properties/registry.ts';
import { scenarioProgram, type KernelOverrides } from '../../scenarios/program.ts';
import { scenarioNamed } from '../../scenarios/registry.ts';

let seed: AnyPoolImpl;
beforeAll(async () => {
  seed = await loadCImpl('docs/seed/mempool.c');
});

const weak: KernelOverrides = { memory: memoryFactory({ model: 'weak', staleReads: 1 }) };

function search(name: string, overrides: KernelOverrides, writeState?: StateWriter): StatefulScheduler {
  const monitors = monitorsFor().filter((m) => m.writeState !== undefined);
  const s = new StatefulScheduler(writeState);
  const watch = s.watch(monitors);
  const r = explore(scenarioProgram(scenarioNamed(name), seed, overrides), s, monitors, { maxExecutions: 200_000, stopOnFailure: false, keepFailures: 0 }, { maxSteps: 2000, lasso: 'off', watch, resume: watch }, () => {});
  expect(r.complete, name).toBe(true);
  return s;
}

describe('the numbered fingerprint', () => {
  const cases: readonly [string, string, KernelOverrides][] = [
    ['trio3', 'sc', {}],
    ['resize3', 'sc', {}],
    ['meta-faults', 'sc', {}],
    ['grow2', 'weak', weak],
    ['trio3', 'weak', weak],
    ['handoff3', 'weak', weak],
  ];
  for (const [name, memory, overrides] of cases) {
    it(`${name} (${memory}): equal numbers exactly when the texts are equal, and the same graph`, () => {
      const tokens = new TokenLines();
      const textOf = new Map<string, string>();
      const keyOf = new Map<string, string>();
      let mismatches = 0;
      // The search itself is keyed by the text (each line one token); a table of its own numbers the world.
      const both: StateWriter = (kernel, parts, out) => {
        const lines = worldFingerprintLines(kernel, parts);
        const text = lines.join('\n');
        writeWorld(kernel, parts, tokens);
        const key = tokens.finish();
        if ((textOf.get(key) ?? text) !== text || (keyOf.get(text) ?? key) !== key) mismatches += 1;
        textOf.set(key, text);
        keyOf.set(text, key);
        writeTextLines(out, lines);
      };
      const byText = search(name, overrides, both);
      expect(mismatches).toBe(0);
      // Every state was fingerprinted both ways: as many distinct keys as texts, as the graph has states.
      expect(textOf.size).toBe(keyOf.size);
      expect(keyOf.size).toBe(byText.graph.nodes);
      const byNumbers = search(name, overrides);
      expect([byNumbers.graph.nodes, byNumbers.graph.edges]).toEqual([byText.graph.nodes, byText.graph.edges]);
    });
  }
});

describe('TokenLines', () => {
  /** A namer that knows one block, at 1000, of 8 words. */
  const namer = (): BlockNamer => {
    const n = { offset: 0, resolve: (v: number) => (v >= 1000 && v < 1008 ? ((n.offset = v - 1000), 0) : -1), value: String };
    return n as unknown as BlockNamer;
  };
  const keyOf = (lines: TokenLines, write: (out: TokenLines) => void): string => {
    lines.begin(namer());
    lines.line();
    write(lines);
    return lines.finish();
  };

  it('tells a word inside a block by its offset, and a number from the text of that number', () => {
    const lines = new TokenLines();
    const keys = [
      keyOf(lines, (o) => o.word(1001)),
      keyOf(lines, (o) => o.word(1002)),
      keyOf(lines, (o) => o.word(1000)),
      keyOf(lines, (o) => o.word(7)),
      keyOf(lines, (o) => o.text('7')),
      keyOf(lines, (o) => (o.num(1), o.num(2))),
      keyOf(lines, (o) => (o.num(12), o.num(Number.NaN))),
    ];
    expect(new Set(keys).size).toBe(keys.length);
    // The same line again, after others: the number it got the first time.
    expect(keyOf(lines, (o) => o.word(1002))).toBe(keys[1]);
    expect(keyOf(lines, (o) => (o.num(12), o.num(Number.NaN)))).toBe(keys[6]);
  });

  it('forgets the previous fingerprint when cleared (its lines and texts would otherwise keep their old numbers)', () => {
    const fresh = keyOf(new TokenLines(), (o) => o.num(5));
    for (const write of [(o: TokenLines) => o.num(6), (o: TokenLines) => o.text('b')]) {
      const lines = new TokenLines();
      keyOf(lines, (o) => o.text('a'));
      const before = keyOf(lines, write);
      lines.clear();
      // The first line of a fresh table is numbered 0, whatever it is; compared with the line before
      // the clear, the same line would keep its old number.
      const after = keyOf(lines, write);
      expect(after).not.toBe(before);
      expect(after).toBe(fresh);
      // Texts numbered after the clear never take a number a text kept from before it.
      const later = [keyOf(lines, (o) => o.text('c')), keyOf(lines, (o) => o.text('d'))];
      expect(new Set([after, ...later]).size).toBe(3);
    }
  });
});
