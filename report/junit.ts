/**
 * junit.xml of a report document (written by junit-report-builder, which Jenkins, GitHub and GitLab
 * read): one test suite per scenario and memory model with one test case per property; one case for
 * the sequential check; one per race. A failure carries the counterexample's swimlane; a known finding
 * is skipped with its reason; a property of a row that was not covered is skipped as incomplete (never
 * passed); units that did not run are skipped as such; internal errors are errors.
 */
import junitModule, { type Builder, type TestCase, type TestSuite } from 'junit-report-builder';
import type { ReportDocument, ReportRow } from './schema.ts';

/** The package is CommonJS whose module.exports is a builder; its typings declare it as `export default`, which NodeNext reads as `.default`. */
const junit = junitModule as unknown as Builder;
type Suite = TestSuite;

export function junitXml(doc: ReportDocument): string {
  const builder = junit.newBuilder().name(`mempool-check ${doc.command} (${doc.implementation}): ${doc.summary}`);
  const s = doc.sequential;
  if (s !== null) {
    const suite = builder.testSuite().name('sequential model-based check').time(s.seconds);
    const c = suite.testCase().className('mempool-check.sequential').name(`sequential check of ${s.implementation}`).standardOutput(s.text.join('\n'));
    if (s.verdict === 'fail') c.failure(s.failure?.disagreement.reason ?? 'the implementation disagrees with the model', 'sequential').stacktrace(s.text.join('\n'));
    else if (s.verdict === 'incomplete') skip(c, 'incomplete: interrupted before every command sequence ran');
  }
  for (const row of doc.scenarios) rowSuite(builder.testSuite(), row, doc.properties.map((p) => p.property));
  if (doc.races !== null) {
    const suite = builder.testSuite().name('plain-access races');
    for (const r of doc.races.races) {
      const text = `${r.location}: ${r.first.access} by ${r.first.thread} at ${r.first.site ?? '?'} is concurrent with ${r.second.access}s at ${r.against.join(', ')} (${r.scenarios.join(', ')})`;
      const c = suite.testCase().className('mempool-check.races').name(r.known ?? `race on ${r.location}`).standardOutput(text);
      if (r.known === null) c.failure(text, 'RACE');
      else skip(c, `known race: ${r.reason ?? ''}`);
    }
    if (doc.races.races.length === 0) suite.testCase().className('mempool-check.races').name('no race');
  }
  const f = doc.fuzz;
  if (f !== undefined && f !== null && f.failedAt === null) {
    // No failure: the random scenarios explored are no proof of anything (random testing is never complete).
    const what = `${f.scenarios} random scenarios of seed ${f.seed}, ${f.executions} executions`;
    skip(builder.testSuite().name('fuzz').testCase().className('mempool-check.fuzz').name(`random scenarios of seed ${f.seed}`), `incomplete: no property failed in ${what} (stopped by ${f.stoppedBy}); random testing is never complete`);
  }
  if (doc.plan.notRun.length > 0) {
    const suite = builder.testSuite().name('not run');
    for (const id of doc.plan.notRun) skip(suite.testCase().className('mempool-check.not-run').name(id), doc.interrupted ? 'not run: the run was interrupted first' : 'not run');
  }
  if (doc.errors.length > 0) {
    const suite = builder.testSuite().name('internal errors');
    for (const e of doc.errors) suite.testCase().className('mempool-check.errors').name(e.unit ?? 'run').error(e.message, 'internal error');
  }
  return builder.build();
}

function rowSuite(suite: Suite, row: ReportRow, properties: readonly string[]): void {
  suite.name(`${row.scenario} (${row.memory})`).time(row.seconds);
  suite.property('strategy', row.strategy).property('executions', String(row.executions)).property('coverage', row.coverage);
  const ids = [...new Set([...properties, ...row.failedProperties])];
  for (const property of ids) {
    const c = suite.testCase().className(`mempool-check.${row.scenario}.${row.memory}`).name(property);
    const cx = row.counterexamples.find((x) => x.property === property);
    const reason = row.expected.find((e) => e.property === property)?.reason;
    if (row.unexpected.includes(property)) {
      const message = cx?.violations.find((v) => v.property === property)?.message ?? `${property} failed`;
      c.failure(message, property).stacktrace(cx?.text.join('\n') ?? row.why);
    } else if (row.known.includes(property)) {
      skip(c, `known finding: ${reason ?? ''}`);
      if (cx !== undefined) c.standardOutput(`known finding: ${reason ?? ''}\n\n${cx.text.join('\n')}`);
    } else if (row.missing.includes(property)) {
      c.failure(`the known finding ${property} did not show up (${reason ?? ''})`, 'MISSING');
    } else if (!row.complete) {
      skip(c, `incomplete: ${row.why}`);
    } else if (row.unknownProperties.includes(property)) {
      skip(c, `unknown on ${row.unknownExecutions} executions (its check could not decide them): not shown to pass`);
    }
  }
}

function skip(c: TestCase, reason: string): void {
  c.skipped().property('reason', reason).standardOutput(reason);
}
