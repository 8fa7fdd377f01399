/**
 * The architecture's lint rules must actually fire: a rule that silently stopped matching would let
 * nondeterminism or a backwards import in unnoticed.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function messages(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('determinism rules', () => {
  const forbidden: Record<string, string> = {
    async: 'export async function f(): Promise<void> {}\n',
    await: 'export function* g() { const x = 1; return x; }\nexport const h = async () => { await 1; };\n',
    Promise: 'export const p = Promise.resolve(1);\n',
    'Math.random': 'export const r = Math.random();\n',
    'Date.now': 'export const t = Date.now();\n',
    timers: 'setTimeout(() => {}, 1);\n',
  };
  for (const dir of ['kernel/rt', 'impl/v4.1', 'explorer', 'model']) {
    for (const [what, code] of Object.entries(forbidden)) {
      it(`rejects ${what} in ${dir}/`, async () => {
        const found = await messages(`${dir}/probe.ts`, code);
        expect(found.some((m) => m.startsWith('no-restricted-syntax'))).toBe(true);
      });
    }
  }
  it('allows them in cli/', async () => {
    const found = await messages('cli/probe.ts', 'export const t = Date.now();\nexport async function f(): Promise<number> { return await Promise.resolve(t); }\n');
    expect(found.filter((m) => m.startsWith('no-restricted-syntax'))).toEqual([]);
  });
});

describe('one-way imports (DESIGN.md section 2)', () => {
  const cases: Array<[string, string, boolean]> = [
    ['impl/v4.1/probe.ts', "import { Kernel } from '../../kernel/rt/kernel.ts';", false],
    ['impl/v4.1/probe.ts', "import { load } from '../../kernel/api/index.ts';", true],
    ['kernel/rt/probe.ts', "import { load } from '../api/memory.ts';", false],
    ['kernel/api/probe.ts', "import { v41 } from '../../impl/v4.1/index.ts';", false],
    ['model/probe.ts', "import { Kernel } from '../kernel/rt/kernel.ts';", false],
    ['model/probe.ts', "import type { Elem } from './types.ts';", true],
    ['explorer/probe.ts', "import { v41 } from '../impl/v4.1/index.ts';", false],
    ['explorer/probe.ts', "import { Kernel } from '../kernel/rt/kernel.ts';", true],
    ['explorer/strategies/probe.ts', "import { runExecution } from '../execution.ts';", false],
    ['explorer/strategies/probe.ts', "import type { Scheduler } from '../scheduler.ts';", true],
    ['properties/probe.ts', "import { main } from '../cli/main.ts';", false],
    ['scenarios/probe.ts', "import { main } from '../cli/main.ts';", false],
  ];
  for (const [file, line, allowed] of cases) {
    it(`${allowed ? 'allows' : 'rejects'} ${line} in ${file}`, async () => {
      const found = await messages(file, `${line}\nexport const used = 1;\n`);
      const restricted = found.filter((m) => m.startsWith('no-restricted-imports'));
      expect(restricted.length === 0).toBe(allowed);
    });
  }
});
