/**
 * Implementation files for loader tests: written into a fresh folder inside the repository (so that
 * `mempool-check/kernel` resolves, through tsconfig paths, to the sources), removed afterwards.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const EXAMPLE = join(ROOT, 'examples/locked-stack/pool.ts');

export function scratchDir(prefix: string): { dir: string; remove: () => void } {
  // scratch/ is ignored by git, lint and the type-check, and is no folder of the checker's own code.
  mkdirSync(join(ROOT, 'scratch'), { recursive: true });
  const dir = mkdtempSync(join(ROOT, 'scratch', `${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function writeFile(dir: string, name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** The example pool's text. */
export const exampleText = (): string => readFileSync(EXAMPLE, 'utf8');

/** The example pool with `find` replaced by `replace` (exactly once). */
export function patchedExample(find: string, replace: string): string {
  const text = readFileSync(EXAMPLE, 'utf8');
  const at = text.indexOf(find);
  if (at < 0 || text.indexOf(find, at + 1) >= 0) throw new Error(`patch text must occur exactly once: ${find}`);
  return text.slice(0, at) + replace + text.slice(at + find.length);
}

/**
 * A check-then-act bug: free tests for room before taking the lock and does not test again under it,
 * so two frees that both saw room both push (BUG_ON on a full reserve).
 */
export const CHECK_THEN_ACT = {
  find: `  const flags = yield* spin_lock_irqsave(pool.lock);
  if ((yield* load(pool.curr_nr)) < (yield* load(pool.min_nr))) {
    yield* push(pool, element);`,
  replace: `  const room = (yield* load(pool.curr_nr)) < (yield* load(pool.min_nr));
  const flags = yield* spin_lock_irqsave(pool.lock);
  if (room) {
    yield* push(pool, element);`,
};
