/**
 * A counterexample as a Mermaid sequence diagram (GitHub renders it in Markdown): one participant per
 * thread and one for the kernel and the pool's memory; each operation an arrow labelled with its step,
 * seed line and what it saw; the pool calls and returns as notes; how each thread ended and the failed
 * property at the bottom; a livelock's cycle as a `loop` block after its prefix.
 */
import type { ReportedCounterexample } from './schema.ts';

/** Mermaid reads `;` as a statement end and `#` as an entity start in messages. */
const safe = (text: string): string => text.replace(/#/g, '#35;').replace(/;/g, '#59;').replace(/[\r\n]+/g, ' ');

export function mermaidDiagram(cx: ReportedCounterexample): string[] {
  const threads = [...new Set([...Object.keys(cx.threads), ...cx.trace.map((t) => t.thread)])];
  const id = (thread: string): string => `P${threads.indexOf(thread)}`;
  const out = ['sequenceDiagram', '  participant K as kernel and pool memory'];
  for (const t of threads) out.push(`  participant ${id(t)} as ${safe(t)}`);
  if (cx.setup.length > 0) out.push(`  Note over K: setup: ${safe(cx.setup.join(', '))}`);
  // A livelock's cycle is a `loop` block: the steps after the prefix, which repeat forever.
  const lasso = cx.lasso ?? null;
  let inCycle = false;
  for (const e of cx.trace) {
    if (lasso !== null && !inCycle && e.step !== null && e.step > lasso.prefixSteps) {
      inCycle = true;
      out.push(`  loop ${safe(`cycle: steps ${lasso.prefixSteps + 1}-${lasso.prefixSteps + lasso.cycleSteps}, forever (${lasso.fairness}ly fair, back to the state after step ${lasso.prefixSteps})`)}`);
    }
    const indent = inCycle ? '    ' : '  ';
    const where = `${e.step === null ? 'start' : e.step}${e.line === null ? '' : ` ${e.line}`}`;
    if (/^(call |mempool_\w+ returns)/.test(e.op)) out.push(`${indent}Note over ${id(e.thread)}: ${safe(`${where}: ${e.op}`)}`);
    else out.push(`${indent}${id(e.thread)}->>K: ${safe(`${where}: ${e.op}`)}`);
  }
  if (inCycle) out.push('  end');
  for (const [thread, end] of Object.entries(cx.threads)) out.push(`  Note over ${id(thread)}: ${safe(`end: ${end}`)}`);
  const span = threads.length > 1 ? `${id(threads[0] as string)},${id(threads[threads.length - 1] as string)}` : threads.length === 1 ? id(threads[0] as string) : 'K';
  for (const v of cx.violations) out.push(`  Note over ${span}: ${safe(`FAILED ${v.property} (step ${v.step}): ${v.message}`)}`);
  return out;
}
