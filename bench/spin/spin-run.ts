/** Running SPIN and its verifiers on one model in a temporary directory, timed (wall and CPU). */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parsePan, type PanResult } from './pan-output.ts';
import { summarizeTrail, type TrailSummary } from './trail.ts';

const HERE = fileURLToPath(new URL('.', import.meta.url));
export const DEPTH = '-m10000';

export interface Timed {
  readonly out: string;
  /** Wall-clock seconds. */
  readonly seconds: number;
  /** CPU seconds (user + system) of the command and its children, or null off Linux. */
  readonly cpu: number | null;
}

/**
 * CPU seconds (user + system) of this process's waited-for children (cutime + cstime of /proc/self/stat,
 * in ticks of 1/100 s): the machine is shared, and the load inflates wall-clock time, not CPU time.
 */
function childrenCpu(): number | null {
  if (!existsSync('/proc/self/stat')) return null;
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields 3.. of proc(5)
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

/** Runs a command to completion; exits with its output if it fails (pan's own errors are findings, not failures). */
export function run(cwd: string, cmd: string, args: readonly string[]): Timed {
  const start = performance.now();
  const cpuBefore = childrenCpu();
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const seconds = (performance.now() - start) / 1000;
  const cpuAfter = childrenCpu();
  const cpu = cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore;
  if (r.error !== undefined || r.status !== 0) {
    console.error(`bench/spin: \`${cmd} ${args.join(' ')}\` failed in ${cwd}:\n${r.error?.message ?? ''}${r.stdout}${r.stderr}`);
    process.exit(1);
  }
  return { out: r.stdout + r.stderr, seconds, cpu };
}

/** The first line of `cmd`'s version output; exits with a clear message when it is not installed. */
export function requireTool(cmd: string, args: readonly string[], hint: string): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error !== undefined) {
    console.error(`bench/spin: ${cmd} is not installed (${hint}); SPIN is needed only for this benchmark`);
    process.exit(1);
  }
  return (r.stdout + r.stderr).trim().split('\n')[0] ?? '';
}

/** A scenario's model, with the -D options given to spin (a mutant), generated in its own directory. */
export interface Model {
  readonly scenario: string;
  readonly defines: readonly string[];
  readonly dir: string;
  /** `spin -a`: pan.c generated. */
  readonly generate: Timed;
}

/** Copies the models to a fresh temporary directory, runs `spin -a` there, calls `body`, cleans up. */
export function withModel<T>(scenario: string, defines: readonly string[], body: (m: Model) => T): T {
  const dir = mkdtempSync(join(tmpdir(), `spin-${scenario}-`));
  try {
    for (const f of readdirSync(HERE)) if (f.endsWith('.pml')) copyFileSync(join(HERE, f), join(dir, f));
    const generate = run(dir, 'spin', [...defines, '-a', `${scenario}.pml`]);
    return body({ scenario, defines, dir, generate });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Replays trail `n` (0: the unnumbered one) of a model step by step. */
export function replay(m: Model, n: number): TrailSummary {
  return summarizeTrail(m.dir, run(m.dir, 'spin', [...m.defines, n === 0 ? '-t' : `-t${n}`, '-p', `${m.scenario}.pml`]).out);
}

export interface Search {
  readonly result: PanResult;
  /** The pan process (its own report's search time is `result.searchSeconds`). */
  readonly pan: Timed;
  /** The replayed trail, for a search that stopped at its first error. */
  readonly trail: TrailSummary | null;
}

/** Runs a compiled verifier; replays its trail if it stopped at an error. */
export function search(m: Model, exe: string, panArgs: readonly string[]): Search {
  const pan = run(m.dir, `./${exe}`, [DEPTH, ...panArgs]);
  const result = parsePan(pan.out);
  if (result.depthTooSmall) {
    console.error(`bench/spin: ${m.scenario}: the search depth ${DEPTH} was too small; raise DEPTH`);
    process.exit(1);
  }
  const wroteTrail = result.errors > 0 && !panArgs.includes('-c0'); // -c0 -e writes numbered trails
  return { result, pan, trail: wroteTrail ? replay(m, 0) : null };
}

/** Compiles pan.c with `gcc -O2` and the given options into `pan-<name>`, then runs it. */
export function verify(m: Model, name: string, ccDefines: readonly string[], panArgs: readonly string[]): Search & { readonly compile: Timed } {
  const exe = `pan-${name}`;
  const compile = run(m.dir, 'gcc', ['-O2', ...ccDefines, '-o', exe, 'pan.c']);
  return { compile, ...search(m, exe, panArgs) };
}
