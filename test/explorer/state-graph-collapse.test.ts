/**
 * The state graph keeps fingerprints collapsed (explorer/stateful/graph.ts): a sequence of line
 * numbers instead of the text. Collapsing must be exact: equal fingerprints share a node, and
 * fingerprints that differ anywhere, in a line or in how the text splits into lines, never do, also
 * where a line's number takes more than one character (base 128: from 128 on two, from 16,384 three).
 */
import { describe, expect, it } from 'vitest';
import { NO_NODE, StateGraph } from '../../explorer/stateful/graph.ts';

function graphOf(keys: readonly string[]): StateGraph {
  const g = new StateGraph();
  for (const k of keys) if (g.idOf(k) === NO_NODE) g.add(k, [], NO_NODE);
  return g;
}

describe('collapsed fingerprints', () => {
  it('equal texts share a node; texts that split differently into lines do not', () => {
    const keys = ['a\nb', 'ab', 'a\n\nb', '\nab', 'ab\n', 'a\nb\n', 'b\na', '', '\n', 'a\nb'];
    const g = graphOf(keys);
    // Nodes are numbered in order of first appearance: the distinct texts, in order.
    const distinct = [...new Set(keys)];
    expect(g.nodes).toBe(distinct.length);
    for (const k of keys) expect(g.idOf(k)).toBe(distinct.indexOf(k));
  });

  it('stays exact where line numbers take one, two and three characters', () => {
    // 70,000 one-line states, then two-line states pairing lines numbered on both sides of 128 and 16,384.
    const many = Array.from({ length: 70_000 }, (_, i) => `line ${i}`);
    const pairs = [0, 1, 127, 128, 129, 16_383, 16_384, 16_385, 69_999].flatMap((a) => [5, 128, 16_384, 65_536].map((b) => `line ${a}\nline ${b}`));
    const g = graphOf([...many, ...pairs]);
    expect(g.nodes).toBe(many.length + new Set(pairs).size);
    for (const k of [...many, ...pairs]) expect(g.idOf(k)).not.toBe(NO_NODE);
    expect(g.idOf('line 70000')).toBe(NO_NODE);
    expect(g.idOf('line 0\nline 5\nline 5')).toBe(NO_NODE);
  });

  it('a line at the same place as in the last fingerprint keeps its number, and only while the table does', () => {
    const g = graphOf(['x\na', 'x\nb', 'y\nb', 'x\na']);
    expect([g.idOf('x\na'), g.idOf('x\nb'), g.idOf('y\nb'), g.idOf('y\na')]).toEqual([0, 1, 2, NO_NODE]);
    // After clear() the lines are numbered again, and a number remembered from before would be wrong:
    // 'q' at its old place would keep its old number 5 (x a b y p q), which the fifth new line then gets.
    g.add('p\nq', [], NO_NODE);
    g.clear();
    g.add('z\nq', [], NO_NODE);
    g.add('a1\nb1\nc1\nd1\ne1', [], NO_NODE);
    expect(g.idOf('z\ne1')).toBe(NO_NODE);
    expect(g.idOf('z\nq')).toBe(0);
  });
});
