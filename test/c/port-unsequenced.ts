/**
 * The port with C's unsequenced operands made explicit (kernel/api `unsequenced`) wherever the seed
 * has two shared accesses in one expression: L21, L22, L28, L96, L161, L167, L173, L317, L319, in the
 * form the port is taking in issue 7 §1 (L22/L28: both reads, then the increment's store) — the
 * reference the C front end is compared with while impl/v4.1 itself does not use `unsequenced` yet.
 * When the port does, its own text no longer matches these patches and `portWithUnsequenced` says
 * so: the differential test then compares with the port directly.
 */
import type { PoolImpl } from '../../impl/pool-impl.ts';
import { buildPatchedPort, MutantError } from '../../impl/patched/load.ts';
import type { PortEdit } from '../../impl/patched/edit.ts';
import type { mempool_t } from '../../impl/v4.1/mempool_t.ts';

const both = (a: string, b: string, op: string): string => `((u) => u[0] ${op} u[1])(yield* unsequenced(() => load(pool.${a}), () => load(pool.${b})))`;
const importIt = { find: 'import {\n', replace: 'import {\n  unsequenced,\n' };

const EDIT: PortEdit = {
  name: 'v4.1+unsequenced',
  summary: 'the port with its unsequenced operands explicit (reference for the C front end)',
  file: 'mempool_t.ts',
  patches: [
    { find: "import { BUG_ON, load, store } from '../../kernel/api/index.ts';", replace: "import { BUG_ON, load, store, unsequenced } from '../../kernel/api/index.ts';" },
    { find: '  yield* BUG_ON((yield* load(pool.curr_nr)) >= (yield* load(pool.min_nr))); // L21\n', replace: `  yield* BUG_ON(${both('curr_nr', 'min_nr', '>=')}); // L21\n` },
    {
      find:
        '  const curr_nr = yield* load(pool.curr_nr); // L22: pool->elements[pool->curr_nr++] = element;\n' +
        '  yield* store(pool.curr_nr, curr_nr + 1); // L22\n' +
        '  yield* store((yield* load(pool.elements)) + curr_nr, element); // L22\n',
      replace:
        '  const [elements, curr_nr] = yield* unsequenced(() => load(pool.elements), () => load(pool.curr_nr)); // L22\n' +
        '  yield* store(pool.curr_nr, curr_nr + 1); // L22\n' +
        '  yield* store(elements + curr_nr, element); // L22\n',
    },
    {
      find:
        '  const curr_nr = (yield* load(pool.curr_nr)) - 1; // L28: return pool->elements[--pool->curr_nr];\n' +
        '  yield* store(pool.curr_nr, curr_nr); // L28\n' +
        '  return yield* load((yield* load(pool.elements)) + curr_nr); // L28\n',
      replace:
        '  const [elements, curr_nr] = yield* unsequenced(() => load(pool.elements), () => load(pool.curr_nr)); // L28\n' +
        '  yield* store(pool.curr_nr, curr_nr - 1); // L28\n' +
        '  return yield* load(elements + curr_nr - 1); // L28\n',
    },
  ],
  alsoPatches: [
    { file: 'create.ts', patches: [importIt, { find: '  while ((yield* load(pool.curr_nr)) < (yield* load(pool.min_nr))) { // L96\n', replace: `  while (${both('curr_nr', 'min_nr', '<')}) { // L96\n` }] },
    {
      file: 'resize.ts',
      patches: [
        importIt,
        {
          find: '      yield* memcpy(new_elements, yield* load(pool.elements), yield* load(pool.curr_nr)); // L161-162\n',
          replace: '      yield* memcpy(new_elements, ...(yield* unsequenced(() => load(pool.elements), () => load(pool.curr_nr)))); // L161-162\n',
        },
        { find: '      while ((yield* load(pool.curr_nr)) < (yield* load(pool.min_nr))) { // L167\n', replace: `      while (${both('curr_nr', 'min_nr', '<')}) { // L167\n` },
        { find: '        if ((yield* load(pool.curr_nr)) < (yield* load(pool.min_nr))) { // L173\n', replace: `        if (${both('curr_nr', 'min_nr', '<')}) { // L173\n` },
      ],
    },
    {
      file: 'free.ts',
      patches: [
        importIt,
        { find: '  if (unlikely((yield* load(pool.curr_nr)) < (yield* load(pool.min_nr)))) { // L317\n', replace: `  if (unlikely(${both('curr_nr', 'min_nr', '<')})) { // L317\n` },
        { find: '    if (likely((yield* load(pool.curr_nr)) < (yield* load(pool.min_nr)))) { // L319\n', replace: `    if (likely(${both('curr_nr', 'min_nr', '<')})) { // L319\n` },
      ],
    },
  ],
};

/** The reference port, or null when the port itself no longer has the plain operand order these patches expect. */
export function portWithUnsequenced(): PoolImpl<mempool_t> | null {
  try {
    return buildPatchedPort(EDIT, EDIT.name);
  } catch (e) {
    if (e instanceof MutantError) return null;
    throw e;
  }
}
