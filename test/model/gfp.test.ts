import { describe, expect, it } from 'vitest';
import * as kernelGfp from '../../kernel/rt/gfp.ts';
import * as model from '../../model/gfp.ts';

describe('model GFP constants', () => {
  it('equal the kernel runtime values (the model keeps its own copy)', () => {
    for (const name of ['__GFP_WAIT', '__GFP_HIGH', '__GFP_IO', '__GFP_FS', '__GFP_NOWARN', '__GFP_NORETRY', '__GFP_ZERO', '__GFP_NOMEMALLOC', 'GFP_KERNEL'] as const) {
      expect(model[name], name).toBe(kernelGfp[name]);
    }
  });

  it('compute the two masks of mempool_alloc (L210-214)', () => {
    const forced = kernelGfp.__GFP_NOMEMALLOC | kernelGfp.__GFP_NORETRY | kernelGfp.__GFP_NOWARN;
    expect(model.forcedMask(kernelGfp.GFP_KERNEL)).toBe(kernelGfp.GFP_KERNEL | forced);
    expect(model.firstPassMask(kernelGfp.GFP_KERNEL)).toBe(kernelGfp.__GFP_FS | forced);
    expect(model.firstPassMask(kernelGfp.GFP_NOIO)).toBe(forced);
    // GFP_ATOMIC has neither __GFP_WAIT nor __GFP_IO: both passes use the same mask.
    expect(model.firstPassMask(kernelGfp.GFP_ATOMIC)).toBe(model.forcedMask(kernelGfp.GFP_ATOMIC));
  });

  it('print masks by class, then flags', () => {
    expect(model.gfpText(kernelGfp.GFP_KERNEL)).toBe('GFP_KERNEL');
    expect(model.gfpText(kernelGfp.GFP_NOFS | kernelGfp.__GFP_ZERO)).toBe('GFP_NOFS|__GFP_ZERO');
    expect(model.gfpText(kernelGfp.__GFP_FS | kernelGfp.__GFP_NOWARN)).toBe('__GFP_FS|__GFP_NOWARN');
    expect(model.gfpText(0)).toBe('0');
    expect(model.gfpText(0x1_0000_0)).toBe('0x100000');
  });
});
