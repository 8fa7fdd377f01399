/**
 * What a run needs of the outside world: where lines go, whether a terminal is watching, Ctrl-C, and
 * a clock (the explorer has none). The command line provides it; so can a library caller or a test.
 */
export interface CommandIo {
  out(line: string): void;
  err(line: string): void;
  /** Whether stderr is a terminal (progress is shown there by default). */
  readonly interactive?: boolean;
  /** A transient status line on stderr (overwritten by the next one; '' clears it). */
  status?(text: string): void;
  /** Calls `handler` on Ctrl-C (SIGINT) until the returned function is called. */
  onInterrupt?(handler: () => void): () => void;
  /** Milliseconds from some fixed point: the CLI's clock (the explorer has none). */
  now?(): number;
}
