/** Table cells for what SPIN found. */
import { replay, type Model, type Search, type Timed } from './spin-run.ts';
import type { TrailSummary } from './trail.ts';

export const fmt = (n: number): string => n.toLocaleString('en-US');
export const sec = (s: number): string => s.toFixed(2);
/** `wall / cpu` seconds. */
export const wallCpu = (t: Timed): string => `${sec(t.seconds)} / ${t.cpu === null ? '?' : sec(t.cpu)}`;

/** Markdown table row. */
export const row = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;

const at = (t: TrailSummary): string => t.unfinished.map((x) => `${x.thread} at ${x.seedLine}`).join(', ');

/** What a trail shows: the failed assertion, the threads blocked for good, or the cycle. */
function trailText(t: TrailSummary): string {
  if (t.assertion !== null) return `; assert(${t.assertion.text.replace(/^assert\((.*)\)$/, '$1')}) at ${t.assertion.at}`;
  if (t.movingInCycle.length > 0) return `${t.unfinished.length > 0 ? `; not returned: ${at(t)}` : ''}; moving in the cycle: ${t.movingInCycle.join(', ')}`;
  return t.unfinished.length > 0 ? `; blocked for good: ${at(t)}` : '';
}

/** What a search that stops at its first error found. */
export function firstErrorCell(s: Search): string {
  const r = s.result;
  const cpu = s.pan.cpu === null ? '' : `, cpu ${sec(s.pan.cpu)} s`;
  const cost = `(${fmt(r.statesStored)} states, ${sec(r.searchSeconds)} s${cpu})`;
  if (r.firstError === null) return `none ${cost}`;
  return `${r.firstError.kind} at depth ${r.firstError.depth}${s.trail === null ? '' : trailText(s.trail)} ${cost}`;
}

/** Most trails replayed after a full search (`pan -c0 -e` writes one per error). */
const MAX_REPLAYS = 100;

/** Every error of a full search, replayed: how many of each kind, by what it shows. */
export function everyError(m: Model, errors: number): string {
  const kinds = new Map<string, number>();
  const replays = Math.min(errors, MAX_REPLAYS);
  for (let i = 1; i <= replays; i++) {
    const t = replay(m, i);
    const what = t.assertion !== null ? `assertion violated${trailText(t)}` : `invalid end state${trailText(t)}`;
    kinds.set(what, (kinds.get(what) ?? 0) + 1);
  }
  const more = errors > replays ? `; ${fmt(errors - replays)} more not replayed` : '';
  return [...kinds].map(([what, n]) => `${fmt(n)}× ${what}`).join('; ') + more;
}
