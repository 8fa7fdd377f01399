/**
 * A world fingerprint kept as numbers: the sink a stateful search writes each state to
 * (kernel/rt/state.ts writeWorld), instead of text. Every token is one number, a value and its tag
 * (an integer, a renamed block, the number of a text, a run of words without a value); each line of
 * tokens is numbered once in a table of distinct lines, and the state is the sequence of its line
 * numbers, collapsed (explorer/stateful/graph.ts `collapsedLines`, SPIN's COLLAPSE mode). The one
 * table of lines a stateful search has: the scheduler owns it and gives it to whatever writes states.
 *
 * Most of a state repeats the previous one (a step moves one thread and touches a block or two), so a
 * line is first compared, number by number, with the line at the same place in the previous
 * fingerprint: no text is built, and no hash is taken, for a line that did not change.
 *
 * Exact: equal tokens make equal lines of text (kernel/rt/state-sink.ts), and different tokens are
 * different lines here, so two states get the same sequence only when their fingerprints are equal.
 */
import type { BlockNamer } from '../../kernel/rt/state-names.ts';
import type { WorldSink } from '../../kernel/rt/state-sink.ts';
import { collapsedLines, type StateKey } from './graph.ts';
import { TokenTable } from './token-table.ts';

const NUM = 0;
const TEXT = 1;
const BLOCK = 2;
const INSIDE = 3;
const ABSENT = 4;
/** The largest value a token holds exactly with its tag (value * 8 + tag stays below 2^53). */
const MAX_VALUE = 2 ** 49;
/** Texts of a line whose places are remembered (the rest are looked up). */
const TEXTS_PER_LINE = 32;

export class TokenLines implements WorldSink {
  private names: BlockNamer | null = null;
  private readonly table = new TokenTable();
  private readonly texts = new Map<string, number>();
  /** The fingerprint being written: its tokens, and where each of its lines starts. */
  private tokens = new Float64Array(1024);
  private size = 0;
  private starts: number[] = [];
  private lines = 0;
  /** The previous fingerprint, as written, with its lines' numbers. */
  private before = new Float64Array(1024);
  private beforeSize = 0;
  private beforeStarts: number[] = [];
  private beforeNumbers: number[] = [];
  private beforeLines = 0;
  /** The texts of the previous fingerprints by their place (line, place in the line), with their numbers. */
  private readonly textsBefore: (string | undefined)[] = [];
  private readonly textIdsBefore: number[] = [];
  private textCount = 0;
  /** The line numbers of the fingerprint being collapsed (reused). */
  private readonly numbers: number[] = [];

  /** The namer of the world about to be written (a sink written lines of text alone needs none). */
  begin(names: BlockNamer): void {
    this.names = names;
  }

  line(): void {
    this.starts[this.lines] = this.size;
    this.lines += 1;
    this.textCount = 0;
    // Places for this line's texts, filled in order (an array written past its end turns sparse and slow).
    while (this.textsBefore.length < this.lines * TEXTS_PER_LINE) {
      this.textsBefore.push(undefined);
      this.textIdsBefore.push(-1);
    }
  }

  num(n: number): void {
    // A number a token cannot hold exactly (NaN, which equals nothing, not even itself; a fraction; a
    // huge one) is written as its text, which TextSink writes for it too.
    if (Number.isInteger(n) && Math.abs(n) <= MAX_VALUE) this.push(NUM, n);
    else this.text(String(n));
  }

  word(v: number): void {
    const i = (this.names as BlockNamer).resolve(v);
    if (i < 0) this.num(v);
    else if ((this.names as BlockNamer).offset === 0) this.push(BLOCK, i);
    else {
      this.push(INSIDE, i);
      this.push(NUM, (this.names as BlockNamer).offset);
    }
  }

  text(s: string): void {
    // The j-th text of a line is mostly the j-th text of the same line of the previous fingerprint: the
    // same string (a kind, a function's name) or an equal one made afresh (a monitor's line that did
    // not change), and comparing the two costs less than looking the text up.
    const j = this.textCount;
    this.textCount += 1;
    const k = j < TEXTS_PER_LINE ? (this.lines - 1) * TEXTS_PER_LINE + j : -1;
    let id: number | undefined;
    if (k >= 0 && this.textsBefore[k] === s) id = this.textIdsBefore[k] as number;
    else {
      id = this.texts.get(s);
      if (id === undefined) {
        id = this.texts.size;
        // A copy: a text split from a longer one would keep all of it alive (V8's sliced strings).
        this.texts.set(JSON.parse(JSON.stringify(s)) as string, id);
      }
      if (k >= 0) {
        this.textsBefore[k] = s;
        this.textIdsBefore[k] = id;
      }
    }
    this.push(TEXT, id);
  }

  absent(n: number): void {
    this.push(ABSENT, n);
  }

  /** The fingerprint written since the last `finish`, as the state table keys it. */
  finish(): StateKey {
    const numbers = this.numbers;
    while (numbers.length !== 0) numbers.pop();
    const tokens = this.tokens;
    const before = this.before;
    for (let i = 0; i < this.lines; i++) {
      const from = this.starts[i] as number;
      const to = i + 1 < this.lines ? (this.starts[i + 1] as number) : this.size;
      let n = -1;
      if (i < this.beforeLines) {
        const bFrom = this.beforeStarts[i] as number;
        const bTo = i + 1 < this.beforeLines ? (this.beforeStarts[i + 1] as number) : this.beforeSize;
        if (bTo - bFrom === to - from) {
          let k = 0;
          while (k < to - from && tokens[from + k] === before[bFrom + k]) k += 1;
          if (k === to - from) n = this.beforeNumbers[i] as number;
        }
      }
      if (n < 0) n = this.table.numberOf(tokens, from, to);
      numbers.push(n);
    }
    // This fingerprint is the next one's `before`: swap the buffers rather than copy.
    this.before = tokens;
    this.tokens = before.length >= tokens.length ? before : new Float64Array(tokens.length);
    const starts = this.beforeStarts;
    this.beforeStarts = this.starts;
    this.starts = starts;
    this.beforeLines = this.lines;
    this.beforeSize = this.size;
    while (this.beforeNumbers.length > numbers.length) this.beforeNumbers.pop();
    for (let i = 0; i < numbers.length; i++) this.beforeNumbers[i] = numbers[i] as number;
    this.size = 0;
    this.lines = 0;
    return collapsedLines(numbers);
  }

  /** Forget every line (a search that starts over). */
  clear(): void {
    this.table.clear();
    this.texts.clear();
    while (this.textsBefore.length !== 0) this.textsBefore.pop();
    while (this.textIdsBefore.length !== 0) this.textIdsBefore.pop();
    this.beforeLines = 0;
    this.beforeSize = 0;
  }

  /** A token: its value and tag in one number (value * 8 + tag, exact for an integer value up to MAX_VALUE). */
  private push(tag: number, value: number): void {
    if (this.size === this.tokens.length) {
      const grown = new Float64Array(this.tokens.length * 2);
      grown.set(this.tokens);
      this.tokens = grown;
    }
    this.tokens[this.size] = value * 8 + tag;
    this.size += 1;
  }
}
