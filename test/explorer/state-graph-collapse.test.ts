/**
 * The state graph keeps fingerprints collapsed (explorer/stateful/graph.ts): a state is the sequence
 * of its lines' numbers in the search's table of lines (explorer/stateful/token-lines.ts), not its
 * text. Collapsing must be exact: equal fingerprints share a node, and fingerprints that differ
 * anywhere, in a line or in how the text splits into lines, never do, also where a line's number takes
 * more than one character (base 128: from 128 on two, from 16,384 three).
 */
import { describe, expect, it } from 'vitest';
import { NO_NODE, StateGraph } from '../../explorer/stateful/graph.ts';
import { TokenLines } from '../../explorer/stateful/token-lines.ts';
import { writeTextLines } from './stateful-check.ts';

/** A table of lines and a graph, fed texts as a stateful search feeds states (each line one token). */
function search(): { key: (text: string) => string; graph: StateGraph; lines: TokenLines } {
  const lines = new TokenLines();
  const graph = new StateGraph();
  const key = (text: string): string => {
    writeTextLines(lines, text.split('\n'));
    return lines.finish();
  };
  return { key, graph, lines };
}

function graphOf(texts: readonly string[]): { idOf: (text: string) => number; nodes: number } {
  const { key, graph } = search();
  for (const t of texts) {
    const k = key(t);
    if (graph.idOf(k) === NO_NODE) graph.add(k, [], NO_NODE);
  }
  return { idOf: (t) => graph.idOf(key(t)), nodes: graph.nodes };
}

describe('collapsed fingerprints', () => {
  it('equal texts share a node; texts that split differently into lines do not', () => {
    const texts = ['a\nb', 'ab', 'a\n\nb', '\nab', 'ab\n', 'a\nb\n', 'b\na', '', '\n', 'a\nb'];
    const g = graphOf(texts);
    // Nodes are numbered in order of first appearance: the distinct texts, in order.
    const distinct = [...new Set(texts)];
    expect(g.nodes).toBe(distinct.length);
    for (const t of texts) expect(g.idOf(t)).toBe(distinct.indexOf(t));
  });

  it('stays exact where line numbers take one, two and three characters', () => {
    // 70,000 one-line states, then two-line states pairing lines numbered on both sides of 128 and 16,384.
    const many = Array.from({ length: 70_000 }, (_, i) => `line ${i}`);
    const pairs = [0, 1, 127, 128, 129, 16_383, 16_384, 16_385, 69_999].flatMap((a) => [5, 128, 16_384, 65_536].map((b) => `line ${a}\nline ${b}`));
    const g = graphOf([...many, ...pairs]);
    expect(g.nodes).toBe(many.length + new Set(pairs).size);
    for (const t of [...many, ...pairs]) expect(g.idOf(t)).not.toBe(NO_NODE);
    expect(g.idOf('line 70000')).toBe(NO_NODE);
    expect(g.idOf('line 0\nline 5\nline 5')).toBe(NO_NODE);
  });

  it('a line at the same place as in the last fingerprint keeps its number, and only while the table does', () => {
    const { key, graph } = search();
    for (const t of ['x\na', 'x\nb', 'y\nb', 'x\na']) if (graph.idOf(key(t)) === NO_NODE) graph.add(key(t), [], NO_NODE);
    expect(['x\na', 'x\nb', 'y\nb', 'y\na'].map((t) => graph.idOf(key(t)))).toEqual([0, 1, 2, NO_NODE]);
    // After a clear the lines are numbered again, as in a new search. A line compared with the one at
    // its place before the clear would keep its old number: a line holding the number 7 is line 0, then
    // 'a\nb' gives lines 1 and 2; after the clear 'p\nq' has the same tokens as 'a\nb' (texts are
    // numbered again from 0), so it would be (1, 2) where a new search says (0, 1).
    const again = search();
    again.lines.line();
    again.lines.num(7);
    again.lines.finish();
    again.key('a\nb');
    again.lines.clear();
    expect(again.key('p\nq')).toBe(search().key('p\nq'));
  });
});
