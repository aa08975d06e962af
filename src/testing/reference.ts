// The slow oracle, made public: the brute-force reference matcher on its own, and a property
// that checks a pattern in the keyed engine against it key by key.
import fc from 'fast-check';
import type { TimedEvent } from '../nfa/matcher.js';
import type { MatcherOutput } from '../nfa/outputs.js';
import { parseDuration } from '../pattern/duration.js';
import type { PatternModel } from '../pattern/model.js';
import { Pattern } from '../pattern/pattern.js';
import { referenceMatches as referenceOnModel, type ReferenceOptions } from '../reference/reference-matcher.js';
import { Watermark } from '../runtime/engine.js';
import { keyReader, timestampReader, type Key, type TimestampSelector } from '../runtime/record-fields.js';
import { describeThrown } from '../text/describe.js';
import { canonicalOutputs, followMatcher, outputsOfKey, sameCanonical, type CanonicalOutputs } from './compare-outputs.js';
import { assertPattern } from './counterexample-report.js';
import { eventRowNamer, formatEventTable, formatOutputTable } from './event-table.js';
import { rowsOfRecords, type RecordRows } from './record-rows.js';
import { engineOptionsOf, isPatternDefinition, refuseUnreadableStream, runEngine, type PatternSource, type RunPatternOptions } from './run-pattern.js';

/** The pattern model of a fluent pattern, a model or a `.cep` definition. */
export function modelOf<E>(pattern: PatternSource<E>): PatternModel<E> {
  if (pattern instanceof Pattern) return pattern.toModel();
  if (isPatternDefinition(pattern)) return pattern.model as unknown as PatternModel<E>;
  return pattern;
}

/**
 * The reference matcher: what a pattern must output on one key's stream (events in timestamp
 * order), found by brute force — the slow oracle to check the engine, or your own reasoning,
 * against. It tries every assignment of events to steps and shares no code with the compiler or
 * the NFA, so the engine and it agree only if both follow Flink CEP's semantics. The cost is
 * exponential: keep streams to about 12 events per key. Groups are not supported (it throws).
 *
 * Options: `endTime` advances time after the last event (e.g. `Infinity`, as the engine's
 * `flush`); `throughDeadlines` lets time pass each window end in turn, as the keyed runtime's
 * timers do; `tieBreak` orders held matches with the same first event. See
 * src/reference/reference-matcher.ts for the rules it encodes.
 */
export function referenceMatches<E>(pattern: PatternSource<E>, events: readonly TimedEvent<E>[], options: ReferenceOptions<E> = {}): MatcherOutput<E>[] {
  return referenceOnModel(modelOf(pattern), events, options);
}

/** Options of {@link compareWithReference}: how the engine runs the pattern. */
export type ReferenceCheckOptions<E> = Pick<RunPatternOptions<E>, 'keyBy' | 'timestamp' | 'maxOutOfOrderness' | 'filter'>;

/** Where the engine and the reference disagree: one key, both canonical forms, a readable report. */
export interface ReferenceMismatch {
  readonly key: Key;
  readonly expected: CanonicalOutputs;
  readonly actual: CanonicalOutputs;
  readonly message: string;
}

interface KeyedInput<E> {
  readonly event: E;
  readonly timestamp: number;
}

/**
 * Runs `records` (arrival order) through the engine with the pattern and flushes, then checks
 * every key against the reference on that key's events — those the engine did not report late,
 * in timestamp order — with time passing every window end (as `flush` does). Returns the first
 * key where they differ (as multisets of matches and errors and sets of timeouts, events named
 * by their row in the stream), or `null`.
 */
export function compareWithReference<E extends object>(pattern: PatternSource<E>, records: readonly unknown[], options: ReferenceCheckOptions<E> = {}): ReferenceMismatch | null {
  const engineOptions = engineOptionsOf(pattern, { ...options, name: 'pattern' });
  const spec = engineOptions.patterns[0]!;
  const model = modelOf(pattern);
  const { outputs } = runEngine(engineOptions, records);
  refuseUnreadableStream(records, outputs);
  const readKey = keyReader(spec.keyBy);
  const readTime = timestampReader(engineOptions.time !== undefined && engineOptions.time.mode === 'event' ? engineOptions.time.timestamp : 'timestamp');
  const bound = parseDuration(options.maxOutOfOrderness ?? 0);

  // Which events each key processes: the engine's watermark rule, replayed.
  const byKey = new Map<Key, KeyedInput<E>[]>();
  let watermark = -Infinity;
  let latest = -Infinity;
  for (const record of records) {
    if (record instanceof Watermark) {
      watermark = Math.max(watermark, record.timestamp);
      continue;
    }
    if (record === null || typeof record !== 'object' || Array.isArray(record)) continue;
    const event = record as E;
    const time = readTime(event);
    if (!time.ok || time.value <= watermark) continue;
    latest = Math.max(latest, time.value);
    watermark = Math.max(watermark, latest - bound - 1);
    if (spec.filter !== undefined && !spec.filter(event)) continue;
    const key = readKey(event);
    if (!key.ok) continue;
    const list = byKey.get(key.value) ?? [];
    list.push({ event, timestamp: time.value });
    byKey.set(key.value, list);
  }
  const keys = new Set<Key>(byKey.keys());
  for (const output of outputs) if ('key' in output && output.key !== undefined) keys.add(output.key);

  // The engine reads each record whole, so its outputs hold the records themselves (one shaped
  // { event, timestamp } included): name them by the records' own rows.
  const rows = rowsOfRecords(records);
  const name = eventRowNamer(records, rows);
  for (const key of keys) {
    const events = [...(byKey.get(key) ?? [])].sort((a, b) => a.timestamp - b.timestamp);
    const actualOutputs = outputsOfKey(outputs, 'pattern', key);
    const expectedOutputs = referenceOutputs(() => referenceOnModel(model, events, { endTime: Infinity, throughDeadlines: true, tieBreak: followMatcher(actualOutputs, name) }));
    const actual = canonicalOutputs(actualOutputs, name, false);
    const expected = canonicalOutputs(expectedOutputs, name);
    if (sameCanonical(actual, expected)) continue;
    return { key, expected, actual, message: mismatchMessage(key, records, rows, events, actual, expected, actualOutputs, expectedOutputs) };
  }
  return null;
}

