/** The first point where the implementation and the model part ways, with the run that led there. */
export interface DisagreementDetail {
  /** 1-based position of the command in the run. */
  readonly command: number;
  readonly commandText: string;
  /** What differs: `model` (the operation itself), `pool state`, `live set`, `warnings`, ... */
  readonly what: string;
  /** Why the model refuses (a sentence naming the seed lines). */
  readonly reason: string;
  readonly expected: string;
  readonly actual: string;
  /** The command's allocator calls, in order. */
  readonly calls: readonly string[];
}

export class Disagreement extends Error {
  constructor(
    readonly detail: DisagreementDetail,
    /** The commands run so far, with their results, the disagreeing one last. */
    readonly transcript: readonly string[],
  ) {
    super(formatDisagreement(detail, transcript));
    this.name = 'Disagreement';
  }
}

export function formatDisagreement(d: DisagreementDetail, transcript: readonly string[]): string {
  return [
    'commands:',
    ...transcript.map((l) => `  ${l}`),
    `first disagreement, at command ${d.command} ${d.commandText} (${d.what}):`,
    `  expected: ${d.expected}`,
    `  actual:   ${d.actual}`,
    `  reason:   ${d.reason}`,
    ...(d.calls.length > 0 ? [`  allocator calls: ${d.calls.join(', ')}`] : []),
  ].join('\n');
}
