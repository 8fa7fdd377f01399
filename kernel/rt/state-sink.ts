/**
 * Where a world fingerprint (kernel/rt/state.ts) is written: line by line, token by token. The
 * traversal that decides what a state is and how its pointers are named is written once; a sink
 * decides what the tokens become. `TextSink` makes text (lassos compare it, tests and messages read
 * it); a stateful search numbers the tokens directly (explorer/stateful/token-lines.ts), so that a
 * line that did not change costs a comparison of numbers instead of building and hashing its text.
 *
 * Both must tell the same states apart. Tokens are written in a fixed order for each kind of line and
 * a list is preceded by its length unless it ends the line or its items are marked; TextSink quotes a
 * text that holds a space or a quote, or is empty: so the text determines the tokens, and equal tokens
 * give equal text.
 */
import type { BlockNamer } from './state-names.ts';

export interface StateSink {
  /** Starts a line: one part of the state (the globals, a thread, a block, a monitor...). */
  line(): void;
  /** An integer (a count, a position, a flag); anything else goes through `text`. */
  num(n: number): void;
  /** A word of memory or a local as a fingerprint writes it: renamed when it points into a block. */
  word(v: number): void;
  /** A name, a kind, or text a part of the state wrote itself. */
  text(s: string): void;
  /** `n` (at least 1) consecutive words of memory that hold no value (never written). */
  absent(n: number): void;
}

/** A sink a whole world is written to: told the namer of this fingerprint first (its words go through it). */
export interface WorldSink extends StateSink {
  begin(names: BlockNamer): void;
}

/** The fingerprint as lines of text, tokens separated by spaces (kernel/rt/state.ts worldFingerprintLines). */
export class TextSink implements WorldSink {
  readonly lines: string[] = [];
  private current = '';
  private open = false;
  private tokens = 0;

  constructor(private names: Pick<BlockNamer, 'value'> = { value: String }) {}

  begin(names: BlockNamer): void {
    this.names = names;
  }

  line(): void {
    if (this.open) this.lines.push(this.current);
    this.current = '';
    this.tokens = 0;
    this.open = true;
  }

  num(n: number): void {
    this.put(String(n));
  }

  word(v: number): void {
    this.put(this.names.value(v));
  }

  text(s: string): void {
    // Quoted where it could run into its neighbours (a space), or vanish (empty), or look quoted.
    this.put(s === '' || s.includes(' ') || s.includes('"') ? JSON.stringify(s) : s);
  }

  absent(n: number): void {
    this.put(n === 1 ? '-' : `-*${n}`);
  }

  /** The lines written (the last one closed). */
  finish(): string[] {
    if (this.open) this.lines.push(this.current);
    this.open = false;
    return this.lines;
  }

  private put(token: string): void {
    this.current = this.tokens === 0 ? token : `${this.current} ${token}`;
    this.tokens += 1;
  }
}

/** What `write` puts into a sink, as one line of text (a thread's frames for a message or a test). */
export function textOf(names: Pick<BlockNamer, 'value'>, write: (out: StateSink) => void): string {
  const sink = new TextSink(names);
  sink.line();
  write(sink);
  return sink.finish().join('\n');
}

/** A local variable of a running call as its source names it (`mempool_resize`'s `added`), for diagnostics. */
export interface NamedLocal {
  readonly fn: string;
  readonly name: string;
  readonly value: unknown;
}