/**
 * Runs the reference matcher. It evaluates conditions as they are, so one that throws stops it:
 * say so, for the failure would otherwise read as the user's own error from nowhere.
 */
function referenceOutputs<E>(run: () => MatcherOutput<E>[]): MatcherOutput<E>[] {
  try {
    return run();
  } catch (error) {
    throw new Error(
      `the reference matcher stopped on a condition that threw (${describeThrown(error)}); it needs conditions that answer for every event, where the engine reports condition-failed errors and goes on`,
      { cause: error },
    );
  }
}

function mismatchMessage<E>(
  key: Key,
  records: readonly unknown[],
  recordRows: RecordRows,
  events: readonly KeyedInput<E>[],
  actual: CanonicalOutputs,
  expected: CanonicalOutputs,
  actualOutputs: readonly MatcherOutput<E>[],
  expectedOutputs: readonly MatcherOutput<E>[],
): string {
  const lines = [`key ${JSON.stringify(key)}: the engine and the reference matcher disagree`];
  for (const [part, label] of [
    ['matches', 'match'],
    ['timeouts', 'timeout'],
    ['errors', 'error'],
  ] as const) {
    for (const item of without(actual[part], expected[part])) lines.push(`  only the engine:    ${label} ${item}`);
    for (const item of without(expected[part], actual[part])) lines.push(`  only the reference: ${label} ${item}`);
  }
  const rows = new Set(events.map((e) => e.event as unknown));
  lines.push(
    '',
    `events of key ${JSON.stringify(key)} (rows of the whole stream):`,
    rows.size === 0 ? '  (none)' : formatEventTable(records, undefined, (index) => rows.has(records[index])),
    '',
    'the engine:',
    formatOutputTable(actualOutputs, records, recordRows),
    '',
    'the reference:',
    formatOutputTable(expectedOutputs, records, recordRows),
  );
  return lines.join('\n');
}

/** `list` minus `other`, as multisets. */
function without(list: readonly string[], other: readonly string[]): string[] {
  const left = [...other];
  return list.filter((item) => {
    const at = left.indexOf(item);
    if (at < 0) return true;
    left.splice(at, 1);
    return false;
  });
}

/**
 * The property "the engine agrees with the reference matcher, key by key" for your pattern on
 * any stream `stream` generates (see {@link compareWithReference}). Keep streams short (the
 * oracle is exponential): ~12 events per key.
 */
export function referenceProperty<E extends object>(pattern: PatternSource<E>, stream: fc.Arbitrary<readonly unknown[]>, options: ReferenceCheckOptions<E> = {}): fc.IPropertyWithHooks<[readonly unknown[]]> {
  return fc.property(stream, (records) => {
    const mismatch = compareWithReference(pattern, records, options);
    if (mismatch !== null) throw new Error(mismatch.message);
  });
}

/**
 * Asserts {@link referenceProperty} with readable counter-examples (see `assertPattern`).
 *
 * @example
 * assertAgreesWithReference(spamBurst, comments, { keyBy: 'userId', timestamp: 'ts' }, { seed: 7 });
 */
export function assertAgreesWithReference<E extends object>(
  pattern: PatternSource<E>,
  stream: fc.Arbitrary<readonly unknown[]>,
  options: ReferenceCheckOptions<E> = {},
  params: fc.Parameters<[readonly unknown[]]> = {},
): void {
  assertPattern(referenceProperty(pattern, stream, options), params);
}

/**
 * Records as `{ event, timestamp }` items in timestamp order (ties keep their order), for
 * `referenceMatches` and `runMatcher`: the timestamp read by a field path or function as the
 * engine reads it. Records without a readable timestamp are left out.
 */
export function timedEvents<E>(records: readonly E[], timestamp: TimestampSelector<E> = 'timestamp'): TimedEvent<E>[] {
  const read = timestampReader(timestamp);
  return records
    .flatMap((event) => {
      const time = read(event);
      return time.ok ? [{ event, timestamp: time.value }] : [];
    })
    .sort((a, b) => a.timestamp - b.timestamp);
}
