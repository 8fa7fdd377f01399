import { ScMemory } from '../../kernel/rt/memory-sc.ts';
import { DEFAULT_KERNEL_CONFIG, Kernel, type KernelConfig } from '../../kernel/rt/kernel.ts';

export function kernel(config: Partial<KernelConfig> = {}): Kernel {
  return new Kernel({ ...DEFAULT_KERNEL_CONFIG, memory: () => new ScMemory(), ...config });
}

/** Step the given threads in this exact order (each must be enabled when its turn comes). */
export function runOrder(k: Kernel, order: readonly number[]): void {
  for (const tid of order) {
    if (!k.enabled().includes(tid)) throw new Error(`thread ${tid} is not enabled (enabled: ${k.enabled().join(',')})`);
    k.step(tid);
  }
}
