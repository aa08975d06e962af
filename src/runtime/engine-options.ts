// How a CepEngine is configured: the options, their checks, and the defaults filled in once at
// construction.
import { Pattern } from '../pattern/pattern.js';
import type { PatternModel } from '../pattern/model.js';
import { parseDuration, type Duration } from '../pattern/duration.js';
import { describeFieldValue } from '../text/describe.js';
import type { Clock } from './clock.js';
import { systemClock } from './clock.js';
import type { CapPolicy } from './outputs.js';
import { isFieldPath, type KeySelector, type TimestampSelector } from './record-fields.js';

/** One pattern run by the engine, with its own key. */
export interface PatternSpec<E> {
  /** Names the pattern in every output; unique within an engine. */
  readonly name: string;
  readonly pattern: Pattern<E, any> | PatternModel<E>;
  /** Field path (`orderId`, `user.id`) or function giving the key of an event. */
  readonly keyBy: KeySelector<E>;
  /**
   * Which records are this pattern's input (default: all). A record it rejects is not offered to
   * the pattern at all — no key is read, no error reported — as `filter` before `keyBy` in Flink.
   * Useful when one stream carries several kinds of events. Its answer is read as a condition's
   * is (truthy or not); a filter that throws or answers a promise rejects the record and is
   * reported as a `filter-failed` error.
   */
  readonly filter?: (event: E) => boolean;
  /** Emit timed-out partial matches (default `true`); `true` or `false`, nothing else. */
  readonly timeouts?: boolean;
  /** Most partial matches one key may hold (default 10 000). */
  readonly maxPartialMatchesPerKey?: number;
  /** Which partial matches go when a key exceeds the cap (default `drop-oldest`). */
  readonly capPolicy?: CapPolicy;
}

/** Event time: timestamps come from the events; a watermark says how far time has surely got. */
export interface EventTimeOptions<E> {
  readonly mode: 'event';
  /**
   * Field path or function giving the event's time: epoch milliseconds, a Date or ISO-8601 text.
   * ISO text without `Z` or an offset is UTC (`2023-11-14T22:13:20` is 22:13:20 UTC on every
   * host); text of digits only is epoch milliseconds (`20231114` is not a date).
   */
  readonly timestamp: TimestampSelector<E>;
  /**
   * `bounded` (default): the watermark trails the largest timestamp seen by `maxOutOfOrderness`
   * (Flink's bounded-out-of-orderness strategy: `max - bound - 1`). `source`: only watermarks the
   * source supplies (`advanceWatermark`, or `watermark(ts)` items in `run`) move time.
   */
  readonly watermarks?: 'bounded' | 'source';
  /** How far events may arrive out of order (default 0): milliseconds, or text such as `'5s'`. */
  readonly maxOutOfOrderness?: Duration;
  /**
   * After this much wall-clock silence (checked by `tick()`, and by `run()` on its own), event time
   * is assumed to move with the wall clock: the watermark becomes
   * `max timestamp seen + (silence − idleTimeout)`, so windows of a quiet stream still close.
   * Above zero; leave it out for no idle timeout (the default).
   */
  readonly idleTimeout?: Duration;
  /** Events up to this much behind the watermark are still processed (processing waits for them). */
  readonly allowedLateness?: Duration;
  /**
   * Orders events with equal timestamps (default: arrival order). As Flink's comparator, it sorts
   * the events of one timestamp when the watermark releases them (all are buffered by then); the
   * sort is stable, and a comparison that throws or answers no number counts as a tie and is
   * reported as a `compare-failed` error naming the later-arrived event, once per event.
   */
  readonly compare?: (a: E, b: E) => number;
  /** Wall clock for the idle timeout (default the system clock). */
  readonly clock?: Clock;
}

/** Processing time: an event's time is the clock's time when it arrives. */
export interface ProcessingTimeOptions {
  readonly mode: 'processing';
  readonly clock?: Clock;
}

/**
 * Configuration of a {@link CepEngine}. It is checked when the engine is built: an option of the
 * wrong kind throws a `TypeError`, a value that is not allowed a `RangeError`, each naming the
 * pattern (for a pattern's options), the option and what it may be. `undefined` leaves an option
 * to its default; `null` is not a value of any option.
 */
