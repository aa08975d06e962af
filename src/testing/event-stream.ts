// Random event streams from a field spec: a value generator per field, timestamps with
// controllable gaps, out-of-order arrival within a bound, and several keys.
import fc from 'fast-check';
import type { Key } from '../runtime/record-fields.js';
import { withTableLayout } from './event-table.js';

/** A value generator per field: `{ text: fc.string(), amount: fc.integer({ min: 0, max: 9 }) }`. */
export type FieldArbitraries<F> = { readonly [P in keyof F]: fc.Arbitrary<F[P]> };

/** How timestamps advance along a stream. */
export interface TimelineOptions {
  /** Timestamp of the first event in event time (default 0). */
  readonly start?: number;
  /**
   * Milliseconds between consecutive timestamps, as a range or any arbitrary of non-negative
   * numbers (default 0–1000). A gap of 0 gives ties; make the range reach past your pattern's
   * window so that windows both hold and expire.
   */
  readonly gap?: { readonly min: number; readonly max: number } | fc.Arbitrary<number>;
  /**
   * Out-of-order arrival (default 0: arrival in timestamp order). Each event may arrive after
   * events up to `jitter` ms later than it, never more: every event's timestamp is at least the
   * largest timestamp that arrived before it minus `jitter`. An engine with
   * `maxOutOfOrderness: jitter` therefore reports no event as late and must give the outputs of
   * the sorted stream.
   */
  readonly jitter?: number;
}

/** Where a stream writes its timestamps, and how they advance. */
export interface StreamTime<TF extends string> extends TimelineOptions {
  /** Field the timestamp (epoch milliseconds) is written to (default `timestamp`, the engine's default). */
  readonly field?: TF;
}

/** Several keys: each event gets one of `values` in `field`. */
export interface StreamKeys<KF extends string, K extends Key> {
  readonly field: KF;
  readonly values: readonly K[];
}

/** What {@link eventStream} generates. */
export interface EventStreamSpec<F, TF extends string, KF extends string, K extends Key> {
  /** A value generator per field. */
  readonly fields: FieldArbitraries<F>;
  readonly time?: StreamTime<TF>;
  readonly keys?: StreamKeys<KF, K>;
  /** Fewest events (default 0). */
  readonly minLength?: number;
  /** Most events (default 20). Keep it small where a brute-force oracle checks the result. */
  readonly maxLength?: number;
}

/** An event of a generated stream: the fields, the timestamp field and the key field. */
export type StreamEvent<F, TF extends string, KF extends string, K extends Key> = {
  -readonly [P in keyof F | TF | KF]: P extends TF ? number : P extends KF ? K : P extends keyof F ? F[P] : never;
};

/**
 * Random event streams in arrival order. Shrinks towards fewer events, smaller gaps, no
 * disorder, the first key and each field's smallest value; a failing stream prints as a table
 * (see `formatEventTable`).
 *
 * @example
 * const comments = eventStream({
 *   fields: { text: fc.constantFrom('hello', 'see http://x.example') },
 *   keys: { field: 'userId', values: ['alice', 'bob'] },
 *   time: { field: 'ts', gap: { min: 0, max: 30_000 }, jitter: 5_000 },
 * });
 * // fc.Arbitrary<{ text: string; ts: number; userId: string }[]>
 */
export function eventStream<F extends object, TF extends string = 'timestamp', KF extends string = never, K extends Key = never>(
  spec: EventStreamSpec<F, TF, KF, K>,
): fc.Arbitrary<StreamEvent<F, TF, KF, K>[]> {
  const timeField: string = spec.time?.field ?? 'timestamp';
  const keys = spec.keys;
  if (keys !== undefined && keys.values.length === 0) throw new RangeError(`eventStream: keys.values for '${keys.field}' is empty; give at least one key`);
  const fieldNames = Object.keys(spec.fields);
  const item = fc.record({
    placed: placement(spec.time ?? {}),
    key: keys === undefined ? fc.constant(undefined) : fc.constantFrom(...keys.values),
    fields: fc.record(spec.fields as { [P in keyof F]: fc.Arbitrary<F[P]> }),
  });
  return fc.array(item, { minLength: spec.minLength ?? 0, maxLength: spec.maxLength ?? 20, size: 'max' }).map((items) => {
    const records = arrange(
      items.map(({ placed, key, fields }) => {
        // Time and key first (they read best first), and they win over a field of the same name.
        const record: Record<string, unknown> = { [timeField]: 0, ...(keys === undefined ? {} : { [keys.field]: key }), ...fields };
        if (keys !== undefined) record[keys.field] = key;
        return { placed, record };
      }),
      spec.time?.start ?? 0,
      (record, timestamp) => {
        record[timeField] = timestamp;
      },
    ) as StreamEvent<F, TF, KF, K>[];
    return withTableLayout(records, { timestamp: timeField, ...(keys === undefined ? {} : { key: keys.field }), fields: fieldNames.filter((f) => f !== timeField && f !== keys?.field) });
  });
}

/** Where an event lands: its gap after the previous timestamp and how late it arrives. */
export interface Placement {
  readonly gap: number;
  readonly lag: number;
}

/** The arbitrary of one event's placement in time. */
export function placement(options: TimelineOptions): fc.Arbitrary<Placement> {
  const gap = options.gap ?? { min: 0, max: 1000 };
  const jitter = options.jitter ?? 0;
  if (!(jitter >= 0)) throw new RangeError(`jitter must be a non-negative number of milliseconds, not ${jitter}`);
  const gapArb = isArbitrary(gap) ? gap : fc.integer({ min: gap.min, max: gap.max });
  return fc.record({ gap: gapArb, lag: jitter > 0 ? fc.integer({ min: 0, max: Math.floor(jitter) }) : fc.constant(0) });
}

/**
 * Stamps items along the timeline (the first at `start`, each next one `gap` later) and puts them
 * in arrival order: an item arrives at its timestamp plus its lag, ties in generation order. An
 * item arriving after another is at most `lag ≤ jitter` ms older than it.
 */
export function arrange<R>(items: readonly { readonly placed: Placement; readonly record: R }[], start: number, stamp: (record: R, timestamp: number) => void): R[] {
  let timestamp = start;
  return items
    .map(({ placed, record }, index) => {
      if (index > 0) timestamp += placed.gap;
      stamp(record, timestamp);
      return { record, arrival: timestamp + placed.lag, index };
    })
    .sort((a, b) => a.arrival - b.arrival || a.index - b.index)
    .map(({ record }) => record);
}

/** Duck-typed, so that arbitraries from another copy of fast-check are recognised too. */
export function isArbitrary(value: unknown): value is fc.Arbitrary<unknown> {
  return value !== null && typeof value === 'object' && typeof (value as { generate?: unknown }).generate === 'function' && typeof (value as { shrink?: unknown }).shrink === 'function';
}
