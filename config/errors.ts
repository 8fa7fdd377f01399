/**
 * Errors in a project or scenario file: one line per bad field, `FILE: path.to.field: what is wrong`.
 * A ConfigError is a RangeError, so the command line reports it as bad input (exit 2).
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, relative } from 'node:path';
import type { z } from 'zod';

export class ConfigError extends RangeError {}

/** One line per issue, naming the field by its path (`implementations[0].knownFindings[2].memory`). */
export function issueLines(file: string, error: z.ZodError, input: unknown): string[] {
  return error.issues.flatMap((issue) => {
    // An unknown field is named itself, one line each (a misspelt field is the usual mistake).
    if (issue.code === 'unrecognized_keys') return issue.keys.map((k) => `${file}: ${fieldPath([...issue.path, k])}: unknown field`);
    if (!isPresent(input, issue.path)) {
      const options = issue.code === 'invalid_value' ? ` (one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')})` : '';
      return [`${file}: ${fieldPath(issue.path)}: required${options}`];
    }
    return [`${file}: ${fieldPath(issue.path)}: ${issue.message}`];
  });
}

/** Whether the input has a value at a path (zod does not keep the input in its issues). */
function isPresent(input: unknown, path: readonly PropertyKey[]): boolean {
  let at: unknown = input;
  for (const key of path) {
    if (typeof at !== 'object' || at === null || !(key in at)) return false;
    at = (at as Record<PropertyKey, unknown>)[key];
  }
  return at !== undefined;
}

/** `implementations[0].knownFindings[2].memory`, as the file spells it. */
function fieldPath(path: readonly PropertyKey[]): string {
  const text = path.map((k, i) => (typeof k === 'number' ? `[${k}]` : `${i === 0 ? '' : '.'}${String(k)}`)).join('');
  return text === '' ? '(top level)' : text;
}

/** A file's JSON, or one ConfigError line (missing file, not JSON). */
export function parseJsonFile(file: string, shown: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(`${shown}: cannot read it (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new ConfigError(`${shown}: not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** A file as messages show it: relative to the working directory when it is inside it. */
export function shownPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? file : rel;
}
