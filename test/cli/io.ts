/** An in-process CommandIo that records what a command prints, with a fake clock and Ctrl-C. */
import type { CommandIo } from '../../cli/commands/command.ts';

export interface Captured {
  readonly io: CommandIo;
  readonly out: string[];
  readonly err: string[];
}

export interface FakeOptions {
  /** Milliseconds the clock advances per reading. */
  readonly tick?: number;
  /** Press Ctrl-C at this clock reading (1-based). */
  readonly interruptAt?: number;
  /** Show progress as plain lines on err (default: none, as for any library caller). */
  readonly progress?: boolean;
}

export function capture(options: FakeOptions = {}): Captured {
  const out: string[] = [];
  const err: string[] = [];
  let handler: (() => void) | null = null;
  let readings = 0;
  const io: CommandIo = {
    ...(options.progress === true ? { progressStyle: 'lines' as const } : {}),
    out: (line) => out.push(...line.split('\n')),
    err: (line) => err.push(line),
    onInterrupt(h) {
      handler = h;
      return () => {
        handler = null;
      };
    },
    now() {
      readings += 1;
      if (readings === options.interruptAt) handler?.();
      return readings * (options.tick ?? 1);
    },
  };
  return { io, out, err };
}
