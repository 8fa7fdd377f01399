/**
 * What a run needs of the outside world: where lines go, how progress is shown, Ctrl-C and SIGTERM,
 * and a clock (the explorer has none). The command line provides it; so can a library caller or a test.
 */
import type { HeapReading } from './heap.ts';
import type { ProgressStyle } from './progress.ts';

export type InterruptSignal = 'SIGINT' | 'SIGTERM';

export interface CommandIo {
  out(line: string): void;
  err(line: string): void;
  /**
   * How long commands show progress on stderr: a bar on a terminal, plain lines under CI or when
   * piped, or not at all (the default for a library caller; `--progress` asks for it).
   */
  readonly progressStyle?: ProgressStyle;
  /** The terminal the bar is drawn on (stderr, when it is one). */
  readonly terminal?: NodeJS.WritableStream & { readonly isTTY?: boolean; readonly columns?: number };
  /** Calls `handler` on Ctrl-C (SIGINT) or SIGTERM until the returned function is called. */
  onInterrupt?(handler: (signal?: InterruptSignal) => void): () => void;
  /** Milliseconds from some fixed point: the CLI's clock (the explorer has none). */
  now?(): number;
  /** Quit at once with this code (a second Ctrl-C); default process.exit. */
  exit?(code: number): void;
  /** How full the heap is (run/heap.ts); default: V8's own statistics after each major collection. */
  heap?(): HeapReading;
}
