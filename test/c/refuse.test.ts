/**
 * Anything outside the subset is refused with one line naming the file, line, column and construct
 * (a CUnsupported, which the command line maps to exit 2) — never run half-understood.
 */
import { describe, expect, it } from 'vitest';
import { CInvalid, CUnsupported } from '../../c/errors.ts';
import { impl, program, runAlone } from './helpers.ts';

const HEAD = '#include <linux/slab.h>\nstruct s { long a; long b; long c; int n; };\n';

/** The refusal of a file whose third line onward is `body` (the first two are HEAD). */
function refusal(body: string, compile: (text: string) => unknown = program): string {
  try {
    compile(HEAD + body);
  } catch (e) {
    if (e instanceof CUnsupported) return e.message;
    throw e;
  }
  return 'accepted';
}

describe('refused constructs', () => {
  const cases: readonly [string, string, RegExp][] = [
    ['a case label outside a switch body', 'int f(int x) { switch (x) { case 1: { case 2: return 1; } } return 0; }', /^test\.c:3:39: unsupported C: case label outside the top level of a switch body$/],
    ['string literal', 'void f(void) { const char *p = "pool"; }', /^test\.c:3:32: unsupported C: string literal$/],
    ['nested initializer list of a local array', 'void f(void) { long t[2] = { { 1 }, 2 }; }', /^test\.c:3:30: unsupported C: braced element in the initializer of local array 't'$/],
    ['extern variable', 'extern long counter;', /^test\.c:3:13: unsupported C: extern variable 'counter' \(a global must be defined in the file\)$/],
    ['global wait entry', '#include <linux/wait.h>\nwait_queue_t w;', /^test\.c:4:14: unsupported C: global wait_queue_t 'w' \(wait entries live on the stack\)$/],
    ['global mempool_t', '#include <linux/mempool.h>\nmempool_t pool;', /^test\.c:4:11: unsupported C: global struct mempool_s 'pool' \(its set-once members live with a pool: use a pointer\)$/],
    ['union', 'union u { long a; void *p; };', /^test\.c:3:1: unsupported C: union$/],
    ['typeof', 'long f(struct s *p) { typeof(*p) *q = p; return q->a; }', /^test\.c:3:23: unsupported C: typeof \(name the type\)$/],
    ['__typeof__', 'long f(struct s *p) { __typeof__(p) q = p; return q->a; }', /^test\.c:3:23: unsupported C: __typeof__ \(name the type\)$/],
    ['enum inside a function', 'int f(void) { enum e { A, B } x = B; return x; }', /^test\.c:3:15: unsupported C: enum defined inside a function \(define it at file scope\)$/],
    ['floating point', 'long f(void) { return 1.5; }', /^test\.c:3:23: unsupported C: floating-point literal 1\.5$/],
    ['local struct', 'void f(void) { struct s local; }', /^test\.c:3:25: unsupported C: local variable 'local' of type struct s$/],
    ['arithmetic on int *', 'int f(struct s *p) { int *q = &p->n; return *(q + 1); }', /^test\.c:3:47: unsupported C: pointer arithmetic on int \* \(only whole-word elements: pointers, longs, structs\)$/],
    ['three shared operands', 'long g(long a, long b, long c) { return a; }\nlong f(struct s *p) { return g(p->a, p->b, p->c); }', /^test\.c:4:30: unsupported C: 3 operands that touch shared memory in one call/],
    ['variadic function', 'void f(int n, ...);', /^test\.c:3:15: unsupported C: variadic function$/],
    ['bit-field', 'struct t { unsigned flag : 1; };', /^test\.c:3:12: unsupported C: bit-field$/],
    ['struct value', 'long f(struct s *p, struct s *q) { *p = *q; return 0; }', /^test\.c:3:\d+: unsupported C: struct value of type struct s/],
  ];
  for (const [what, body, message] of cases) {
    it(what, () => {
      expect(refusal(body)).toMatch(message);
    });
  }
});

describe('invalid or incomplete files', () => {
  it('a syntax error names where the parser stopped', () => {
    const m = refusal('int f(void) { return 1 }');
    expect(m).toMatch(/^test\.c:3:\d+: (missing ';'|syntax error at )/);
  });

  it('undeclared names, undefined functions, redefined kernel functions', () => {
    expect(refusal('long f(void) { return nothing; }')).toBe("test.c:3:23: undeclared identifier 'nothing'");
    expect(refusal('long g(void);\nlong f(void) { return g(); }')).toBe("test.c:4:23: 'g' is declared but not defined in the file");
    expect(refusal('void kfree(const void *p) { }')).toBe("test.c:3:1: 'kfree' is a kernel function the checker provides; it cannot be redefined");
    expect(refusal('void f(void) { }\nEXPORT_SYMBOL(g);')).toBe("test.c:4:1: EXPORT_SYMBOL of 'g', which is not defined here");
  });

  it('a file that is not a pool says which entry point it lacks', () => {
    expect(refusal('void f(void) { }', impl)).toBe(
      'test.c:1:1: does not define mempool_create (a pool file defines mempool_create, mempool_alloc, mempool_free, mempool_resize, mempool_destroy)',
    );
  });

  it('refusals are CUnsupported, invalid files CInvalid (a CUnsupported too: both exit 2)', () => {
    expect(() => program(HEAD + 'long f(void) { return nothing; }')).toThrow(CInvalid);
    expect(() => program(HEAD + 'union u { long a; };')).toThrow(CUnsupported);
  });
});

describe('refused while running', () => {
  it('a kmem_cache pointer stored into simulated memory', () => {
    const prog = program(`${HEAD}void f(void *cache) { void **p = kmalloc_node(sizeof(void *), GFP_KERNEL, NUMA_NO_NODE); *p = cache; }`);
    expect(() => runAlone(prog, 'f', [{ name: 'c', size: 8, id: 1 }])).toThrow(/^test\.c:3:\d+: unsupported C: storing a kmem_cache or wait entry pointer in simulated memory$/);
  });
});