export interface EngineOptions<E> {
  readonly patterns: readonly PatternSpec<E>[];
  /** Default: event time from the `timestamp` field, no out-of-orderness. */
  readonly time?: EventTimeOptions<E> | ProcessingTimeOptions;
}

/** Event-time settings with defaults applied and durations in milliseconds. */
export interface ResolvedEventTime<E> {
  readonly mode: 'event';
  readonly timestamp: TimestampSelector<E>;
  readonly bounded: boolean;
  readonly maxOutOfOrdernessMs: number;
  readonly idleTimeoutMs: number | null;
  readonly allowedLatenessMs: number;
  readonly compare: ((a: E, b: E) => number) | null;
  readonly clock: Clock;
}

/** Processing-time settings with defaults applied. */
export interface ResolvedProcessingTime {
  readonly mode: 'processing';
  readonly clock: Clock;
}

/** Default cap on partial matches per key and pattern. */
export const DEFAULT_MAX_PARTIAL_MATCHES_PER_KEY = 10_000;

// Options are checked once, when the engine is built: JavaScript callers and options read from
// JSON get no help from the types, and a misspelt value must not quietly become another engine
// (`watermarks: 'Bounded'` meaning `'source'`) nor fail later as a bare TypeError.

/**
 * Throws a `TypeError` (wrong kind of value) or `RangeError` (right kind, not allowed) naming the
 * pattern, the option and what it may be, when a pattern's options cannot be run.
 */
export function checkPatternSpec<E>(spec: PatternSpec<E>, index: number): void {
  const { name, pattern, keyBy, filter, timeouts, maxPartialMatchesPerKey, capPolicy } = spec as unknown as Record<keyof PatternSpec<E>, unknown>;
  if (typeof name !== 'string' || name === '') {
    const problem = `patterns[${index}]: name must be a non-empty string (it names the pattern in every output), not ${describeFieldValue(name)}`;
    throw name === '' ? new RangeError(problem) : new TypeError(problem);
  }
  const where = `pattern '${name}'`;
  if (!(pattern instanceof Pattern) && !isPatternModel(pattern)) {
    throw new TypeError(`${where}: pattern must be a Pattern (Pattern.begin(…)) or a pattern model, not ${describeFieldValue(pattern)}`);
  }
  if (typeof keyBy !== 'string' && typeof keyBy !== 'function') {
    throw new TypeError(`${where}: keyBy must be a field path (e.g. 'orderId', 'user.id') or a function of the event, not ${describeFieldValue(keyBy)}`);
  }
  if (typeof keyBy === 'string' && !isFieldPath(keyBy)) {
    throw new RangeError(`${where}: keyBy '${keyBy}' is not a field path: write names joined by dots, with [n] for an array item (e.g. 'orderId', 'user.id', 'items[0].sku')`);
  }
  if (filter !== undefined && typeof filter !== 'function') {
    throw new TypeError(`${where}: filter must be a function of the event answering whether the pattern reads it, not ${describeFieldValue(filter)}`);
  }
  if (timeouts !== undefined && typeof timeouts !== 'boolean') {
    throw new TypeError(`${where}: timeouts must be true or false, not ${describeFieldValue(timeouts)}`);
  }
  if (maxPartialMatchesPerKey !== undefined && !(Number.isInteger(maxPartialMatchesPerKey) && (maxPartialMatchesPerKey as number) >= 1)) {
    throw new RangeError(`${where}: maxPartialMatchesPerKey must be a whole number >= 1, not ${String(maxPartialMatchesPerKey)}`);
  }
  if (capPolicy !== undefined && capPolicy !== 'drop-oldest' && capPolicy !== 'reject-new') {
    throw new RangeError(`${where}: capPolicy must be 'drop-oldest' or 'reject-new', not ${JSON.stringify(capPolicy)}`);
  }
}

/** What the compiler needs of a model handed over as data (it validates the rest itself). */
function isPatternModel(value: unknown): value is PatternModel<unknown> {
  return value !== null && typeof value === 'object' && Array.isArray((value as { steps?: unknown }).steps);
}

/**
 * Checks the time options, fills in defaults and converts durations once. Throws a `TypeError` or
 * `RangeError` naming the option (`time.watermarks`, …) and what it may be.
 */
