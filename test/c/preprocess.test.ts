/**
 * The preprocessor keeps every line where it was, answers kernel headers with the tool's declarations,
 * expands object-like and simple function-like macros, and follows #if/#ifdef/#else with the chosen
 * CONFIG_ symbols; what it cannot do it refuses with the file, line and column.
 */
import { describe, expect, it } from 'vitest';
import { CUnsupported } from '../../c/errors.ts';
import { DEFAULT_CONFIG, KNOWN_HEADERS, KNOWN_LOCAL_HEADERS, predefinedMacros } from '../../c/headers.ts';
import { preprocess } from '../../c/preprocess.ts';
import { GFP_KERNEL, __GFP_WAIT } from '../../kernel/rt/gfp.ts';

const pp = (text: string, config: Record<string, number> = DEFAULT_CONFIG): string =>
  preprocess(text, 'x.c', { predefined: predefinedMacros(config), knownHeaders: KNOWN_HEADERS, knownLocalHeaders: KNOWN_LOCAL_HEADERS }).text;

const refusal = (text: string): string => {
  try {
    pp(text);
  } catch (e) {
    if (e instanceof CUnsupported) return e.message;
    throw e;
  }
  return 'accepted';
};

describe('the preprocessor', () => {
  it('keeps the number of lines: directives, comments and inactive lines become blank', () => {
    const src = '#include <linux/mm.h>\n/* a\n comment */\n#if 0\nint gone;\n#endif\nint kept;\n';
    const out = pp(src);
    expect(out.split('\n')).toHaveLength(src.split('\n').length);
    expect(out.split('\n')[6]).toBe('int kept;');
    expect(out).not.toMatch(/gone|comment/);
  });

  it('GFP flags and kernel constants have the v4.1 values kernel/api uses', () => {
    expect(pp('x = GFP_KERNEL | __GFP_WAIT;')).toBe(`x = 0x${GFP_KERNEL.toString(16)}u | 0x${__GFP_WAIT.toString(16)}u;`);
    expect(pp('HZ NUMA_NO_NODE ENOMEM')).toBe('100 (-1) 12');
  });

  it('object-like and function-like macros, arguments expanded, nested, recursion stopped', () => {
    const out = pp('#define N 4\n#define TWICE(x) ((x) * 2)\n#define SELF SELF + 1\nTWICE(N) TWICE(TWICE(1)) SELF\n');
    expect(out.split('\n')[3]).toBe('((4) * 2) ((((1) * 2)) * 2) SELF + 1');
  });

  it('an invocation whose arguments span lines is joined onto its first line; the lines after stay blank', () => {
    const out = pp('#define ADD(a, b) (a + b)\nx = ADD(1,\n      2);\ny;\n').split('\n');
    expect(out[1]).toMatch(/^x = \(1 \+\s+2\);$/);
    expect(out.slice(2, 4)).toEqual(['', 'y;']);
  });

  it('#if, #ifdef, #ifndef, #elif, #else with CONFIG_ symbols, defined() and IS_ENABLED()', () => {
    const src = [
      '#ifdef CONFIG_DEBUG_VM',
      'debug;',
      '#else',
      'nodebug;',
      '#endif',
      '#if defined(CONFIG_SMP) && !IS_ENABLED(CONFIG_PREEMPT)',
      'smp;',
      '#elif 1',
      'other;',
      '#endif',
      '#ifndef CONFIG_NUMA',
      'flat;',
      '#endif',
    ].join('\n');
    expect(pp(src).replace(/\n+/g, ' ').trim()).toBe('debug; smp; flat;');
    expect(pp(src, { CONFIG_PREEMPT: 1, CONFIG_NUMA: 1 }).replace(/\n+/g, ' ').trim()).toBe('nodebug; other;');
  });

  it('refuses what it cannot do, naming file, line and column', () => {
    expect(refusal('\n#include "local.h"\n')).toBe('x.c:2:1: unsupported C: #include "local.h" (only kernel headers <...> and "slab.h", which the tool answers itself)');
    expect(refusal('#include <linux/unknown.h>')).toMatch(/^x\.c:1:1: unsupported C: #include <linux\/unknown\.h> \(headers the tool answers: /);
    expect(refusal('#define CAT(a, b) a ## b')).toBe('x.c:1:1: unsupported C: token pasting (##) in macro CAT');
    expect(refusal('#define STR(a) #a')).toBe('x.c:1:1: unsupported C: stringizing (#) in macro STR');
    expect(refusal('#define LOG(fmt, ...) f(fmt)')).toBe('x.c:1:1: unsupported C: variadic macro LOG');
    expect(refusal('  #pragma once')).toBe('x.c:1:3: unsupported C: #pragma directive');
    expect(refusal('#if 1\nint x;\n')).toBe('x.c:1:1: unterminated #if');
    expect(refusal('#error no pools here')).toBe('x.c:1:1: #error no pools here');
    expect(refusal('#define TWO(a, b) a\nTWO(1)')).toBe('x.c:2:1: unsupported C: macro TWO takes 2 argument(s), given 1');
  });
});
