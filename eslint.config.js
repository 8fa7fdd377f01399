// Lint rules that guard the architecture (DESIGN.md section 2): one door for nondeterminism, and
// imports that flow one way. Each `boundary` lists what a folder must not import.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nondeterminism = [
  { selector: 'FunctionDeclaration[async=true], FunctionExpression[async=true], ArrowFunctionExpression[async=true]', message: 'no async here: every choice goes through the scheduler' },
  { selector: 'AwaitExpression', message: 'no await here: every choice goes through the scheduler' },
  { selector: "Identifier[name='Promise']", message: 'no Promise here: executions must be synchronous and replayable' },
  { selector: "MemberExpression[object.name='Math'][property.name='random']", message: 'no Math.random: use a seeded Prng through the scheduler' },
  { selector: "MemberExpression[object.name='Date'][property.name='now']", message: 'no Date.now: time comes from the caller' },
  { selector: "MemberExpression[object.name='performance'][property.name='now']", message: 'no performance.now: time comes from the caller' },
  { selector: "NewExpression[callee.name='Date']", message: 'no Date: time comes from the caller' },
  { selector: "CallExpression[callee.name=/^(setTimeout|setInterval|setImmediate|queueMicrotask)$/]", message: 'no timers: every choice goes through the scheduler' },
];

/**
 * What each folder may not import, as regexes over the import path. Every file gets exactly one entry
 * (flat config does not merge rule options: the last matching config would win).
 */
const dir = (...names) => `(^|/)(${names.join('|')})/`;
const layers = [
  // The catalogue names every strategy, the stateful search (explorer/stateful/) among them: it sees the explorer.
  { files: ['explorer/strategies/registry.ts'], forbid: [[dir('impl', 'model', 'scenarios', 'properties', 'run', 'report', 'cli', 'litmus', 'sequential'), 'the explorer sees kernel/rt only'], ['kernel/api/', 'the explorer sees kernel/rt only']] },
  { files: ['explorer/strategies/**/*.ts'], forbid: [['^\\.\\./(?!scheduler\\.ts$)', 'a strategy sees only the Scheduler interface']] },
  { files: ['explorer/**/*.ts'], forbid: [[dir('impl', 'model', 'scenarios', 'properties', 'run', 'report', 'cli', 'litmus', 'sequential'), 'the explorer sees kernel/rt only'], ['kernel/api/', 'the explorer sees kernel/rt only']] },
  { files: ['kernel/rt/**/*.ts'], forbid: [[dir('impl', 'model', 'scenarios', 'explorer', 'properties', 'run', 'report', 'cli', 'litmus', 'sequential', 'api'), 'kernel/rt imports nothing above it']] },
  { files: ['kernel/api/**/*.ts'], forbid: [[dir('impl', 'model', 'scenarios', 'explorer', 'properties', 'run', 'report', 'cli', 'litmus', 'sequential'), 'kernel/api sits on kernel/rt only']] },
  { files: ['impl/v4.1/**/*.ts'], forbid: [[dir('model', 'scenarios', 'explorer', 'properties', 'run', 'report', 'cli', 'litmus', 'sequential', 'mutants', 'patched', 'variants'), 'an implementation sees only kernel/api'], ['kernel/rt/', 'an implementation sees only kernel/api']] },
  // A variant is written against kernel/api, or is an edit of the port (impl/patched), never a mutant.
  { files: ['impl/variants/**/*.ts'], forbid: [[dir('model', 'scenarios', 'explorer', 'properties', 'run', 'report', 'cli', 'litmus', 'sequential', 'mutants'), 'an implementation sees only kernel/api'], ['kernel/rt/', 'an implementation sees only kernel/api']] },
  // The C front end runs implementations like impl/ does: on kernel/api, plus the runtime's operation types and site
  // registry, and the sink its threads write their state to (explicit threads: kernel/rt/state.ts).
  { files: ['c/**/*.ts'], forbid: [[dir('model', 'scenarios', 'explorer', 'properties', 'run', 'report', 'cli', 'litmus', 'sequential'), 'the C front end sits on kernel/api'], ['kernel/rt/(?!ops\\.ts$|trace\\.ts$|state-sink\\.ts$)', 'the C front end sees kernel/api, and of kernel/rt only ops.ts, trace.ts and state-sink.ts']] },
  { files: ['impl/**/*.ts'], forbid: [[dir('model', 'scenarios', 'explorer', 'properties', 'run', 'report', 'cli', 'litmus', 'sequential'), 'impl sits on kernel/api']] },
  // The contract's model is a folder of the model: it may import the model's own files, nothing else.
  { files: ['model/contract/**/*.ts'], forbid: [['^\\.\\./\\.\\./', 'the model imports nothing of ours']] },
  { files: ['model/**/*.ts'], forbid: [['^\\.\\./', 'the model imports nothing of ours']] },
  // Running produces results as data; presenting them (report/) is a separate room that run/ never calls.
  { files: ['run/**/*.ts'], forbid: [[dir('report'), 'run/ produces results; report/ presents them']] },
  // Tests and benchmarks may drive the command line in-process.
  { files: ['test/**/*.ts', 'bench/**/*.ts'], forbid: [], cliAllowed: true },
  { files: ['**/*.ts'], forbid: [] },
];

function boundaries() {
  const claimed = [];
  return layers.map(({ files, forbid, cliAllowed }) => {
    const config = {
      files,
      ignores: [...claimed],
      rules: {
        'no-restricted-imports': ['error', { patterns: [...forbid, ...(cliAllowed ? [] : [[dir('cli'), 'nothing imports the cli']])].map(([regex, message]) => ({ regex, message })) }],
      },
    };
    claimed.push(...files);
    return config;
  });
}

export default tseslint.config(
  { ignores: ['node_modules/**', 'coverage/**', 'scratch/**', 'dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly', URL: 'readonly', performance: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-labels': 'off',
      'no-constant-condition': ['error', { checkLoops: false }],
      'require-yield': 'off',
    },
  },
  {
    // The port declares its variables where the C does, `let` included.
    files: ['impl/v4.1/**/*.ts'],
    rules: { 'prefer-const': 'off' },
  },
  {
    files: ['kernel/**/*.ts', 'impl/**/*.ts', 'explorer/**/*.ts', 'model/**/*.ts', 'c/**/*.ts'],
    // impl/resolve*.ts loads implementations from files before anything runs (a dynamic import is async);
    // it is the loader, not an implementation. Likewise loading a C file (reading it, instantiating the
    // parser's WebAssembly) is asynchronous; running it is not.
    ignores: ['impl/resolve*.ts', 'c/load.ts', 'c/parse.ts'],
    rules: { 'no-restricted-syntax': ['error', ...nondeterminism] },
  },
  ...boundaries(),
);
