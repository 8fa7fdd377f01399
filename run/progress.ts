/**
 * Progress of a long command, the same for every command: on a terminal a bar (cli-progress) with
 * counts, rate and time left; under CI or when stderr is piped, a plain line now and then. A command
 * reports what it has done with `update()` as often as it likes (cheap: rendering is throttled).
 */
import cliProgress from 'cli-progress';
import type { CommandIo } from './io.ts';

export type ProgressStyle = 'bar' | 'lines' | 'off';

export interface ProgressFields {
  /** What runs now (a scenario, a file), shown after the label. */
  readonly task?: string;
  /** Units of the whole command done and to do (scenarios, sequences, files); total null: unknown. */
  readonly done: number;
  readonly total: number | null;
  readonly unit: string;
  /** Work counted for the rate (executions, commands), with its unit. */
  readonly work?: number;
  readonly workUnit?: string;
  /** Further counts, shown in order (`3 failing`, `2 skipped as shared with the port`). */
  readonly counts?: readonly (readonly [string, number])[];
  /** Clock reading (ms) at which the command stops at the latest (a time budget), if any. */
  readonly deadline?: number | null;
}

/** Plain lines: the first once a run has lasted this long (a quick run prints none), then at this interval. */
export const FIRST_LINE_MS = 1000;
export const LINE_INTERVAL_MS = 10_000;

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

/** `1h 02m`, `3m 20s`, `42 s`. */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

export class Progress {
  private lastLine = -Infinity;
  private bar: cliProgress.SingleBar | null = null;
  private readonly started: number;

  constructor(
    private readonly io: CommandIo,
    private readonly label: string,
    readonly style: ProgressStyle,
    private readonly now: () => number,
  ) {
    this.started = now();
  }

  /** Elapsed seconds since the command started. */
  get elapsed(): number {
    return (this.now() - this.started) / 1000;
  }

  update(fields: ProgressFields): void {
    if (this.style === 'off') return;
    const t = this.now();
    if (this.style === 'bar') {
      this.showBar(fields);
      return;
    }
    const due = this.lastLine === -Infinity ? t - this.started >= FIRST_LINE_MS : t - this.lastLine >= LINE_INTERVAL_MS;
    if (!due) return;
    this.lastLine = t;
    this.io.err(this.line(fields, t));
  }

  /** Before a line goes to stdout on the same terminal: take the bar off its line (it comes back at the next update). */
  clearLine(): void {
    if (this.bar !== null) this.io.terminal?.write('\r\x1b[K');
  }

  /** Remove the bar; plain lines stay as printed. */
  stop(): void {
    this.bar?.stop();
    this.bar = null;
  }

  /** The text of a plain progress line. */
  line(f: ProgressFields, t: number = this.now()): string {
    const parts = [this.summary(f), ...this.timing(f, t)];
    return `${this.label}${f.task ? ` ${f.task}` : ''}: ${parts.join(', ')}`;
  }

  private summary(f: ProgressFields): string {
    // No unit: the command has no units of its own (one exploration), only work and counts.
    const units = f.unit === '' ? [] : [f.total === null ? `${fmt(f.done)} ${f.unit}` : `${fmt(f.done)}/${fmt(f.total)} ${f.unit}`];
    const counts = (f.counts ?? []).map(([name, n]) => `${fmt(n)} ${name}`);
    const work = f.work === undefined ? [] : [`${fmt(f.work)} ${f.workUnit ?? ''}`.trimEnd()];
    return [...units, ...work, ...counts].join(', ');
  }

  private timing(f: ProgressFields, t: number): string[] {
    const elapsed = (t - this.started) / 1000;
    const out: string[] = [];
    const rateBase = f.work ?? f.done;
    if (elapsed > 0 && rateBase > 0) out.push(`${fmt(rateBase / elapsed)} ${f.work === undefined ? f.unit : (f.workUnit ?? '')}/s`.replace(' /s', '/s'));
    const left = this.secondsLeft(f, t);
    out.push(left === null ? `${duration(elapsed)} elapsed` : `${duration(elapsed)} elapsed, about ${duration(left)} left`);
    return out;
  }

  /** Estimated from the units done so far, and never past the deadline; null when nothing tells. */
  secondsLeft(f: ProgressFields, t: number = this.now()): number | null {
    const elapsed = (t - this.started) / 1000;
    let left: number | null = null;
    if (f.total !== null && f.done > 0) left = (elapsed * Math.max(0, f.total - f.done)) / f.done;
    if (f.deadline !== undefined && f.deadline !== null) {
      const budget = Math.max(0, (f.deadline - t) / 1000);
      left = left === null ? budget : Math.min(left, budget);
    }
    return left;
  }

  private fraction(f: ProgressFields, t: number): number {
    let x = f.total !== null && f.total > 0 ? f.done / f.total : 0;
    if (f.deadline !== undefined && f.deadline !== null && f.deadline > this.started) x = Math.max(x, (t - this.started) / (f.deadline - this.started));
    return Math.min(1, Math.max(0, x));
  }

  private showBar(f: ProgressFields): void {
    const stream = this.io.terminal;
    if (stream === undefined) return;
    const t = this.now();
    const value = Math.round(this.fraction(f, t) * 1000);
    const payload = { text: `${f.task ? `${f.task}: ` : ''}${this.summary(f)}`, timing: this.timing(f, t).join(', ') };
    if (this.bar === null) {
      const format = (options: cliProgress.Options, params: cliProgress.Params, p: typeof payload): string =>
        `${this.label} ${cliProgress.Format.BarFormat(params.progress, options)} ${p.text} | ${p.timing}`;
      // It redraws itself (throttled, on a timer that runs whenever the command yields).
      this.bar = new cliProgress.SingleBar({ stream, format, barsize: 20, hideCursor: true, clearOnComplete: true, linewrap: false, fps: 5 }, cliProgress.Presets.shades_classic);
      this.bar.start(1000, value, payload);
    } else this.bar.update(value, payload);
  }
}

/** The style a command uses: the io's (the command line decides from the terminal and CI), or plain lines when asked. */
export function progressStyle(io: CommandIo, flags: { readonly progress?: boolean; readonly noProgress?: boolean }): ProgressStyle {
  if (flags.noProgress === true) return 'off';
  const style = io.progressStyle ?? 'off';
  if (style === 'off' && flags.progress === true) return io.terminal !== undefined ? 'bar' : 'lines';
  return style;
}
