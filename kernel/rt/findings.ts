/**
 * Violations the runtime itself detects while executing operations. Property IDs are the stable IDs of
 * DESIGN.md section 5; the runtime only reports the ones it can see at the operation that breaks them.
 */
export type RuntimePropertyId = 'BUG-FREE' | 'OWNERSHIP' | 'NO-SLEEP-ATOMIC' | 'LOCKING' | 'KERNEL-OBJECTS' | 'IMPL-CRASH';

export interface RuntimeFinding {
  readonly property: RuntimePropertyId;
  /** Thread that executed the operation (0 is the setup thread). */
  readonly tid: number;
  /** Step number (count of scheduling steps so far) at which it happened. */
  readonly step: number;
  readonly message: string;
}
