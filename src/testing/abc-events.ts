// Streams of AbcEvent, the events random pattern recipes are written against.
import fc from 'fast-check';
import type { TimedEvent } from '../nfa/matcher.js';
import { withTableLayout } from './event-table.js';
import { arrange, placement, type TimelineOptions } from './event-stream.js';
import type { AbcEvent } from './pattern-recipe.js';

/** Options of {@link abcEvents}. */
export interface AbcStreamOptions {
  /** Most events (default 12: the reference matcher is exponential in the stream length). */
  readonly maxLength?: number;
  /** Largest gap between timestamps in ms (default 3; recipe windows are 1–8 ms). */
  readonly maxGap?: number;
}

const type = fc.constantFrom('a' as const, 'b' as const, 'c' as const);
const value = fc.integer({ min: 0, max: 9 });

/**
 * One stream of {@link AbcEvent}s with non-decreasing timestamps from 0, as `{ event, timestamp }`
 * items for `runMatcher` and `referenceMatches`; ids `e0`, `e1`, … in stream order.
 */
export function abcEvents(options: AbcStreamOptions = {}): fc.Arbitrary<TimedEvent<AbcEvent>[]> {
  return fc
    .array(fc.record({ type, v: value, gap: fc.integer({ min: 0, max: options.maxGap ?? 3 }) }), { maxLength: options.maxLength ?? 12 })
    .map((raw) => {
      let timestamp = 0;
      return raw.map(({ type: t, v, gap }, i) => {
        timestamp += i === 0 ? 0 : gap;
        return { event: { id: `e${i}`, type: t, v }, timestamp };
      });
    });
}

/** An {@link AbcEvent} record for the keyed engine: with its key and timestamp `ts`. */
export interface KeyedAbcEvent extends AbcEvent {
  readonly key: string;
  readonly ts: number;
}

/** Options of {@link keyedAbcEvents}. */
export interface KeyedAbcStreamOptions extends TimelineOptions {
  /** Keys to draw from (default `k1`, `k2`, `k3`). */
  readonly keys?: readonly string[];
  /** Most events (default 24). */
  readonly maxLength?: number;
}

/**
 * Records `{ id, key, ts, type, v }` in arrival order for engine suites (keyBy `key`, timestamp
 * `ts`): gaps of 0–2 ms by default, out of order within `jitter`; ids `e0`, `e1`, … in timestamp order.
 */
export function keyedAbcEvents(options: KeyedAbcStreamOptions = {}): fc.Arbitrary<KeyedAbcEvent[]> {
  const keys = options.keys ?? ['k1', 'k2', 'k3'];
  const item = fc.record({ placed: placement({ gap: { min: 0, max: 2 }, ...options }), key: fc.constantFrom(...keys), type, v: value });
  return fc.array(item, { maxLength: options.maxLength ?? 24 }).map((items) => {
    const records = arrange(
      items.map(({ placed, key, type: t, v }, i) => ({ placed, record: { id: `e${i}`, key, ts: 0, type: t, v } })),
      options.start ?? 0,
      (record, ts) => {
        record.ts = ts;
      },
    );
    return withTableLayout(records as KeyedAbcEvent[], { timestamp: 'ts', key: 'key', fields: ['id', 'type', 'v'] });
  });
}
