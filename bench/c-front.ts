/**
 * The C front end's speed against the port: trio3 explored by dpor, the first N executions (the same
 * executions on both sides when the operations are the same), no monitors and all monitors, on
 *   - the seed's C run by the front end (c/),
 *   - the port with its unsequenced operands explicit (the same operations as the C, test/c/),
 *   - the port as it is (fewer operations while it does not use kernel/api unsequenced),
 * plus the one-off cost of loading the parser and compiling the seed. Best of 5 interleaved rounds
 * after 3 warm-up rounds. Prints a Markdown table. `npx tsx bench/c-front.ts [N]` (~1-2 min).
 */
import { readFileSync } from 'node:fs';
import { compileCImpl } from '../c/load.ts';
import { cParser } from '../c/parse.ts';
import { explore } from '../explorer/explore.ts';
import { makeScheduler } from '../explorer/strategies/registry.ts';
import type { AnyPoolImpl } from '../impl/pool-impl.ts';
import { PORT } from '../impl/registry.ts';
import { monitorsFor } from '../properties/registry.ts';
import { scenarioProgram } from '../scenarios/program.ts';
import { scenarioNamed } from '../scenarios/registry.ts';
import { portWithUnsequenced } from '../test/c/port-unsequenced.ts';

const N = Number(process.argv[2] ?? 5000);
const seedText = readFileSync(new URL('../docs/seed/mempool.c', import.meta.url), 'utf8');

const t0 = performance.now();
const parser = await cParser();
const t1 = performance.now();
const c = compileCImpl(parser, seedText, 'docs/seed/mempool.c');
const t2 = performance.now();
for (let i = 0; i < 20; i++) compileCImpl(parser, seedText, 'docs/seed/mempool.c');
const compileWarm = (performance.now() - t2) / 20;

const impls: readonly (readonly [string, AnyPoolImpl])[] = [
  ['seed C (front end)', c],
  ...(portWithUnsequenced() === null ? [] : [['port + unsequenced (same operations)', portWithUnsequenced() as AnyPoolImpl] as const]),
  ['port as is', PORT],
];
const cases = impls.flatMap(([name, impl]) => [false, true].map((monitors) => ({ name, impl, monitors })));

/** Executions per second over the first N dpor executions of trio3. */
function rate(impl: AnyPoolImpl, monitors: boolean): number {
  const start = performance.now();
  const r = explore(scenarioProgram(scenarioNamed('trio3'), impl), makeScheduler('dpor', { seed: 1 }), monitors ? monitorsFor() : [], { maxExecutions: N, stopOnFailure: false, keepFailures: 0 });
  return (r.executions / (performance.now() - start)) * 1000;
}

for (let round = 0; round < 3; round++) for (const k of cases) rate(k.impl, k.monitors);
const best = cases.map(() => 0);
for (let round = 0; round < 5; round++) cases.forEach((k, i) => (best[i] = Math.max(best[i] as number, rate(k.impl, k.monitors))));

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
console.log(`trio3, dpor, first ${fmt(N)} executions; parser load ${(t1 - t0).toFixed(0)} ms, first compile of the seed ${(t2 - t1).toFixed(0)} ms, warm ${compileWarm.toFixed(1)} ms\n`);
console.log('| implementation | monitors | executions/s |');
console.log('|---|---|---|');
cases.forEach((k, i) => console.log(`| ${k.name} | ${k.monitors ? 'all' : 'none'} | ${fmt(best[i] as number)} |`));
