/** Running hand-written command lists through the sequential harness. */
import type { AnyPoolImpl } from '../../impl/pool-impl.ts';
import type { SeqCommand } from '../../sequential/commands.ts';
import { Disagreement } from '../../sequential/disagreement.ts';
import { execute } from '../../sequential/execute.ts';
import { applicable, SeqModel } from '../../sequential/fc-command.ts';
import { Harness } from '../../sequential/harness.ts';
import { Tally } from '../../sequential/tally.ts';

export interface Scripted {
  readonly harness: Harness;
  readonly model: SeqModel;
  /** The disagreement that stopped the run, or null when every command agreed. */
  readonly disagreement: Disagreement | null;
}

/** Run the commands in order (each must be applicable) and stop at the first disagreement. */
export function script(impl: AnyPoolImpl, commands: readonly SeqCommand[]): Scripted {
  const harness = new Harness(impl, new Tally());
  const model = new SeqModel();
  for (const c of commands) {
    if (!applicable(c, model.world)) throw new Error(`not applicable now: ${JSON.stringify(c)}`);
    try {
      execute(c, model, harness);
    } catch (e) {
      if (e instanceof Disagreement) return { harness, model, disagreement: e };
      throw e;
    }
  }
  return { harness, model, disagreement: null };
}

export const create = (min_nr: number, backend: 'slab' | 'kmalloc' | 'pages' = 'slab'): SeqCommand => ({ kind: 'create', min_nr, backend });
/** mempool_create_node with the caller's mask. */
export const createNode = (min_nr: number, gfp: 'GFP_KERNEL' | 'GFP_NOFS' | 'GFP_NOIO' | 'GFP_ATOMIC' | 'GFP_NOWAIT', backend: 'slab' | 'kmalloc' | 'pages' = 'slab'): SeqCommand => ({ kind: 'create', min_nr, backend, gfp });
export const alloc = (gfp: 'GFP_KERNEL' | 'GFP_NOFS' | 'GFP_NOIO' | 'GFP_ATOMIC' | 'GFP_NOWAIT', zero = false): SeqCommand => ({ kind: 'alloc', gfp, zero });
export const free = (pick = 0): SeqCommand => ({ kind: 'free', pick });
export const resize = (n: number): SeqCommand => ({ kind: 'resize', n });
export const DESTROY: SeqCommand = { kind: 'destroy' };
export const FREE_NULL: SeqCommand = { kind: 'free-null' };
