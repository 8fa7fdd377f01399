/**
 * What every long command shares: Ctrl-C and SIGTERM, progress, and yielding to the event loop.
 *
 * A command works synchronously (the explorer owns no clock and never awaits), so a signal is only
 * seen when the event loop turns. Loops therefore ask `sliceOver()` between units of work (cheap: the
 * clock is read every 16 calls) and, when it says so, `await breathe()`: progress is updated, pending
 * signals run, and the next slice starts. The first signal asks everything to stop at its next
 * boundary (an execution, a sequence, a scenario) and keep what it has; a second quits at once.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { HeapWatch, heapNearlyFull, heapText } from './heap.ts';
import type { CommandIo } from './io.ts';
import { Progress, type ProgressFields, type ProgressStyle } from './progress.ts';

/** How long a slice of synchronous work runs before the event loop gets a turn. */
const SLICE_MS = 50;

export interface ControlOptions {
  /** What progress lines start with (`gate`, `fuzz v4.1`). */
  readonly label: string;
  readonly style: ProgressStyle;
}

export class RunControl {
  readonly progress: Progress;
  private interrupted: string | null = null;
  private readonly onStop: (() => void)[] = [];
  private readonly unsubscribe: (() => void) | undefined;
  private sliceEnd: number;
  private asked = 0;
  readonly now: () => number;
  /** Major collections, watched unless the caller reads the heap itself (io.heap). */
  private readonly heapWatch: HeapWatch | null;

  constructor(
    private readonly io: CommandIo,
    options: ControlOptions,
  ) {
    this.now = io.now ?? ((): number => performance.now());
    this.progress = new Progress(io, options.label, options.style, this.now);
    this.sliceEnd = this.now() + SLICE_MS;
    this.heapWatch = io.heap === undefined ? new HeapWatch() : null;
    let signals = 0;
    this.unsubscribe = io.onInterrupt?.((signal = 'SIGINT') => {
      signals += 1;
      if (signals > 1) {
        // A second signal: quit at once (128 + the signal's number, as a shell reports it).
        this.progress.stop();
        (io.exit ?? ((code: number) => process.exit(code)))(signal === 'SIGTERM' ? 143 : 130);
        return;
      }
      this.interrupted = signal;
      this.progress.clearLine();
      io.err(`${signal === 'SIGTERM' ? 'terminated (SIGTERM)' : 'interrupted'}: stopping at the next boundary and printing what was done (${signal === 'SIGTERM' ? 'a second SIGTERM' : 'Ctrl-C again'} quits at once)`);
      for (const stop of this.onStop.splice(0)) stop();
    });
  }

  /** Whether a signal asked to stop. */
  get stopped(): boolean {
    return this.interrupted !== null;
  }

  /** Call `stop` when a signal asks to stop (at once if one already did); returns a function that cancels it. */
  whenStopped(stop: () => void): () => void {
    if (this.stopped) {
      stop();
      return () => {};
    }
    this.onStop.push(stop);
    return () => {
      const i = this.onStop.indexOf(stop);
      if (i >= 0) this.onStop.splice(i, 1);
    };
  }

  /**
   * Whether the heap is nearly full (run/heap.ts): the run should stop at this boundary and print what
   * it did. Says so on stderr each time it answers yes, then forgets the reading, so that a next run
   * (the gate's next scenario) stops only if a later collection finds the heap full again.
   */
  heapFull(): boolean {
    const reading = this.io.heap?.() ?? this.heapWatch?.reading() ?? null;
    if (reading === null || !heapNearlyFull(reading)) return false;
    this.heapWatch?.forget();
    this.progress.clearLine();
    this.io.err(
      `memory: the heap holds ${heapText(reading)} limit: stopping here and printing what was done (NODE_OPTIONS=--max-old-space-size=${Math.ceil((2 * reading.limitBytes) / (1024 * 1024))} gives it twice as much)`,
    );
    return true;
  }

  /** Whether the current slice of synchronous work is over (or a stop was asked): ask between units of work. */
  sliceOver(): boolean {
    if (this.stopped) return true;
    return (++this.asked & 15) === 0 && this.now() >= this.sliceEnd;
  }

  /** Show progress, let the event loop turn (signals, the bar's redraw), start the next slice. */
  async breathe(fields?: ProgressFields): Promise<void> {
    if (fields !== undefined) this.progress.update(fields);
    await nextTurn();
    this.sliceEnd = this.now() + SLICE_MS;
    this.asked = 0;
  }

  /** Breathe only when the slice is over: call it between units of work in async loops. */
  async maybeBreathe(fields?: () => ProgressFields): Promise<void> {
    if (this.sliceOver()) await this.breathe(fields?.());
  }

  /** Lines to stdout while a bar may be showing on the same terminal. */
  out(line: string): void {
    this.progress.clearLine();
    this.io.out(line);
  }

  /** Stop listening for signals and take the bar down. */
  finish(): void {
    this.unsubscribe?.();
    this.heapWatch?.stop();
    this.progress.stop();
  }
}

/** Runs `body` with a control, and always finishes it (signals unsubscribed, the bar removed). */
export async function withControl<T>(io: CommandIo, options: ControlOptions, body: (control: RunControl) => Promise<T>): Promise<T> {
  const control = new RunControl(io, options);
  try {
    return await body(control);
  } finally {
    control.finish();
  }
}
