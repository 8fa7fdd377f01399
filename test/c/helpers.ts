/**
 * Shared by the C front end's tests: the parser (loaded once per test file), the seed's text, a C
 * source compiled into an implementation or a program, and a C function run alone on a fresh kernel.
 */
import { readFileSync } from 'node:fs';
import type { Parser } from 'web-tree-sitter';
import { C_MUTANTS } from '../../c/mutants/registry.ts';
import { compileC, compileCImpl } from '../../c/load.ts';
import type { CValue } from '../../c/cfg.ts';
import type { CProgram } from '../../c/compile.ts';
import { runC } from '../../c/impl.ts';
import { cParser } from '../../c/parse.ts';
import type { AnyPoolImpl } from '../../impl/pool-impl.ts';
import { applyPatches } from '../../impl/patched/load.ts';
import { Kernel } from '../../kernel/rt/kernel.ts';
import type { Gen, Op } from '../../kernel/rt/ops.ts';

export const SEED_PATH = 'docs/seed/mempool.c';
export const SEED = readFileSync(new URL('../../docs/seed/mempool.c', import.meta.url), 'utf8');

export const parser: Parser = await cParser();

/** The seed's C, claiming the seed's profile as the port does (a file is otherwise checked against the contract). */
export const seedImpl = (): AnyPoolImpl => compileCImpl(parser, SEED, SEED_PATH, { profile: 'v4.1' });

/** The seed with C mutant `name` applied, compiled. */
export function cMutant(name: string): AnyPoolImpl {
  const m = C_MUTANTS.get(name);
  if (m === undefined) throw new Error(`no C mutant ${name}`);
  return compileCImpl(parser, applyPatches(SEED, m.patches, `c-mutant:${name}`), SEED_PATH, { name: `c-mutant:${name}`, profile: 'v4.1' });
}

export const program = (text: string, file = 'test.c'): CProgram => compileC(parser, text, file);

export const impl = (text: string, file = 'test.c'): AnyPoolImpl => compileCImpl(parser, text, file);

/**
 * Runs C function `fn` alone on a fresh kernel: every operation it issued, and what it returned.
 * Value choices (an operand order, an allocation failure) are answered from `choices`, then 0.
 */
export function runAlone(prog: CProgram, fn: string, args: readonly CValue[] = [], choices: readonly number[] = []): { ops: Op[]; result: CValue; findings: string[] } {
  const kernel = new Kernel();
  kernel.defineStatics(prog.statics.values);
  const ops: Op[] = [];
  let next = 0;
  kernel.tracer = { onOp: (_k, _t, op) => ops.push(op) };
  kernel.chooser = { pickValue: () => choices[next++] ?? 0 };
  const t = kernel.spawn('T', runC(prog, fn, args, new Map(), true));
  while (t.status === 'ready' && t.pending !== null) kernel.step(t.id);
  if (t.status !== 'done') throw new Error(`C function ${fn} did not return (${t.status})`);
  return { ops, result: t.result as CValue, findings: kernel.findings.map((f) => `${f.property}: ${f.message}`) };
}

/**
 * Drives a C call directly, with no Kernel: loads read a plain map, stores write it, allocations get
 * fresh addresses, `unsequenced` operations are answered from `orders` (then 0). Tests the front end's
 * side of the protocol whatever the runtime decides about steps and choices. `before` sees the body
 * before each operation is issued.
 */
export function driveAlone(
  body: Gen<CValue> & { writeState?: unknown },
  orders: readonly number[] = [],
  before: () => void = () => undefined,
): { ops: Op[]; result: CValue } {
  const memory = new Map<number, number>();
  const ops: Op[] = [];
  let next = 1 << 20;
  let k = 0;
  let answer: unknown = undefined;
  for (;;) {
    before();
    const r = body.next(answer);
    if (r.done === true) return { ops, result: r.value };
    const op = r.value;
    ops.push(op);
    switch (op.kind) {
      case 'load':
        answer = memory.get(op.loc) ?? 0;
        break;
      case 'store':
        memory.set(op.loc, op.value);
        answer = undefined;
        break;
      case 'alloc':
        answer = next;
        next += 64;
        break;
      case 'unsequenced':
        answer = orders[k++] ?? 0;
        break;
      default:
        answer = undefined;
    }
  }
}
