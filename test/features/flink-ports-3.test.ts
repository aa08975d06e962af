// Flink's CEPOperatorTest scenarios that are about time rather than the operator's internals: event
// time released by watermarks (with events out of order, a comparator for ties, a checkpoint taken
// while events wait for the watermark), late events, keys forgotten once their windows close, and
// processing time. Flink drives its operator with a test harness; here the same records,
// watermarks and clock settings go through the CepEngine, and a snapshot/restore of the harness is
// a checkpoint written to bytes and read back into a new engine. Also the one case of
// NFAIterativeConditionTimeContextTest no suite had: processing time in a condition, which Cepheus
// leaves out on purpose. Expected outputs are transcribed from Flink's tests.
//
// Flink's Event(id, name, price) is keyed by its id in these tests, so the records carry it as
// `key`; each record also has a label (`id`) for the expected outputs and its timestamp (`ts`).
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/runtime/clock.js';
import { CepEngine } from '../../src/runtime/engine.js';
import type { EngineOptions } from '../../src/runtime/engine-options.js';
import type { EngineLate, EngineMatch, EngineOutput } from '../../src/runtime/outputs.js';
import type { ConditionContext } from '../../src/pattern/condition.js';
import { Pattern } from '../../src/pattern/pattern.js';
import { decodeCheckpoint, encodeCheckpointSync } from '../../src/state/checkpoint-codec.js';
import { snapshotToCheckpointSync } from '../../src/state/snapshot.js';
import { operatorTestPattern, optionalLoopPattern } from './support.js';

/** Flink's test Event (and SubEvent, when `volume` is set), keyed by `key`, stamped with `ts`. */
interface Rec {
  readonly id: string;
  readonly key: number;
  readonly name: string;
  readonly price: number;
  readonly ts: number;
  readonly volume?: number;
}

const rec = (id: string, key: number, name: string, price: number, ts: number, volume?: number): Rec =>
  volume === undefined ? { id, key, name, price, ts } : { id, key, name, price, ts, volume };

const named =
  (n: string) =>
  (e: Rec): boolean =>
    e.name === n;

/** Flink's `subtype(SubEvent.class)`. */
const isSub = (e: Rec): e is Rec & { volume: number } => e.volume !== undefined;


/** An engine keyed by `key` whose event time moves only with the watermarks given (Flink's harness). */
function eventTimeEngine(pattern: Pattern<Rec>): CepEngine<Rec> {
  return new CepEngine<Rec>(eventTimeOptions(pattern));
}

/** The options of {@link eventTimeEngine}, with Flink's event comparator if given. */
function eventTimeOptions(pattern: Pattern<Rec>, compare?: (a: Rec, b: Rec) => number): EngineOptions<Rec> {
  // Flink's harness builds its operator without timeout handling: no timeout outputs.
  return {
    patterns: [{ name: 'p', pattern, keyBy: 'key', timeouts: false }],
    time: { mode: 'event', timestamp: 'ts', watermarks: 'source', compare },
  };
}

/** Flink's harness snapshot, close and restore into a new operator: through real checkpoint bytes. */
function restartFromCheckpoint(engine: CepEngine<Rec>, options: EngineOptions<Rec>): CepEngine<Rec> {
  const bytes = encodeCheckpointSync(snapshotToCheckpointSync(engine.captureSnapshot()));
  const restarted = new CepEngine<Rec>(options);
  expect(restarted.restore(decodeCheckpoint(bytes))).toEqual([]);
  return restarted;
}

const matchesOf = (outputs: readonly EngineOutput<Rec>[]) => outputs.filter((o): o is EngineMatch<Rec> => o.kind === 'match');
const lateOf = (outputs: readonly EngineOutput<Rec>[]) => outputs.filter((o): o is EngineLate<Rec> => o.kind === 'late');

/** Flink's verifyPattern: the first start, middle and end event of a match. */
const startMiddleEndOf = (m: EngineMatch<Rec>) => `${m.events['start']![0]!.id} ${m.events['middle']![0]!.id} ${m.events['end']![0]!.id}`;

