/**
 * The state graph keeps fingerprints collapsed (explorer/stateful/graph.ts): a sequence of line
 * numbers instead of the text. Collapsing must be exact: equal fingerprints share a node, and
 * fingerprints that differ anywhere, in a line or in how the text splits into lines, never do, also
 * past 32,768 distinct lines, where a line's number takes two code units.
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

  it('stays exact past 32,768 distinct lines (two code units per number)', () => {
    // 70,000 one-line states, then two-line states pairing lines numbered on both sides of 0x8000.
    const many = Array.from({ length: 70_000 }, (_, i) => `line ${i}`);
    const pairs = [0, 1, 0x7fff, 0x8000, 0x8001, 69_999].flatMap((a) => [5, 0x8000, 65_536].map((b) => `line ${a}\nline ${b}`));
    const g = graphOf([...many, ...pairs]);
    expect(g.nodes).toBe(many.length + new Set(pairs).size);
    for (const k of [...many, ...pairs]) expect(g.idOf(k)).not.toBe(NO_NODE);
    expect(g.idOf('line 70000')).toBe(NO_NODE);
    expect(g.idOf('line 0\nline 5\nline 5')).toBe(NO_NODE);
  });
});
