/**
 * Variables at file scope (c/statics.ts): static data in simulated memory, at addresses fixed when the
 * file is compiled, initialised before anything runs. Every access is a kernel operation, so a global
 * that two threads update without a lock is a reported race, named as the file names it, and the
 * stateful search sees its value.
 */
import { describe, expect, it } from 'vitest';
import { HARNESS_BASE } from '../../kernel/rt/ops.ts';
import { compileCImpl } from '../../c/load.ts';
import { applyPatches } from '../../impl/patched/load.ts';
import { explore } from '../../lib/explore.ts';
import { races } from '../../lib/races.ts';
import { runSequentialCheck } from '../../sequential/check.ts';
import { parser, program, runAlone, SEED } from './helpers.ts';

const C = `
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/wait.h>

enum { START = 3 };
static int counter = START + 1;
static long table[2];
static void *nothing = NULL;
static DEFINE_SPINLOCK(glock);
static DECLARE_WAIT_QUEUE_HEAD(gwait);
struct stats { unsigned long frees; unsigned long allocs; };
static struct stats stats;
static int twice(int x) { return 2 * x; }
static int (*op)(int) = twice;
unsigned char small = 300;

int bump(void) { counter++; return counter; }
long fill(void) { table[1] = 7; return table[0] + table[1]; }
int call(int x) { return op(x); }
unsigned long locked(void) { spin_lock(&glock); stats.frees += 2; spin_unlock(&glock); wake_up(&gwait); return stats.frees; }
int isnull(void) { return nothing == NULL; }
long *where(void) { return &table[1]; }
`;

describe('globals as static data', () => {
  const prog = program(C);

  it('are laid out in declaration order, named word by word, with their initial values in their types', () => {
    expect(prog.statics.names).toEqual(['counter', 'table[0]', 'table[1]', 'nothing', 'glock', 'gwait', 'stats.frees', 'stats.allocs', 'op', 'small']);
    const v = prog.statics.values;
    // 300 in an unsigned char is 44; `op` holds twice's handle (a function pointer, not 0).
    expect([v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[9]]).toEqual([4, 0, 0, 0, 0, 0, 0, 0, 44]);
    expect(v[8]).toBeGreaterThan(0);
  });

  it('every access is a load or store at the global own address', () => {
    const at = (r: ReturnType<typeof runAlone>): string[] => r.ops.map((o) => ('loc' in o ? `${o.kind}@${o.loc - HARNESS_BASE}` : o.kind));
    const bump = runAlone(prog, 'bump');
    expect([bump.result, at(bump)]).toEqual([5, ['load@0', 'store@0', 'load@0']]);
    expect(runAlone(prog, 'fill').result).toBe(7);
    expect(runAlone(prog, 'call', [21]).result).toBe(42);
    const locked = runAlone(prog, 'locked');
    expect([locked.result, at(locked)]).toEqual([2, ['lock', 'load@6', 'store@6', 'unlock', 'wake_up', 'load@6']]);
    expect(runAlone(prog, 'isnull').result).toBe(1);
    expect(runAlone(prog, 'where').result).toBe(HARNESS_BASE + 2);
  });
});