/** Flink's compareMaps: each match as the multiset of its events (sorted labels), the list sorted. */
const eventBags = (outputs: readonly EngineOutput<Rec>[]) =>
  matchesOf(outputs)
    .map((m) =>
      Object.values(m.events)
        .flat()
        .map((e) => e.id)
        .sort()
        .join(' '),
    )
    .sort();

const bag = (items: readonly string[]) => items.map((item) => item.split(' ').sort().join(' ')).sort();

describe('CEPOperatorTest: event time, watermarks and late events', () => {
  // Flink: CEPOperatorTest#testCEPOperatorCleanupEventTime
  it('events wait for the watermark, survive a checkpoint, and a key is forgotten once its windows close', () => {
    const start1 = rec('start1', 42, 'start', 1, 1);
    const start2 = rec('start2', 42, 'start', 2, 4);
    const middle1 = rec('middle1', 42, 'foo1', 1, 2, 10);
    const middle2 = rec('middle2', 42, 'foo2', 1, 5, 10);
    const middle3 = rec('middle3', 42, 'foo3', 1, 12, 10);
    const end1 = rec('end1', 42, 'end', 1, 6);
    const end2 = rec('end2', 42, 'end', 2, 13);
    const startK2 = rec('startK2', 43, 'start', 1, 1);
    const options = eventTimeOptions(operatorTestPattern<Rec>());
    let engine = new CepEngine<Rec>(options);
    const outputs: EngineOutput<Rec>[] = [];
    const push = (r: Rec) => outputs.push(...engine.push(r));
    const watermark = (ts: number) => outputs.push(...engine.advanceWatermark(ts));

    push(rec('foobar', 42, 'foobar', 1, 2));
    push(middle1);
    push(rec('barfoo', 42, 'barfoo', 1, 3, 5));
    push(start1);
    push(startK2);
    // Nothing reaches the automaton before a watermark: both keys' events are buffered.
    expect(engine.bufferedEvents).toBe(5);
    expect(engine.liveKeys).toBe(0);

    watermark(2);
    // Up to 2 is processed (start1, foobar, middle1 for 42; startK2 for 43); barfoo (3) still waits.
    expect(engine.bufferedEvents).toBe(1);
    expect(engine.liveKeys).toBe(2);

    push(start2);
    push(middle2);
    engine = restartFromCheckpoint(engine, options);

    push(end1);
    watermark(11);
    watermark(12);
    expect(matchesOf(outputs).map(startMiddleEndOf)).toEqual(['start1 middle1 end1', 'start1 middle2 end1', 'start2 middle2 end1']);
    // Key 43's window [1, 11) has closed and it holds nothing; key 42 still waits with start2 (window [4, 14)).
    expect(engine.liveKeys).toBe(1);
    expect(engine.bufferedEvents).toBe(0);

    // Timestamp 12 equals the last watermark: a late event, never matched.
    push(middle3);
    push(end2);
    watermark(20);
    watermark(21);
    expect(lateOf(outputs).map((o) => o.record.id)).toEqual(['middle3']);
    expect(matchesOf(outputs).slice(3).map(startMiddleEndOf)).toEqual(['start2 middle2 end2']);
    expect(engine.liveKeys).toBe(0);
    expect(engine.bufferedEvents).toBe(0);
  });

  // Flink: CEPOperatorTest#testCEPOperatorCleanupEventTimeWithSameElements
  it('out-of-order events, one object pushed twice, are matched in timestamp order once the watermark passes them', () => {
    const start = rec('c', 41, 'c', 1, 1);
    const a1 = rec('a1', 41, 'a', 2, 3);
    const a2 = rec('a2', 41, 'a', 3, 3);
    const a3 = rec('a3', 41, 'a', 4, 7);
    const b = rec('b', 41, 'b', 5, 6);
    const engine = eventTimeEngine(optionalLoopPattern<Rec>().within(10));
    const outputs: EngineOutput<Rec>[] = [];
    for (const r of [b, a3, start, a1, a2, a1, rec('d', 41, 'd', 6, 5)]) outputs.push(...engine.push(r));
    expect(engine.bufferedEvents).toBe(7);

    outputs.push(...engine.advanceWatermark(2));
    expect(engine.bufferedEvents).toBe(6);
    expect(engine.liveKeys).toBe(1);

    outputs.push(...engine.advanceWatermark(8));
    expect(eventBags(outputs)).toEqual(
      bag([
        'c a1',
        'c a1 a2',
        'c b a3',
        'c a1 a2 a1',
        'c a1 b a3',
        'c a1 a1 a2 a3',
        'c a1 a2 b a3',
        'c a1 a1 a2 b a3',
      ]),
    );
    // The partial matches of c (window [1, 11)) are still open.
    expect(engine.bufferedEvents).toBe(0);
    expect(engine.liveKeys).toBe(1);

    outputs.push(...engine.advanceWatermark(17));
    expect(engine.liveKeys).toBe(0);
    expect(lateOf(outputs)).toEqual([]);
  });

  // Flink: CEPOperatorTest#testCEPOperatorSideOutputLateElementsEventTime
  it('events at or before the watermark go to the late output, in arrival order', () => {
    const engine = eventTimeEngine(optionalLoopPattern<Rec>().within(10));
    const outputs: EngineOutput<Rec>[] = [];
    outputs.push(...engine.push(rec('c', 41, 'c', 1, 6)));
    outputs.push(...engine.advanceWatermark(6));
    for (const r of [rec('a1', 41, 'a', 2, 4), rec('a2', 41, 'a', 3, 5), rec('a3', 41, 'a', 4, 7)]) outputs.push(...engine.push(r));
    expect(lateOf(outputs).map((o) => [o.record.id, o.timestamp, o.watermark])).toEqual([
      ['a1', 4, 6],
      ['a2', 5, 6],
    ]);
    // a3 (7) is after the watermark: it waits for the next one.
    expect(engine.bufferedEvents).toBe(1);
  });

  // Flink: CEPOperatorTest#testCEPOperatorLateRecordsMetric
  it('counts as late only what the watermark has already passed', () => {
    const engine = eventTimeEngine(operatorTestPattern<Rec>());
    const outputs: EngineOutput<Rec>[] = [];
    outputs.push(...engine.advanceWatermark(0));
    outputs.push(...engine.push(rec('c', 41, 'c', 1, 1)));
    outputs.push(...engine.advanceWatermark(2));
    outputs.push(...engine.push(rec('a1', 41, 'a', 2, 1)));
    outputs.push(...engine.push(rec('a2', 41, 'a', 3, 3)));
    outputs.push(...engine.advanceWatermark(4));
    outputs.push(...engine.push(rec('a3', 41, 'a', 4, 3)));
    expect(lateOf(outputs).map((o) => o.record.id)).toEqual(['a1', 'a3']);
  });

  // Flink: CEPOperatorTest#testCEPOperatorSerializationWRocksDB
  it('an iterative loop over events that arrive out of order sees them in timestamp order', () => {
    const start1 = rec('start1', 40, 'start', 1, 1);
    const start2 = rec('start2', 40, 'start', 2, 4);
    const middle1 = rec('middle1', 40, 'foo1', 1, 2, 10);
    const middle2 = rec('middle2', 40, 'foo2', 2, 3, 10);
    const middle3 = rec('middle3', 40, 'foo3', 3, 5, 10);
    const middle4 = rec('middle4', 40, 'foo4', 1, 6, 10);
    const nextOne = rec('nextOne', 40, 'next-one', 1, 7);
    const end = rec('end', 40, 'end', 1, 8);
    // middle: sub-events named foo* whose prices, with the ones taken so far, stay below 5
    const pattern = Pattern.begin<Rec>('start')
      .where(named('start'))
      .followedBy('middle')
      .subtype(isSub)
      .where((e, ctx: ConditionContext<Rec>) => e.name.startsWith('foo') && ctx.eventsFor('middle').reduce((sum, m) => sum + m.price, e.price) < 5)
      .oneOrMore()
      .allowCombinations()
      .followedBy('end')
      .where(named('end'));
    const engine = eventTimeEngine(pattern);
    const outputs: EngineOutput<Rec>[] = [];
    const feed: (Rec | number)[] = [0, start1, middle1, 2, middle3, middle2, start2, 5, nextOne, end, middle4, 100];
    for (const item of feed) outputs.push(...(typeof item === 'number' ? engine.advanceWatermark(item) : engine.push(item)));
    expect(lateOf(outputs)).toEqual([]);
    expect(eventBags(outputs)).toEqual(
      bag([
        'start1 end middle1 middle2 middle4',
        'start1 end middle2 middle1',
        'start1 end middle3 middle1',
        'start2 end middle3 middle4',
        'start1 end middle4 middle1',
        'start1 end middle1',
        'start2 end middle3',
      ]),
    );
  });

  // Flink: CEPOperatorTest#testCEPOperatorComparatorEventTime
  it('a comparator orders events of one timestamp, also for events buffered across a checkpoint', () => {
    const start1 = rec('start1', 42, 'start', 1, 1);
    const start2 = rec('start2', 42, 'start', 2, 4);
    const middle1 = rec('middle1', 42, 'foo1', 1, 5, 10);
    const middle2 = rec('middle2', 42, 'foo2', 2, 5, 10);
    const end = rec('end', 42, 'end', 1, 6);
    const options = eventTimeOptions(operatorTestPattern<Rec>(), (x, y) => x.price - y.price);
    let engine = new CepEngine<Rec>(options);
    const outputs: EngineOutput<Rec>[] = [];
    outputs.push(...engine.advanceWatermark(0));
    for (const r of [start1, rec('startK2', 43, 'start', 1, 1), rec('foobar', 42, 'foobar', 1, 2), rec('barfoo', 42, 'barfoo', 1, 3, 5)]) {
      outputs.push(...engine.push(r));
    }
    expect(engine.bufferedEvents).toBe(4);
    expect(engine.liveKeys).toBe(0);
    outputs.push(...engine.advanceWatermark(3));
    expect(engine.bufferedEvents).toBe(0);
    expect(engine.liveKeys).toBe(2);

    // middle2 arrives before middle1 at the same timestamp; the comparator (by price) puts middle1 first.
    for (const r of [start2, middle2, middle1]) outputs.push(...engine.push(r));
    engine = restartFromCheckpoint(engine, options);
    outputs.push(...engine.push(end));
    outputs.push(...engine.advanceWatermark(6));
    expect(matchesOf(outputs).map(startMiddleEndOf)).toEqual([
      'start1 middle1 end',
      'start1 middle2 end',
      'start2 middle1 end',
      'start2 middle2 end',
    ]);
  });

  // Flink: CEPOperatorTest#testKeyedCEPOperatorCheckpointing
  it('a checkpoint taken with events still waiting for the watermark, and one taken with none', () => {
    const start = rec('start', 42, 'start', 1, 1);
    const middle = rec('middle', 42, 'foo', 1, 3, 10);
    const end = rec('end', 42, 'end', 1, 5);
    const options = eventTimeOptions(operatorTestPattern<Rec>());
    let engine = new CepEngine<Rec>(options);
    const outputs: EngineOutput<Rec>[] = [];
    outputs.push(...engine.push(start), ...engine.push(rec('foobar', 42, 'foobar', 1, 2)));
    engine = restartFromCheckpoint(engine, options);
    expect(engine.bufferedEvents).toBe(2);

    outputs.push(...engine.advanceWatermark(-Infinity));
    outputs.push(...engine.push(rec('barfoo', 42, 'barfoo', 1, 3, 5)));
    outputs.push(...engine.advanceWatermark(2));
    outputs.push(...engine.push(middle), ...engine.push(rec('start2', 42, 'start', 1, 4)), ...engine.push(end));
    engine = restartFromCheckpoint(engine, options);
    outputs.push(...engine.advanceWatermark(Number.MAX_SAFE_INTEGER));
    expect(outputs.filter((o) => o.kind !== 'match')).toEqual([]);
    expect(matchesOf(outputs).map(startMiddleEndOf)).toEqual(['start middle end']);
  });
});

