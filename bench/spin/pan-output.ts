/** The numbers of a SPIN verifier's (pan's) report, as printed by SPIN 6.5. */
export interface PanResult {
  readonly statesStored: number;
  /** States visited (differs from stored in cycle searches, which visit states twice). */
  readonly statesVisited: number;
  readonly transitions: number;
  readonly stateVectorBytes: number;
  readonly depthReached: number;
  readonly errors: number;
  /** The first error pan printed (it prints only the first when told to go on with -c0). */
  readonly firstError: { readonly kind: string; readonly depth: number } | null;
  readonly errorKinds: readonly string[];
  /** Memory for the stored states, and pan's total (hash table and stack included), in MB. */
  readonly stateMemoryMB: number;
  readonly totalMemoryMB: number;
  /** pan's own search time ("elapsed time"), without compiling or starting the process. */
  readonly searchSeconds: number;
  /** The search was cut by -m: its result is not complete. */
  readonly depthTooSmall: boolean;
}

function number(out: string, re: RegExp, what: string): number {
  const m = re.exec(out);
  if (m?.[1] === undefined) throw new Error(`pan's report has no ${what}:\n${out}`);
  return Number(m[1]);
}

export function parsePan(out: string): PanResult {
  const errorLines = [...out.matchAll(/^pan:\d+: (.+?) \(at depth (\d+)\)$/gm)];
  const first = errorLines[0];
  const stored = /^\s*(\d+) states, stored(?: \((\d+) visited\))?/m.exec(out);
  if (stored?.[1] === undefined) throw new Error(`pan's report has no state count:\n${out}`);
  return {
    statesStored: Number(stored[1]),
    statesVisited: Number(stored[2] ?? stored[1]),
    transitions: number(out, /^\s*(\d+) transitions/m, 'transition count'),
    stateVectorBytes: number(out, /State-vector (\d+) byte/, 'state vector'),
    depthReached: number(out, /depth reached (\d+)/, 'depth'),
    errors: number(out, /errors: (\d+)/, 'error count'),
    firstError: first?.[1] !== undefined && first[2] !== undefined ? { kind: first[1], depth: Number(first[2]) } : null,
    errorKinds: errorLines.map((m) => m[1] ?? ''),
    stateMemoryMB: number(out, /^\s*([\d.]+)\s+actual memory usage for states/m, 'state memory'),
    totalMemoryMB: number(out, /^\s*([\d.]+)\s+total actual memory usage/m, 'total memory'),
    searchSeconds: number(out, /^pan: elapsed time ([\d.e+-]+) seconds/m, 'elapsed time'),
    depthTooSmall: /max search depth too small/.test(out),
  };
}