export function resolveTime<E>(time: EngineOptions<E>['time']): ResolvedEventTime<E> | ResolvedProcessingTime {
  if (time === undefined) time = { mode: 'event', timestamp: 'timestamp' };
  if (time === null || typeof time !== 'object') {
    throw new TypeError(`time must be an object, { mode: 'event', timestamp, … } or { mode: 'processing', … }, not ${describeFieldValue(time)}`);
  }
  const mode: unknown = time.mode;
  if (mode !== 'event' && mode !== 'processing') throw new RangeError(`time.mode must be 'event' or 'processing', not ${describeFieldValue(mode)}`);
  const clock = checkedClock(time.clock);
  if (time.mode === 'processing') {
    refuseEventTimeOptions(time);
    return { mode: 'processing', clock };
  }
  const { timestamp, watermarks, compare } = time as unknown as Record<keyof EventTimeOptions<E>, unknown>;
  if (typeof timestamp !== 'string' && typeof timestamp !== 'function') {
    throw new TypeError(`time.timestamp must be a field path (e.g. 'ts') or a function giving each event's time, not ${describeFieldValue(timestamp)} (or use mode: 'processing')`);
  }
  if (watermarks !== undefined && watermarks !== 'bounded' && watermarks !== 'source') {
    throw new RangeError(`time.watermarks must be 'bounded' or 'source', not ${describeFieldValue(watermarks)}`);
  }
  if (compare !== undefined && typeof compare !== 'function') {
    throw new TypeError(`time.compare must be a function ordering two events of one timestamp, not ${describeFieldValue(compare)}`);
  }
  const idleTimeoutMs = durationOption('idleTimeout', time.idleTimeout, null);
  // An idle timeout of 0 counts the stream idle the moment an event arrives: every tick would move
  // the watermark up to the newest timestamp, undoing maxOutOfOrderness. Never what was meant.
  if (idleTimeoutMs === 0) throw new RangeError(`time.idleTimeout must be above zero, not ${describeFieldValue(time.idleTimeout)} (leave it out for no idle timeout)`);
  return {
    mode: 'event',
    timestamp: time.timestamp,
    bounded: (watermarks ?? 'bounded') === 'bounded',
    maxOutOfOrdernessMs: durationOption('maxOutOfOrderness', time.maxOutOfOrderness, 0),
    idleTimeoutMs,
    allowedLatenessMs: durationOption('allowedLateness', time.allowedLateness, 0),
    compare: time.compare ?? null,
    clock,
  };
}

/** The options only event time reads; each would be silently ignored in processing time. */
const EVENT_TIME_ONLY: readonly (keyof EventTimeOptions<unknown>)[] = ['timestamp', 'watermarks', 'maxOutOfOrderness', 'idleTimeout', 'allowedLateness', 'compare'];

/**
 * Refuses event-time options given with `mode: 'processing'`. In processing time an event's time
 * is the clock's reading when it arrives and events are processed in arrival order, so none of
 * them would do anything: `compare` in particular, which Flink also applies in processing time
 * (sorting the events that arrive within one clock millisecond), would leave them unsorted.
 */
function refuseEventTimeOptions(time: object): void {
  for (const option of EVENT_TIME_ONLY) {
    if ((time as Record<string, unknown>)[option] === undefined) continue;
    const why = option === 'compare' ? 'events are processed in arrival order' : "an event's time is the clock's when it arrives";
    throw new RangeError(`time.${option} applies to event time only: in processing time ${why} (use mode: 'event', or leave it out)`);
  }
}

/** A duration option in milliseconds, `otherwise` when it is left out; its errors name the option. */
function durationOption<T>(option: string, duration: unknown, otherwise: T): number | T {
  if (duration === undefined) return otherwise;
  if (typeof duration !== 'number' && typeof duration !== 'string') {
    throw new TypeError(`time.${option} must be a duration, milliseconds or text such as '5s' or '1h30m', not ${describeFieldValue(duration)}`);
  }
  try {
    return parseDuration(duration);
  } catch (error) {
    throw error instanceof RangeError ? new RangeError(`time.${option}: ${error.message}`) : error;
  }
}

function checkedClock(clock: unknown): Clock {
  if (clock === undefined) return systemClock;
  if (clock === null || typeof clock !== 'object' || typeof (clock as { now?: unknown }).now !== 'function') {
    throw new TypeError(`time.clock must be an object with a now() method answering milliseconds, not ${describeFieldValue(clock)}`);
  }
  return clock as Clock;
}
