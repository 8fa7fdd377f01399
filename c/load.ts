/**
 * `--impl c:path`: a C file compiled into an implementation. Loading the C parser is asynchronous (its
 * WebAssembly is instantiated once per process), so is `loadCImpl`; everything after runs synchronously.
 */
import { readFile } from 'node:fs/promises';
import type { Parser } from 'web-tree-sitter';
import type { AnyPoolImpl, ProfileName } from '../impl/pool-impl.ts';
import type { TranslationUnit } from './ast.ts';
import { compileProgram, type CProgram } from './compile.ts';
import { DEFAULT_CONFIG, KNOWN_HEADERS, KNOWN_LOCAL_HEADERS, MEMPOOL_FNS, MEMPOOL_FNS_FILE, MEMPOOL_H, MEMPOOL_H_FILE, predefinedMacros } from './headers.ts';
import { cPoolImpl } from './impl.ts';
import { MEMPOOL_NOPROF, MEMPOOL_NOPROF_FILE } from './mempool-noprof.ts';
import { LIST_H, LIST_H_FILE, usesLists } from './list-h.ts';
import { cParser, parseUnit } from './parse.ts';
import { preprocess } from './preprocess.ts';

export { CUnsupported } from './errors.ts';

export interface CLoadOptions {
  /** CONFIG_ symbols (name -> value) instead of DEFAULT_CONFIG. */
  readonly config?: Readonly<Record<string, number>>;
  /** Registry name (default `c:<path>`). */
  readonly name?: string;
  /** The profile the file claims to refine (default none: the contract, like every file implementation). */
  readonly profile?: ProfileName;
}

/** Compiles the C file at `path` into an implementation; refuses with CUnsupported (exit 2). */
export async function loadCImpl(path: string, options: CLoadOptions = {}): Promise<AnyPoolImpl> {
  const [text, parser] = await Promise.all([readFile(path, 'utf8'), cParser()]);
  return compileCImpl(parser, text, path, options);
}

/** The synchronous part: C text (as the file `file`) to an implementation. */
export function compileCImpl(parser: Parser, text: string, file: string, options: CLoadOptions = {}): AnyPoolImpl {
  const program = compileC(parser, text, file, options);
  return cPoolImpl(program, options.name ?? `c:${file}`, `the C file ${file}, run by the C front end`, options.profile);
}

export function compileC(parser: Parser, text: string, file: string, options: CLoadOptions = {}): CProgram {
  const config = options.config ?? DEFAULT_CONFIG;
  const pp = { predefined: predefinedMacros(config), knownHeaders: KNOWN_HEADERS, knownLocalHeaders: KNOWN_LOCAL_HEADERS };
  const unit = (source: string, name: string): TranslationUnit => parseUnit(parser, preprocess(source, name, pp).text, name);
  const header = unit(MEMPOOL_H, MEMPOOL_H_FILE);
  const lists: TranslationUnit[] = usesLists(text) ? [unit(LIST_H, LIST_H_FILE)] : [];
  const user = unit(text, file);
  // The seed's alloc/free functions for a file that does not define them (a pool written from scratch).
  const own = new Set(user.items.flatMap((i) => (i.k === 'function' ? [i.def.name] : [])));
  const notOwn = (u: TranslationUnit): TranslationUnit => ({
    file: u.file,
    items: u.items.filter((i) => (i.k === 'function' && !own.has(i.def.name)) || (i.k === 'export' && !own.has(i.name)) || i.k === 'prototype'),
  });
  // The entry points of a v6.10+ file that defines only their _noprof functions.
  const noprof = notOwn(unit(MEMPOOL_NOPROF, MEMPOOL_NOPROF_FILE));
  const missing = notOwn(unit(MEMPOOL_FNS, MEMPOOL_FNS_FILE));
  return compileProgram(file, [header, ...lists, user, noprof, missing], { debugVm: (config['CONFIG_DEBUG_VM'] ?? 0) !== 0, headers: new Set([MEMPOOL_H_FILE, LIST_H_FILE]) });
}
