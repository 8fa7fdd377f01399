/** The structured results the library's runners return: verdict, coverage, and a counterexample to act on. */
import { counterexampleJson, type CounterexampleJson } from '../report/json.ts';
import { counterexampleText } from '../report/swimlane.ts';
import { replayCommand, type Counterexample } from '../run/counterexample.ts';

export type Verdict = 'pass' | 'fail' | 'incomplete';

export interface CounterexampleResult {
  /** The property the counterexample shows failing. */
  readonly property: string | null;
  /** The swimlane report, as the command line prints it (ends with the replay command). */
  readonly text: string;
  /** The replay token: `mempool-check replay <token>` re-runs it exactly. */
  readonly token: string;
  /** The command that replays it. */
  readonly replay: string;
  /** The same counterexample as data (trace rows, violations, threads). */
  readonly json: CounterexampleJson;
}

export function counterexampleResult(cx: Counterexample): CounterexampleResult {
  return {
    property: cx.property,
    text: counterexampleText(cx).join('\n'),
    token: cx.token,
    replay: replayCommand(cx.token),
    json: counterexampleJson(cx),
  };
}
