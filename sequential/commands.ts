/**
 * The commands of the sequential check, as plain data. Each runs one pool operation (or changes the
 * allocators' fault mode) on a new kernel thread; see execute.ts.
 */
import { faultModeName, type FaultClass, type FaultMode } from '../kernel/rt/faults.ts';
import { GFP_CLASSES, __GFP_ZERO, type GfpClass } from '../kernel/rt/gfp.ts';
import type { BackendKind } from '../impl/pool-impl.ts';

export type SeqCommand =
  /** `gfp`: mempool_create_node with this caller's mask (L72-107); absent, mempool_create (GFP_KERNEL). */
  | { readonly kind: 'create'; readonly min_nr: number; readonly backend: BackendKind; readonly gfp?: GfpClass }
  | { readonly kind: 'alloc'; readonly gfp: GfpClass; readonly zero: boolean }
  /** mempool_free of a held element: `pick` modulo the number held (oldest first). */
  | { readonly kind: 'free'; readonly pick: number }
  | { readonly kind: 'free-null' }
  | { readonly kind: 'resize'; readonly n: number }
  | { readonly kind: 'destroy' }
  /**
   * Change one allocation class's fault mode; `choices` answers a `choice` mode's calls (true = fail).
   * fail-nth:N counts from this command on: the N-th call of the class after it fails.
   */
  | { readonly kind: 'faults'; readonly cls: FaultClass; readonly mode: FaultMode; readonly choices: readonly boolean[] };

export type SeqCommandKind = SeqCommand['kind'];

export const gfpOf = (c: Extract<SeqCommand, { kind: 'alloc' }>): number => GFP_CLASSES[c.gfp] | (c.zero ? __GFP_ZERO : 0);

export const gfpLabel = (c: Extract<SeqCommand, { kind: 'alloc' }>): string => (c.zero ? `${c.gfp}|__GFP_ZERO` : c.gfp);

export function describeSeqCommand(c: SeqCommand): string {
  switch (c.kind) {
    case 'create':
      return c.gfp === undefined ? `create(${c.min_nr}, ${c.backend})` : `create_node(${c.min_nr}, ${c.backend}, ${c.gfp})`;
    case 'alloc':
      return `alloc(${gfpLabel(c)})`;
    case 'free':
      return `free(held #${c.pick})`;
    case 'free-null':
      return 'free(NULL)';
    case 'resize':
      return `resize(${c.n})`;
    case 'destroy':
      return 'destroy';
    case 'faults': {
      const bits = c.mode.kind === 'choice' ? `[${c.choices.map((b) => (b ? 'fail' : 'ok')).join(',')}]` : '';
      return `faults(${c.cls}, ${faultModeName(c.mode)}${bits})`;
    }
    default: {
      const never: never = c;
      throw new Error(`unknown command ${JSON.stringify(never)}`);
    }
  }
}