describe('CEPOperatorTest: processing time', () => {
  const processingOptions = (pattern: Pattern<Rec>, clock: ManualClock): EngineOptions<Rec> => ({
    patterns: [{ name: 'p', pattern, keyBy: 'key', timeouts: false }],
    time: { mode: 'processing', clock },
  });

  // Flink: CEPOperatorTest#testProcessingTimestampisPassedToNFA
  it('an event is stamped with the clock when it arrives, not with a time it carries', () => {
    const clock = new ManualClock(5);
    // The record says 3; in processing time only the clock counts.
    const pattern = Pattern.begin<Rec>('begin').where((_, ctx: ConditionContext<Rec>) => ctx.timestamp === 5);
    const engine = new CepEngine<Rec>(processingOptions(pattern, clock));
    const outputs = engine.push(rec('e', 1, 'e', 1, 3));
    expect(matchesOf(outputs).map((m) => [m.events['begin']![0]!.id, m.startTimestamp, m.endTimestamp])).toEqual([['e', 5, 5]]);
  });

  // Flink: CEPOperatorTest#testCEPOperatorCleanupProcessingTime
  // Flink needs another event of the key to drop an expired partial match ("we have to have another
  // event in order to clean up"); here the clock's timers do it (README: every window has a timer).
  it('windows run on the clock; state survives a checkpoint and is dropped when the windows close', () => {
    const clock = new ManualClock(0);
    const start1 = rec('start1', 42, 'start', 1, 1);
    const start2 = rec('start2', 42, 'start', 2, 3);
    const middle1 = rec('middle1', 42, 'foo1', 1, 2, 10);
    const middle2 = rec('middle2', 42, 'foo2', 1, 4, 10);
    const middle3 = rec('middle3', 42, 'foo3', 1, 11, 10);
    const end1 = rec('end1', 42, 'end', 1, 5);
    const end2 = rec('end2', 42, 'end', 2, 12);
    const options = processingOptions(operatorTestPattern<Rec>(), clock);
    let engine = new CepEngine<Rec>(options);
    const outputs: EngineOutput<Rec>[] = [];
    for (const r of [start1, rec('startK2', 43, 'start', 1, 1), rec('foobar', 42, 'foobar', 1, 2), middle1, rec('barfoo', 42, 'barfoo', 1, 3, 5)]) {
      outputs.push(...engine.push(r));
    }
    expect(engine.bufferedEvents).toBe(0);
    expect(engine.liveKeys).toBe(2);

    clock.set(3);
    outputs.push(...engine.push(start2), ...engine.push(middle2));
    engine = restartFromCheckpoint(engine, options);
    outputs.push(...engine.push(end1));
    expect(matchesOf(outputs).map(startMiddleEndOf)).toEqual(['start1 middle1 end1', 'start1 middle2 end1', 'start2 middle2 end1']);

    // At 11 the window of start1 (arrived at 0) has closed, that of start2 (arrived at 3) has not.
    clock.set(11);
    outputs.push(...engine.push(middle3), ...engine.push(end2));
    expect(matchesOf(outputs).slice(3).map(startMiddleEndOf)).toEqual(['start2 middle2 end2', 'start2 middle3 end2']);

    clock.set(21);
    outputs.push(...engine.tick());
    expect(engine.liveKeys).toBe(0);
    outputs.push(...engine.push(start1));
    expect(engine.liveKeys).toBe(1);
    clock.set(49);
    outputs.push(...engine.tick());
    expect(engine.liveKeys).toBe(0);
    expect(matchesOf(outputs)).toHaveLength(5);
  });
});

describe('NFAIterativeConditionTimeContextTest: what a condition sees of time', () => {
  // Flink: NFAIterativeConditionTimeContextTest#testCurrentProcessingTime
  // Cepheus differs on purpose (README, "Conditions see no processing time"): the context has the
  // event's timestamp and the events taken so far, no currentProcessingTime(); a rule on arrival time
  // is written in processing-time mode, where the event's timestamp is the clock's time on arrival.
  it('offers no processing time; in processing-time mode the timestamp is the arrival time', () => {
    const clock = new ManualClock(1);
    const pattern = Pattern.begin<Rec>('start').where((_, ctx: ConditionContext<Rec>) => !('currentProcessingTime' in ctx) && ctx.timestamp === 3);
    const engine = new CepEngine<Rec>({
      patterns: [{ name: 'p', pattern, keyBy: 'key' }],
      time: { mode: 'processing', clock },
    });
    const outputs = engine.push(rec('event1', 1, 'e', 1, 7));
    clock.set(3);
    outputs.push(...engine.push(rec('event2', 1, 'e', 1, 8)));
    expect(matchesOf(outputs).map((m) => m.events['start']![0]!.id)).toEqual(['event2']);
  });
});
