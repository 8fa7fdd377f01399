/**
 * Replay tokens: one copyable string that determines an execution exactly.
 *
 * `mc1.` + base64url of: version, flags (memory model, timeouts, granularity, embedded scenario, file
 * implementation, property selection), the implementation name (and for a file implementation its
 * content hash), the profile (since version 2; a version-1 token means the implementation's default
 * profile) and the properties checked when not all of them were, the
 * scenario name and content hash (plus the whole scenario when it is not a
 * named one), timeout budget, step limit, what the recorded run did (failed property, steps), the
 * choices as varints (value * 2 + kind), for a LIVELOCK the split of its choices into the lasso's prefix
 * and cycle, and an FNV-1a checksum of all of it. Decoding refuses a
 * corrupted token, and resolving refuses a scenario or an implementation file whose content changed
 * since the token was made, or an implementation other than the one the caller expects.
 */
import { DEFAULT_WEAK_OPTIONS } from '../kernel/rt/weak/options.ts';
import type { Choices } from '../explorer/scheduler.ts';
import { LIVELOCK } from '../explorer/lasso.ts';
import { implSource } from '../impl/registry.ts';
import { SCENARIOS } from '../scenarios/registry.ts';
import type { Scenario } from '../scenarios/spec.ts';
import { ByteError, ByteReader, ByteWriter, fnv1a } from './bytes.ts';
import { defaultProfile, type RunConfig } from './run-config.ts';
import type { PropertySelection } from './monitors.ts';
import { isProfile, type Profile } from '../model/profile.ts';
import { readScenario, scenarioHash, writeScenario } from './scenario-codec.ts';

const PREFIX = 'mc1.';
const VERSION = 2;
/** Tokens without a profile (it is the implementation's default) still replay. */
const OLDEST_VERSION = 1;
const F_WEAK = 1;
const F_TIMED = 2;
const F_FINE = 4;
const F_EMBEDDED = 8;
/** The implementation is a file (or C source): its content hash follows its name. */
const F_FILE = 16;
/** Only some properties were checked: the selection follows the profile. */
const F_SELECTION = 32;

/** What the recorded execution did: a replay that does otherwise has diverged. */
export interface RecordedOutcome {
  /** The property the recorded run failed, or null when it passed. */
  readonly property: string | null;
  readonly steps: number;
}

/** A livelock's split of the choices: the prefix's choices come first, then one cycle's. */
export interface TokenLasso {
  readonly prefixChoices: number;
  /** Steps (setup's included) before the cycle, and in it. */
  readonly prefixSteps: number;
  readonly cycleSteps: number;
}

export interface TokenContent {
  readonly config: RunConfig;
  readonly choices: Choices;
  readonly outcome: RecordedOutcome;
  /** Set for a livelock (explorer/lasso.ts): replay runs the prefix, then the cycle many times. */
  readonly lasso?: TokenLasso | null;
}

/** A token that cannot be used: corrupted, from another version, or for something else. */
export class TokenError extends Error {}

export function encodeToken(t: TokenContent): string {
  const { config: c } = t;
  const named = SCENARIOS.get(c.scenario.name);
  const embed = named === undefined || scenarioHash(named) !== scenarioHash(c.scenario);
  const file = implSource(c.impl);
  const w = new ByteWriter();
  w.byte(VERSION);
  w.byte((c.memory === 'weak' ? F_WEAK : 0) | (c.timeouts === 'timed' ? F_TIMED : 0) | (c.fineGrained ? F_FINE : 0) | (embed ? F_EMBEDDED : 0) | (file !== null ? F_FILE : 0) | (c.properties !== undefined ? F_SELECTION : 0));
  w.string(c.impl);
  if (file !== null) w.string(file.hash);
  w.string(c.profile);
  if (c.properties !== undefined) writeSelection(w, c.properties);
  w.string(c.scenario.name);
  w.u32(scenarioHash(c.scenario));
  if (embed) writeScenario(w, c.scenario);
  if (c.memory === 'weak') {
    w.varint(bound(c.staleReads));
    w.varint(bound(c.window));
  }
  w.varint(c.timeoutBudget);
  w.varint(c.maxSteps);
  w.string(t.outcome.property ?? '');
  w.varint(t.outcome.steps);
  w.varint(t.choices.kinds.length);
  t.choices.kinds.forEach((kind, i) => w.varint((t.choices.values[i] as number) * 2 + (kind === 'v' ? 1 : 0)));
  // A livelock's token (outcome LIVELOCK) ends with where its cycle starts and how long it is (no
  // flag needed: the outcome says so; 0 is written for a livelock recorded without its split).
  if (t.outcome.property === LIVELOCK) w.varint(t.lasso ? 1 : 0);
  if (t.outcome.property === LIVELOCK && t.lasso) {
    w.varint(t.lasso.prefixChoices);
    w.varint(t.lasso.prefixSteps);
    w.varint(t.lasso.cycleSteps);
  }
  const body = w.done();
  const out = new ByteWriter();
  out.append(body);
  out.u32(fnv1a(body));
  return PREFIX + Buffer.from(out.done()).toString('base64url');
}