describe('braced initializers', () => {
  const prog = program(`
#include <linux/list.h>
struct pair { long a; long b; };
static long table[4] = { 1, [2] = 5, 6 };
static struct pair pair = { .b = 2, .a = 1 };
static struct pair pairs[2] = { { 3, 4 }, [1] = { .b = 8 } };
static long *second = &table[1];
static long *start = table;
static long scalar = { 9 };
static LIST_HEAD(spare);
long sum(void) { return table[0] + table[1] + table[2] + table[3]; }
long get(long *p) { return *p; }
int spare_empty(void) { return list_empty(&spare); }
`);

  it('lay out arrays, designated members and indexes, nested lists and global addresses', () => {
    const named = Object.fromEntries(prog.statics.names.map((n, i) => [n, prog.statics.values[i]]));
    expect(named).toMatchObject({ 'table[0]': 1, 'table[1]': 0, 'table[2]': 5, 'table[3]': 6, 'pair.a': 1, 'pair.b': 2, 'pairs[0].a': 3, 'pairs[0].b': 4, 'pairs[1].a': 0, 'pairs[1].b': 8, scalar: 9 });
    expect(named['second']).toBe(HARNESS_BASE + 1);
    expect(named['start']).toBe(HARNESS_BASE);
    expect(runAlone(prog, 'sum').result).toBe(12);
  });

  it('LIST_HEAD defines an empty list, its links pointing at itself', () => {
    expect(runAlone(prog, 'spare_empty').result).toBe(1);
  });

  it('refuses initializers that do not fit', () => {
    const bad = (text: string): string => {
      try {
        program(text);
      } catch (e) {
        return (e as Error).message;
      }
      return 'accepted';
    };
    expect(bad('static long t[2] = { 1, 2, 3 };')).toMatch(/initializer index 2 outside the array of 2/);
    expect(bad('struct p { long a; };\nstatic struct p x = { .c = 1 };')).toMatch(/no member 'c' for struct p/);
    expect(bad('static long *p = (long *)4096;')).toMatch(/other than NULL, a function or a global's address/);
  });
});

describe('static locals', () => {
  const prog = program(`
static int next_id(void) { static int id = 100; return id++; }
int twice(void) { next_id(); return next_id(); }
int scoped(int x) { if (x) { static long n; return ++n; } else { static long n = 7; return n; } }
int shadow(void) { static int v = 1; { int v = 5; return v; } }
`);

  it('are static data named function::name, one per declaration, shared by every call', () => {
    expect(prog.statics.names).toEqual(['next_id::id', 'scoped::n', 'scoped::n#2', 'shadow::v']);
    expect(prog.statics.values).toEqual([100, 0, 7, 1]);
    const r = runAlone(prog, 'twice');
    expect(r.result).toBe(101);
    expect(r.ops.map((o) => o.kind)).toEqual(['load', 'store', 'load', 'store']);
    expect([runAlone(prog, 'scoped', [1]).result, runAlone(prog, 'scoped', [0]).result]).toEqual([1, 7]);
    expect(runAlone(prog, 'shadow').result).toBe(5);
  });
});

describe('a pool with a global counter', () => {
  const counted = (locked: boolean): string =>
    applyPatches(
      SEED,
      [
        { find: 'static void add_element(mempool_t *pool, void *element)\n', replace: 'static unsigned long frees;\nstatic void add_element(mempool_t *pool, void *element)\n' },
        { find: '\tif (unlikely(element == NULL))\n\t\treturn;\n', replace: `\tif (unlikely(element == NULL))\n\t\treturn;\n${locked ? '\tspin_lock_irqsave(&pool->lock, flags); frees++; spin_unlock_irqrestore(&pool->lock, flags);' : '\tfrees++;'}\n` },
      ],
      'frees',
    );
  const racy = compileCImpl(parser, counted(false), 'mm/mempool.c', { profile: 'v4.1' });
  const safe = compileCImpl(parser, counted(true), 'mm/mempool.c', { profile: 'v4.1' });

  it('an unlocked update is a race on the global, named; a locked one is not', async () => {
    const text = async (impl: typeof racy): Promise<string> => (await races(impl, 'trio3', { maxExecutions: 300 })).text;
    expect(await text(racy)).toMatch(/^RACE: frees: plain (load|store) by T\d at L\d+ is concurrent with plain store/m);
    expect(await text(safe)).not.toMatch(/frees:/);
  });

  it('the stateful search fingerprints it: the counter tells states apart the seed would merge', async () => {
    const states = async (impl: typeof racy): Promise<number> => {
      const r = await explore(impl, 'pair2', { strategy: 'stateful' });
      expect(r.complete).toBe(true);
      return Number(/\(([\d,]+) states/.exec(r.coverage)?.[1]?.replaceAll(',', '') ?? -1);
    };
    const seed = await states(compileCImpl(parser, SEED, 'mm/mempool.c', { profile: 'v4.1' }));
    expect(seed).toBeGreaterThan(0);
    expect(await states(safe)).toBeGreaterThan(seed);
  });

  it('the sequential check runs it (each check kernel gets its statics)', () => {
    expect(runSequentialCheck({ impl: safe, runs: 100 }).verdict).toBe('pass');
  });
});
