/**
 * Type-checks an implementation file before it is run: the file itself (with its own tsconfig.json
 * when it has one, else strict defaults), and that the chosen export is assignable to `PoolImpl`.
 * Uses the TypeScript compiler API (the `typescript` package, loaded only when a .ts file is named).
 * Returns one line per error, `file:line:col: message`; an empty list when the file type-checks.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import type * as TS from 'typescript';
import { packageRoot } from './package-root.ts';

const MAX_ERRORS = 8;

/**
 * Where the check file imports PoolImpl from: `mempool-check/kernel` when that resolves from the user's
 * file (their installed package, or the repository's tsconfig paths to the sources), so that PoolImpl
 * and the kernel types their file uses are one declaration; otherwise the declaration of the copy
 * running now (the sources under tsx, the published types under dist/).
 */
function poolImplTypes(ts: typeof TS, from: string, options: TS.CompilerOptions, host: TS.ModuleResolutionHost): string {
  const bare = 'mempool-check/kernel';
  if (ts.resolveModuleName(bare, from, options, host).resolvedModule !== undefined) return bare;
  const root = packageRoot();
  const fromSources = import.meta.url.endsWith('.ts');
  const published = join(root, 'dist/types/impl/pool-impl.d.ts');
  return !fromSources && existsSync(published) ? published : join(root, 'impl/pool-impl.ts');
}

const DEFAULTS: TS.CompilerOptions = {
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  allowImportingTsExtensions: true,
  resolveJsonModule: true,
};

/** The options, and the folder relative names in them (types, paths) resolve from. */
function compilerOptions(ts: typeof TS, file: string): { options: TS.CompilerOptions; dir: string } {
  const base: TS.CompilerOptions = {
    ...DEFAULTS,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ['lib.es2023.d.ts'],
    types: [],
  };
  const config = ts.findConfigFile(dirname(file), (f) => ts.sys.fileExists(f));
  if (config === undefined) return { options: base, dir: dirname(file) };
  const read = ts.readConfigFile(config, (f) => ts.sys.readFile(f));
  if (read.error !== undefined) return { options: base, dir: dirname(file) };
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, dirname(config));
  // The user's own settings, but never emitting, and .ts imports allowed (tsx runs them as they are).
  return { options: { ...parsed.options, noEmit: true, allowImportingTsExtensions: true, skipLibCheck: true }, dir: dirname(config) };
}

export function typecheckImplFile(file: string, exportName: string): string[] {
  const ts = createRequire(import.meta.url)('typescript') as typeof TS;
  const { options, dir } = compilerOptions(ts, file);
  const checkFile = join(dirname(file), `__mempool_check_${process.pid}__.ts`);
  const host = ts.createCompilerHost(options);
  host.getCurrentDirectory = () => dir;
  const types = poolImplTypes(ts, file, options, host);
  const spec = (target: string): string => {
    if (!target.startsWith('/') && !/^[A-Za-z]:/.test(target)) return target; // a package specifier
    const rel = relative(dirname(checkFile), target).replaceAll('\\', '/');
    return rel.startsWith('.') ? rel : `./${rel}`;
  };
  const imported = exportName === 'default' ? 'default as impl' : `${exportName} as impl`;
  const checkText = [
    `import type { PoolImpl } from ${JSON.stringify(spec(types))};`,
    `import { ${imported} } from ${JSON.stringify(spec(file))};`,
    `export const exportIsAPoolImpl: PoolImpl<any> = impl;`,
  ].join('\n');
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (f) => f === checkFile || fileExists.call(host, f);
  host.readFile = (f) => (f === checkFile ? checkText : readFile.call(host, f));
  host.getSourceFile = (f, language, onError, shouldCreate) =>
    f === checkFile ? ts.createSourceFile(f, checkText, language) : getSourceFile.call(host, f, language, onError, shouldCreate);
  const program = ts.createProgram({ rootNames: [file, checkFile], options, host });
  const root = packageRoot();
  const mine = (f: TS.SourceFile | undefined): boolean =>
    f === undefined || (!f.fileName.includes('/node_modules/') && !f.fileName.startsWith(root)) || f.fileName === file || f.fileName === checkFile;
  const diagnostics = [...program.getOptionsDiagnostics(), ...program.getSyntacticDiagnostics(), ...program.getSemanticDiagnostics()].filter(
    (d) => d.category === ts.DiagnosticCategory.Error && mine(d.file),
  );
  const lines = diagnostics.slice(0, MAX_ERRORS).map((d) => {
    const text = ts.flattenDiagnosticMessageText(d.messageText, ' ');
    if (d.file === undefined || d.start === undefined) return text;
    if (d.file.fileName === checkFile) return `${relative(process.cwd(), file)}: export '${exportName}' is not a PoolImpl: ${text}`;
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    return `${relative(process.cwd(), d.file.fileName)}:${line + 1}:${character + 1}: ${text}`;
  });
  if (diagnostics.length > MAX_ERRORS) lines.push(`... and ${diagnostics.length - MAX_ERRORS} more`);
  return lines;
}

/** Whether a file is TypeScript (checked) rather than JavaScript (only its export's shape is checked). */
export const isTypeScript = (file: string): boolean => /\.(c|m)?ts$/.test(file) && !file.endsWith('.d.ts');
