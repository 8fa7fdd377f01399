/**
 * IMPL-CRASH: the implementation's own code never throws. An exception there (a TypeError, a call
 * through a function pointer that was never set, a `throw` in a generator) is what an oops is in the
 * kernel: the thread dies where it stands, holding whatever it held. The runtime reports it where the
 * kernel resumes the thread (kernel/rt/kernel.ts), with the message and the site that threw it; an
 * exception thrown by the checker's own code is an internal error instead (run/impl-throws.ts).
 */
import { stateless, type PropertyDef } from './property.ts';

export const implCrash: PropertyDef = {
  id: 'IMPL-CRASH',
  statement: "the implementation's own code never throws (no TypeError, no call through an unset function pointer, no `throw`): in the kernel that is an oops",
  checkedAt: ['step'],
  runtime: true,
  create: () => stateless('IMPL-CRASH'),
};
