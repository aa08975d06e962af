// How a CepEngine is configured, and the defaults filled in once at construction.
import type { Pattern } from '../pattern/pattern.js';
import type { PatternModel } from '../pattern/model.js';
import { parseDuration, type Duration } from '../pattern/duration.js';
import type { Clock } from './clock.js';
import { systemClock } from './clock.js';
import type { CapPolicy } from './outputs.js';
import type { KeySelector, TimestampSelector } from './record-fields.js';

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
  /** Emit timed-out partial matches (default `true`). */
  readonly timeouts?: boolean;
  /** Most partial matches one key may hold (default 10 000). */
  readonly maxPartialMatchesPerKey?: number;
  /** Which partial matches go when a key exceeds the cap (default `drop-oldest`). */
  readonly capPolicy?: CapPolicy;
}

/** Event time: timestamps come from the events; a watermark says how far time has surely got. */
export interface EventTimeOptions<E> {
  readonly mode: 'event';
  /** Field path or function giving the event's time: epoch milliseconds, a Date or ISO-8601 text. */
  readonly timestamp: TimestampSelector<E>;
  /**
   * `bounded` (default): the watermark trails the largest timestamp seen by `maxOutOfOrderness`
   * (Flink's bounded-out-of-orderness strategy: `max - bound - 1`). `source`: only watermarks the
   * source supplies (`advanceWatermark`, or `watermark(ts)` items in `run`) move time.
   */
  readonly watermarks?: 'bounded' | 'source';
  readonly maxOutOfOrderness?: Duration;
  /**
   * After this much wall-clock silence (checked by `tick()`, and by `run()` on its own), event time
   * is assumed to move with the wall clock: the watermark becomes
   * `max timestamp seen + (silence − idleTimeout)`, so windows of a quiet stream still close.
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

/** Configuration of a {@link CepEngine}. */
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

/** Fills in defaults and converts durations once. */
export function resolveTime<E>(time: EngineOptions<E>['time']): ResolvedEventTime<E> | ResolvedProcessingTime {
  if (time === undefined) time = { mode: 'event', timestamp: 'timestamp' };
  if (time.mode === 'processing') return { mode: 'processing', clock: time.clock ?? systemClock };
  return {
    mode: 'event',
    timestamp: time.timestamp,
    bounded: (time.watermarks ?? 'bounded') === 'bounded',
    maxOutOfOrdernessMs: parseDuration(time.maxOutOfOrderness ?? 0),
    idleTimeoutMs: time.idleTimeout === undefined ? null : parseDuration(time.idleTimeout),
    allowedLatenessMs: parseDuration(time.allowedLateness ?? 0),
    compare: time.compare ?? null,
    clock: time.clock ?? systemClock,
  };
}
