/**
 * What `replay` can re-run in anything the tool wrote: a bare token; JSON with tokens anywhere in it
 * (explore, fuzz, races, gate output, report.json, replay files: every counterexample and race example
 * carries one); and the sequential check's failures (its seed, path and replay path, in `check --json`
 * output, a report's `sequential` section, or a sequential replay file).
 */
export type Replayable =
  | { readonly kind: 'token'; readonly token: string }
  | { readonly kind: 'sequential'; readonly implementation: string; readonly profile: string | null; readonly seed: number; readonly path: string; readonly replayPath: string | null };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every replayable in a JSON value, in document order, each once. */
export function replayablesIn(data: unknown): Replayable[] {
  const out: Replayable[] = [];
  const seen = new Set<string>();
  const add = (r: Replayable): void => {
    const key = JSON.stringify(r);
    if (seen.has(key)) return;
    seen.add(key);
    out.push(r);
  };
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      for (const x of v) walk(x);
      return;
    }
    if (!isObj(v)) return;
    const sequential = sequentialIn(v);
    if (sequential !== null) add(sequential);
    if (typeof v['token'] === 'string') add({ kind: 'token', token: v['token'] });
    for (const x of Object.values(v)) walk(x);
  };
  walk(data);
  return out;
}

/** A sequential replay file (`kind: 'sequential'`), or a sequential report with a failure (`failure.replay`). */
function sequentialIn(v: Obj): Replayable | null {
  const implementation = typeof v['implementation'] === 'string' ? v['implementation'] : typeof v['impl'] === 'string' ? v['impl'] : null;
  if (implementation === null) return null;
  const failure = isObj(v['failure']) ? v['failure'] : null;
  const r = v['kind'] === 'sequential' ? v : failure !== null && isObj(failure['replay']) ? failure['replay'] : null;
  if (r === null || typeof r['seed'] !== 'number' || typeof r['path'] !== 'string') return null;
  const profile = typeof v['profile'] === 'string' ? v['profile'] : null;
  return { kind: 'sequential', implementation, profile, seed: r['seed'], path: r['path'], replayPath: typeof r['replayPath'] === 'string' ? r['replayPath'] : null };
}