/** A bound as a varint: Infinity is 0, n is n + 1. */
const bound = (n: number): number => (Number.isFinite(n) ? n + 1 : 0);
const unbound = (v: number): number => (v === 0 ? Infinity : v - 1);

/** What a token says, before its scenario and implementation are looked up. */
export interface DecodedToken {
  readonly impl: string;
  /** Content hash of the implementation's file when it is one (`file:` or `c:`), else null. */
  readonly implHash: string | null;
  /** null: a version-1 token, recorded under the implementation's default profile. */
  readonly profile: Profile | null;
  /** The properties checked when not all of the profile's were (null: all). */
  readonly properties: PropertySelection | null;
  readonly scenarioName: string;
  readonly scenarioHash: number;
  readonly embedded: Scenario | null;
  readonly memory: RunConfig['memory'];
  readonly staleReads: number;
  readonly window: number;
  readonly timeouts: RunConfig['timeouts'];
  readonly fineGrained: boolean;
  readonly timeoutBudget: number;
  readonly maxSteps: number;
  readonly outcome: RecordedOutcome;
  readonly choices: Choices;
  readonly lasso: TokenLasso | null;
}

export function decodeToken(text: string): DecodedToken {
  const token = text.trim();
  if (!token.startsWith(PREFIX)) throw new TokenError(`not a replay token (a token starts with '${PREFIX}')`);
  const b64 = token.slice(PREFIX.length);
  if (!/^[A-Za-z0-9_-]+$/.test(b64)) throw new TokenError('corrupted replay token: characters outside base64url');
  const bytes = new Uint8Array(Buffer.from(b64, 'base64url'));
  if (bytes.length < 5) throw new TokenError('corrupted replay token: too short');
  const body = bytes.subarray(0, bytes.length - 4);
  const sum = new ByteReader(bytes.subarray(bytes.length - 4)).u32();
  if (fnv1a(body) !== sum) throw new TokenError('corrupted replay token: checksum mismatch (was it copied completely?)');
  try {
    return readBody(new ByteReader(body));
  } catch (e) {
    if (e instanceof ByteError || e instanceof RangeError) throw new TokenError(`corrupted replay token: ${e.message}`);
    throw e;
  }
}

function readBody(r: ByteReader): DecodedToken {
  const version = r.byte();
  if (version < OLDEST_VERSION || version > VERSION) {
    throw new TokenError(`replay token version ${version} is not supported (this mempool-check reads versions ${OLDEST_VERSION} to ${VERSION})`);
  }
  const flags = r.byte();
  const impl = r.string();
  const implHash = (flags & F_FILE) !== 0 ? r.string() : null;
  const profileText = version >= 2 ? r.string() : null;
  if (profileText !== null && !isProfile(profileText)) throw new ByteError(`unknown profile '${profileText}'`);
  const profile: Profile | null = profileText;
  const properties = (flags & F_SELECTION) !== 0 ? readSelection(r) : null;
  const scenarioName = r.string();
  const hash = r.u32();
  const embedded = (flags & F_EMBEDDED) !== 0 ? readScenario(r, scenarioName) : null;
  const weak = (flags & F_WEAK) !== 0;
  const staleReads = weak ? unbound(r.varint()) : DEFAULT_WEAK_OPTIONS.staleReads;
  const window = weak ? unbound(r.varint()) : DEFAULT_WEAK_OPTIONS.window;
  const timeoutBudget = r.varint();
  const maxSteps = r.varint();
  const property = r.string();
  const steps = r.varint();
  const kinds: string[] = [];
  const values: number[] = [];
  for (let n = r.varint(); n > 0; n--) {
    const v = r.varint();
    kinds.push(v % 2 === 1 ? 'v' : 't');
    values.push(Math.floor(v / 2));
  }
  const lasso = property === LIVELOCK && r.varint() === 1 ? { prefixChoices: r.varint(), prefixSteps: r.varint(), cycleSteps: r.varint() } : null;
  if (lasso !== null && (lasso.prefixChoices > kinds.length || lasso.cycleSteps === 0)) throw new ByteError('the lasso does not fit its choices');
  if (!r.atEnd) throw new ByteError('trailing bytes');
  if (embedded !== null && scenarioHash(embedded) !== hash) throw new ByteError('the embedded scenario does not match its hash');
  return {
    impl,
    implHash,
    profile,
    properties,
    scenarioName,
    scenarioHash: hash,
    embedded,
    memory: weak ? 'weak' : 'sc',
    staleReads,
    window,
    timeouts: (flags & F_TIMED) !== 0 ? 'timed' : 'untimed',
    fineGrained: (flags & F_FINE) !== 0,
    timeoutBudget,
    maxSteps,
    outcome: { property: property === '' ? null : property, steps },
    choices: { kinds, values },
    lasso,
  };
}

