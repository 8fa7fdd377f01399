/**
 * The schema of report.json (`--report-dir`, `gate --json`): one document shape for every command,
 * with the same key names everywhere (`implementation`, `scenario`, `memory`, `property`, `verdict`).
 * Declared once with zod: the types below come from it, `docs/report.schema.json` is generated from it
 * (`z.toJSONSchema`), and the tests validate what the commands write against it. `merge` reads
 * shards' documents through it, so a file that is not one is refused with the path of the first
 * mismatch.
 */
import { z } from 'zod';

/** Arrays are read-only in the types (the builders share arrays of the results they present). */
const list = <T extends z.ZodType>(item: T) => z.array(item).readonly();

export const SCHEMA_VERSION = 1;

const Verdict = z.enum(['pass', 'fail', 'incomplete']);
const Counts = z.record(z.string(), z.number());

const TraceEntry = z.object({ step: z.number().nullable(), thread: z.string(), line: z.string().nullable(), chain: list(z.string()), op: z.string() });

export const CounterexampleSchema = z.object({
  scenario: z.string(),
  implementation: z.string(),
  memory: z.string(),
  timeouts: z.string(),
  property: z.string().nullable(),
  violations: list(z.object({ property: z.string(), message: z.string(), step: z.number(), thread: z.string().nullable() })),
  end: z.string(),
  preemptions: z.number(),
  steps: z.number(),
  shrunkFrom: z.object({ preemptions: z.number(), steps: z.number() }).nullable(),
  token: z.string(),
  replay: z.string(),
  setup: list(z.string()),
  trace: list(TraceEntry),
  threads: z.record(z.string(), z.string()),
  pool: z.string().nullable(),
  weak: list(z.string()),
  shrunkFromScenario: z.string().nullable(),
  /** A livelock's lasso (report/json.ts LassoJson): the trace split into a prefix and a cycle that repeats forever. */
  lasso: z
    .object({
      prefixSteps: z.number(),
      cycleSteps: z.number(),
      prefix: list(TraceEntry),
      cycle: list(TraceEntry),
      stepping: list(z.string()),
      enabledThroughout: list(z.string()),
      enabledSometime: list(z.string()),
      fairness: z.enum(['strong', 'weak']),
      evidence: z.enum(['exact', 'visible']),
      replays: z.number(),
      evidenceText: z.string(),
    })
    .nullable()
    .optional(),
});

/** A counterexample as the report keeps it: the JSON trace, the swimlane text, whether it is known. */
export const ReportedCounterexampleSchema = CounterexampleSchema.extend({
  /** A known finding (with its reason), or not (a failure of the gate). */
  known: z.boolean(),
  reason: z.string().nullable(),
  /** The swimlane report, line by line (what `replay` prints). */
  text: list(z.string()),
  /** Its replay file in the report directory. */
  replayFile: z.string(),
});

export const RowSchema = z.object({
  id: z.string(),
  scenario: z.string(),
  memory: z.string(),
  implementation: z.string(),
  timeouts: z.string(),
  strategy: z.string(),
  executions: z.number(),
  failedExecutions: z.number(),
  verdict: Verdict,
  complete: z.boolean(),
  stoppedBy: z.string(),
  coverage: z.string(),
  failedProperties: list(z.string()),
  /** Executions where a property answered `unknown` (its check could not decide them: a search out of its budget, say): not shown to pass. */
  unknownExecutions: z.number(),
  unknownProperties: list(z.string()),
  status: z.enum(['ok', 'known', 'unexpected', 'missing', 'incomplete']),
  known: list(z.string()),
  unexpected: list(z.string()),
  missing: list(z.string()),
  why: z.string(),
  expected: list(z.object({ property: z.string(), reason: z.string() })),
  counterexamples: list(ReportedCounterexampleSchema),
  /** Input classes the row's executions covered (what the gate says a scenario does not cover is the rest). */
  covered: list(z.string()).optional(),
  seconds: z.number(),
});

export const SequentialSchema = z.object({
  implementation: z.string(),
  /** The model it was compared with (model/profile.ts). */
  profile: z.string(),
  verdict: Verdict,
  seed: z.number(),
  runs: z.number(),
  sequences: z.number(),
  commands: z.number(),
  exercised: z.object({ operations: Counts, gfp: Counts, backends: Counts, faults: Counts }),
  failure: z
    .object({
      transcript: list(z.string()),
      disagreement: z.object({ command: z.number(), commandText: z.string(), what: z.string(), reason: z.string(), expected: z.string(), actual: z.string(), calls: list(z.string()) }),
      shrunkLength: z.number(),
      replay: z.object({ seed: z.number(), path: z.string(), replayPath: z.string().nullable() }),
    })
    .nullable(),
  /** The command that replays the failure (null on a pass). */
  replay: z.string().nullable(),
  text: list(z.string()),
  seconds: z.number(),
});

const RaceSide = z.object({ thread: z.string(), access: z.string(), site: z.string().nullable(), chain: list(z.string()) });

