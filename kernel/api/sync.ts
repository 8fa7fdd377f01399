import type { Gen, Loc } from '../rt/ops.ts';
import { emit } from './emit.ts';

/** A spinlock is a word in memory; its address is its identity. */
export type spinlock_t = Loc;
/** The saved interrupt state returned by spin_lock_irqsave. */
export type irqflags_t = number;

export const spin_lock_init = (lock: spinlock_t): Gen<void> => emit({ kind: 'lock_init', lock });
export const spin_lock = (lock: spinlock_t): Gen<void> => emit({ kind: 'lock', lock, irqsave: false });
export const spin_unlock = (lock: spinlock_t): Gen<void> => emit({ kind: 'unlock', lock, irqrestore: false, flags: 0 });
/** Returns the flags the C macro assigns to its second argument. */
export const spin_lock_irqsave = (lock: spinlock_t): Gen<irqflags_t> => emit({ kind: 'lock', lock, irqsave: true });
export const spin_unlock_irqrestore = (lock: spinlock_t, flags: irqflags_t): Gen<void> =>
  emit({ kind: 'unlock', lock, irqrestore: true, flags });