/** A version-1 token's profile: its implementation's default (refused when the implementation is unknown). */
function profileOfOld(impl: string): Profile {
  try {
    return defaultProfile(impl);
  } catch (e) {
    throw new TokenError(`this token is for implementation '${impl}', which this version does not know (${e instanceof Error ? e.message : String(e)})`);
  }
}

/** What the caller expects a token to be for; anything else is refused. */
export interface TokenExpectation {
  readonly impl?: string;
  readonly scenario?: string;
}

/** The run a token describes, with its scenario looked up; refuses anything that does not match. */
export function resolveToken(d: DecodedToken, expect: TokenExpectation = {}): TokenContent {
  if (expect.impl !== undefined && expect.impl !== d.impl) {
    throw new TokenError(`this token was recorded on implementation '${d.impl}', not '${expect.impl}': it cannot be replayed there`);
  }
  if (expect.scenario !== undefined && expect.scenario !== d.scenarioName) {
    throw new TokenError(`this token was recorded on scenario '${d.scenarioName}', not '${expect.scenario}'`);
  }
  if (d.implHash !== null) {
    const source = implSource(d.impl);
    if (source === null) throw new TokenError(`this token was recorded on '${d.impl}', which is not loaded`);
    if (source.hash !== d.implHash) {
      throw new TokenError(`${source.file} has changed since this token was recorded (content ${d.implHash}, now ${source.hash}): it cannot be replayed exactly`);
    }
  }
  let scenario = d.embedded;
  if (scenario === null) {
    const named = SCENARIOS.get(d.scenarioName);
    if (named === undefined) throw new TokenError(`this token is for scenario '${d.scenarioName}', which this version does not have`);
    if (scenarioHash(named) !== d.scenarioHash) {
      throw new TokenError(`scenario '${d.scenarioName}' has changed since this token was recorded: it cannot be replayed exactly`);
    }
    scenario = named;
  }
  const config: RunConfig = {
    scenario,
    impl: d.impl,
    profile: d.profile ?? profileOfOld(d.impl),
    memory: d.memory,
    staleReads: d.staleReads,
    window: d.window,
    timeouts: d.timeouts,
    timeoutBudget: d.timeoutBudget,
    fineGrained: d.fineGrained,
    maxSteps: d.maxSteps,
    ...(d.properties === null ? {} : { properties: d.properties }),
  };
  return { config, choices: d.choices, outcome: d.outcome, ...(d.lasso === null ? {} : { lasso: d.lasso }) };
}

/** A property selection: whether `properties` is given (1) and its IDs, then the skipped IDs (comma lists). */
function writeSelection(w: ByteWriter, s: PropertySelection): void {
  w.byte(s.properties === undefined ? 0 : 1);
  if (s.properties !== undefined) w.string(s.properties.join(','));
  w.string((s.skip ?? []).join(','));
}

function readSelection(r: ByteReader): PropertySelection {
  const ids = (text: string): string[] => (text === '' ? [] : text.split(','));
  const properties = r.byte() === 1 ? ids(r.string()) : undefined;
  const skip = ids(r.string());
  return { ...(properties === undefined ? {} : { properties }), ...(skip.length === 0 ? {} : { skip }) };
}