export const RaceRunSchema = z.object({
  scenario: z.string(),
  executions: z.number(),
  complete: z.boolean(),
  findings: list(
    z.object({ location: z.string(), first: RaceSide, second: RaceSide, known: z.string().nullable(), reason: z.string().nullable(), executions: z.number(), token: z.string().nullable() }),
  ),
  seconds: z.number(),
});

export const RacesSchema = z.object({
  implementation: z.string(),
  budget: z.number(),
  executions: z.number(),
  /** Scenarios whose every trace was explored. */
  complete: list(z.string()),
  unknown: z.number(),
  /** Each race once, with every scenario that showed it. */
  races: list(
    z.object({
      known: z.string().nullable(),
      reason: z.string().nullable(),
      location: z.string(),
      first: RaceSide,
      second: RaceSide,
      against: list(z.string()),
      scenarios: list(z.string()),
      token: z.string().nullable(),
    }),
  ),
  /** Per scenario, as run (what `merge` combines). */
  runs: list(RaceRunSchema),
});

/** A fuzzing run (`fuzz`): the seed's random scenarios by run index, and what each one cost. */
export const FuzzSchema = z.object({
  seed: z.number(),
  /** Random scenarios of the whole run (every shard). */
  runs: z.number(),
  /** The run indices this document was to cover (a shard's, or 0 up to runs). */
  range: z.object({ from: z.number(), to: z.number() }),
  scenarios: z.number(),
  executions: z.number(),
  sharedSkipped: z.number(),
  stoppedBy: z.enum(['failure', 'interrupted', 'time', 'runs']),
  /** The run index of the failing scenario (its name is random-<seed>-<index + 1>). */
  failedAt: z.number().nullable(),
  property: z.string().nullable(),
  shrinkSteps: z.number(),
  seedPort: z.object({ implementation: z.string(), verdict: z.enum(['fails', 'passes', 'unknown']), executions: z.number() }).nullable(),
  /** Per scenario explored, from range.from on: executions (shrinking's included), failure skipped as the port's. */
  tallies: list(z.object({ index: z.number(), executions: z.number(), shared: z.boolean() })),
});

/** A document's verdict: `error` when the checker itself failed somewhere (an internal error, exit 4). */
const DocumentVerdict = z.enum(['pass', 'fail', 'incomplete', 'error']);

export const ReportSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  tool: z.object({ name: z.literal('mempool-check'), version: z.string() }),
  command: z.string(),
  implementation: z.string(),
  /** pass: everything planned ran, was covered and is as expected; incomplete: something was not covered (never pass). */
  verdict: DocumentVerdict,
  /** The closing line of the text output. */
  summary: z.string(),
  complete: z.boolean(),
  interrupted: z.boolean(),
  /** Still running: the file was written while units were pending (a killed run leaves this). */
  running: z.boolean(),
  /** Every unit of the plan (this shard's, or all), which ran, and which did not. */
  plan: z.object({
    /** Every unit of the whole plan (all shards), in plan order. */
    all: list(z.string()),
    /** The units this document was to run (this shard's, or all). */
    units: list(z.string()),
    ran: list(z.string()),
    notRun: list(z.string()),
    shard: z.object({ index: z.number(), count: z.number() }).nullable(),
    /** Shard documents merged into this one (0: not a merge). */
    mergedShards: z.number(),
  }),
  properties: list(z.object({ property: z.string(), statement: z.string() })),
  sequential: SequentialSchema.nullable(),
  scenarios: list(RowSchema),
  races: RacesSchema.nullable(),
  /** Only in the document of `fuzz`. */
  fuzz: FuzzSchema.nullable().optional(),
  errors: list(z.object({ unit: z.string().nullable(), message: z.string() })),
  replayFiles: list(z.string()),
  /** Settings the run was made with (time budget per scenario, jobs, ...). */
  settings: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});

export type ReportDocument = z.infer<typeof ReportSchema>;
export type ReportRow = z.infer<typeof RowSchema>;
export type ReportedCounterexample = z.infer<typeof ReportedCounterexampleSchema>;
export type SequentialJson = z.infer<typeof SequentialSchema>;
export type RacesJson = z.infer<typeof RacesSchema>;
export type RaceRunJson = z.infer<typeof RaceRunSchema>;
export type FuzzJson = z.infer<typeof FuzzSchema>;

/** Parses a document; a mismatch is one line naming where (for `merge` and tests). */
export function parseReport(data: unknown, where: string): ReportDocument {
  const r = ReportSchema.safeParse(data);
  // The document as read, not as parsed: keys this schema does not name (a field another part of the
  // checker adds to its results, such as a lasso's cycle) pass through `merge` unchanged.
  if (r.success) return data as ReportDocument;
  const issue = r.error.issues[0];
  throw new RangeError(`${where}: not a mempool-check report (schemaVersion ${SCHEMA_VERSION}): ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
}

/** The JSON Schema of report.json (docs/report.schema.json; `npm run report-schema` writes it). */
export function reportJsonSchema(): object {
  return { title: 'mempool-check report.json', ...z.toJSONSchema(ReportSchema) };
}
