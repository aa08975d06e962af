// Flink scenarios that the other feature suites did not port yet: SameElementITCase (events that
// are equal, or the very same object pushed twice, at one timestamp), the NFAITCase buffer-clearing
// cases that have a counterpart here, NFATest's hand-built automaton, and the CEPITCase end-to-end
// scenarios that are pure pattern semantics. Expected outputs are transcribed from Flink's tests.
//
// Flink compares matches as multisets of *equal* events (Event.equals looks at id, name and price).
// Where Flink's test uses distinct but equal events and its expected list can only be read through
// that equality, the equal events get the same label here, so the comparison is the same as Flink's.
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/runtime/clock.js';
import { CepEngine } from '../../src/runtime/engine.js';
import type { EngineMatch, EngineOutput } from '../../src/runtime/outputs.js';
import { Pattern } from '../../src/pattern/pattern.js';
import { AfterMatchSkipStrategy } from '../../src/pattern/skip-strategy.js';
import { ev, expectMatches, expectShapes, inOrder, isSub, named, optionalLoopPattern, run, startMiddleEnd, sub, type Ev, type Input } from './support.js';

describe('SameElementITCase: equal events and repeated objects', () => {
  const c = ev('c', 'c', 1);
  const b = ev('b', 'b', 5);

  // Flink: SameElementITCase#testClearingBuffer
  it('a -> b -> c -> d over events sharing a timestamp leaves no partial match behind', () => {
    const pattern = Pattern.begin<Ev>('a')
      .where(named('a'))
      .followedBy('b')
      .where(named('b'))
      .followedBy('c')
      .where(named('c'))
      .followedBy('d')
      .where(named('d'));
    const input: Input[] = [[ev('a1', 'a', 1), 1], [ev('b1', 'b', 2), 2], [ev('c1', 'c', 2), 2], [ev('d', 'd', 2), 2]];
    const recorder = run(pattern, input);
    expectMatches(recorder, ['a1 b1 c1 d']);
    // Flink keeps one computation state, the start state; ours is implicit, so none is left.
    expect(recorder.partialMatchCount).toBe(0);
  });

  // Flink: SameElementITCase#testZeroOrMoreSameElement (equal events, here with distinct ids)
  it('followedByAny + zero-or-more with combinations: every subset of the a events', () => {
    // a1/a1x are Flink's equal middleEvent1/middleEvent1a, a3/a3x its middleEvent3/middleEvent3a.
    const a1 = ev('a1', 'a', 2);
    const a1x = ev('a1x', 'a', 2);
    const a2 = ev('a2', 'a', 3);
    const a3 = ev('a3', 'a', 4);
    const a3x = ev('a3x', 'a', 4);
    const input: Input[] = [[c, 1], [a1, 3], [a1x, 3], [a2, 4], [ev('d', 'd', 6), 5], [a3, 6], [a3x, 6], [b, 7]];
    const pattern = Pattern.begin<Ev>('start')
      .where(named('c'))
      .followedByAny('middle')
      .where(named('a'))
      .oneOrMore()
      .optional()
      .allowCombinations()
      .followedByAny('end1')
      .where(named('b'));
    expectMatches(run(pattern, input), [
      'c a1 a1x a2 a3 a3x b',
      'c a1 a1x a2 a3 b',
      'c a1 a1x a2 a3x b',
      'c a1 a1x a3 a3x b',
      'c a1 a2 a3 a3x b',
      'c a1x a2 a3 a3x b',
      'c a1 a1x a2 b',
      'c a1 a1x a3 b',
      'c a1 a1x a3x b',
      'c a1 a2 a3 b',
      'c a1 a2 a3x b',
      'c a1 a3 a3x b',
      'c a2 a3 a3x b',
      'c a1x a2 a3 b',
      'c a1x a2 a3x b',
      'c a1x a3 a3x b',
      'c a1 a1x b',
      'c a1 a2 b',
      'c a1 a3 b',
      'c a1 a3x b',
      'c a1x a2 b',
      'c a1x a3 b',
      'c a1x a3x b',
      'c a2 a3 b',
      'c a2 a3x b',
      'c a3 a3x b',
      'c a1 b',
      'c a1x b',
      'c a2 b',
      'c a3 b',
      'c a3x b',
      'c b',
    ]);
  });

  // Flink: SameElementITCase#testSimplePatternWSameElement
  it('the same event object pushed twice is taken once per push', () => {
    const a = ev('a', 'a', 2);
    const pattern = Pattern.begin<Ev>('start')
      .where(named('c'))
      .followedByAny('middle')
      .where(named('a'))
      .followedBy('end1')
      .where(named('b'));
    expectMatches(run(pattern, [[c, 1], [a, 3], [a, 3], [b, 7]]), ['c a b', 'c a b']);
  });

  // Flink: SameElementITCase#testIterativeConditionWSameElement
  it('an iterative end condition over three equal events (equal events share a label)', () => {
    // Three distinct but equal a events; the end step has no name check, only sum(middle) == 4.
    const input: Input[] = [[c, 1], [ev('a', 'a', 2), 3], [ev('a', 'a', 2), 3], [ev('a', 'a', 2), 3], [ev('end', 'b', 5), 7]];
    const pattern = Pattern.begin<Ev>('start')
      .where(named('c'))
      .followedByAny('middle')
      .where(named('a'))
      .oneOrMore()
      .optional()
      .allowCombinations()
      .followedBy('end')
      .where((_, ctx) => ctx.getEventsForPattern('middle').reduce((sum, e) => sum + e.price, 0) === 4);
    expectMatches(run(pattern, input), ['c a a end', 'c a a a', 'c a a end']);
  });

  // Flink: SameElementITCase#testEndWLoopingWSameElement (equal events, here with distinct ids)
  it('a pattern ending in followedByAny zero-or-more over three equal events', () => {
    const input: Input[] = [[c, 1], [ev('a1', 'a', 2), 3], [ev('a1x', 'a', 2), 3], [ev('a1y', 'a', 2), 3], [ev('end', 'b', 5), 7]];
    const pattern = Pattern.begin<Ev>('start').where(named('c')).followedByAny('middle').where(named('a')).oneOrMore().optional();
    expectMatches(run(pattern, input), ['c', 'c a1', 'c a1x', 'c a1y', 'c a1 a1x', 'c a1x a1y', 'c a1 a1x a1y']);
  });

  // Flink: SameElementITCase#testRepeatingPatternWSameElement
  it('the same a object pushed twice feeds a loop, an optional step and the end step', () => {
    const a1 = ev('a1', 'a', 2);
    const a2 = ev('a2', 'a', 3);
    const a3 = ev('a3', 'a', 4);
    const bb = ev('b', 'b', 5);
    const input: Input[] = [[c, 1], [a1, 3], [a1, 3], [a2, 3], [ev('d', 'd', 6), 5], [bb, 6], [a3, 7]];
    const pattern = optionalLoopPattern<Ev>();
    expectMatches(run(pattern, input), [
      'c a1',
      'c a1 a1',
      'c b a3',
      'c a1 a1 a2',
      'c a1 b a3',
      'c a1 a1 a2 a3',
      'c a1 a1 b a3',
      'c a1 a1 a2 b a3',
    ]);
  });
});

describe('NFAITCase: buffer clearing', () => {
  // Flink: NFAITCase#testLoopClearingWithinFirstAndLast
  // Flink counts one event left in its shared buffer: a1's window [1, 4) has ended, a2's has not.
  // Here the analogue is the one partial match left, holding only a2.
  it('a{4} within 3: after time 4 only the partial match started by a2 is kept', () => {
    const pattern = Pattern.begin<Ev>('start', AfterMatchSkipStrategy.skipPastLastEvent()).times(4).where(named('a')).within(3);
    const a2 = ev('a2', 'a', 1);
    const recorder = run(pattern, [[ev('a1', 'a', 1), 1], [a2, 2]], { endTime: 4 });
    expect(recorder.partialMatchCount).toBe(1);
    const kept = recorder.matcher.state.runs.map((r) => {
      const events: string[] = [];
      for (let node = r.last; node !== null; node = node.previous) events.unshift(node.event.id);
      return events.join(' ');
    });
    expect(kept).toEqual(['a2']);
  });
});

describe('NFATest', () => {
  // Flink: NFATest#testSimpleNFA
  // Flink builds the automaton by hand: take "start", then ignore anything until "end" is taken,
  // which is followedByAny.
  it('a hand-built start ... end automaton', () => {
    const input: Input[] = [
      [ev('s1', 'start', 1), 1], [ev('bar', 'bar', 2), 2], [ev('s3', 'start', 3), 3], [ev('e4', 'end', 4), 4],
    ];
    const pattern = Pattern.begin<Ev>('start').where(named('start')).followedByAny('end').where(named('end'));
    expectShapes(run(pattern, input), ['start=s1 end=e4', 'start=s3 end=e4']);
  });
});

/** CEPITCase's most used pattern: an event named start, then any middle, then any end. */
describe('CEPITCase: end-to-end scenarios that are pattern semantics', () => {
  // Flink: CEPITCase#testSimplePatternCEP
  it('start, any middle sub-event named middle, any end', () => {
    const input = inOrder(
      ev('e1', 'barfoo', 1),
      ev('e2', 'start', 2),
      ev('e3', 'foobar', 3),
      sub('e4', 'foo', 4, 1),
      ev('e5', 'middle', 5),
      sub('e6', 'middle', 6, 2),
      sub('e7', 'bar', 3, 3),
      ev('e42', '42', 42),
      ev('e8', 'end', 1),
    );
    const pattern = Pattern.begin<Ev>('start')
      .where(named('start'))
      .followedByAny('middle')
      .subtype(isSub)
      .where(named('middle'))
      .followedByAny('end')
      .where(named('end'));
    expectShapes(run(pattern, input), ['start=e2 middle=e6 end=e8']);
  });

  // Flink: CEPITCase#testSimplePatternEventTime
  // Flink's operator sorts the events by timestamp under the watermark; they are fed sorted here.
  it('start, any middle, any end over events fed in timestamp order', () => {
    const input: Input[] = [
      [ev('e2', 'middle', 2), 1],
      [ev('e3', 'end', 3), 3],
      [ev('e1', 'start', 1), 5],
      [ev('e5', 'middle', 5), 7],
      [ev('e4', 'end', 4), 10],
      [ev('e5late', 'middle', 5), 100],
    ];
    expectShapes(run(startMiddleEnd<Ev>(), input), ['start=e1 middle=e5 end=e4']);
  });

  // Flink: CEPITCase#testSimplePatternWithSingleState
  it('a single-step pattern', () => {
    // Flink's input is the tuples (0, 1) and (0, 2), matched on the second field (here the price).
    const pattern = Pattern.begin<Ev>('start').where((e) => e.price === 1);
    expectMatches(run(pattern, inOrder(ev('t1', 't', 1), ev('t2', 't', 2))), ['t1']);
  });

  // Flink: CEPITCase#testTimeoutHandling (since Flink 1.16 #testTimeoutHandlingWithinFirstAndLast,
  // the same test renamed beside its PREVIOUS_AND_CURRENT twin)
  // Fed in timestamp order, as Flink's event-time operator processes them; the final watermark
  // resolves the windows still open.
  it('start, any middle, any end within 3: one match and three timed-out partial matches', () => {
    const input: Input[] = [
      [ev('s1', 'start', 1), 1],
      [ev('s2', 'start', 2), 4],
      [ev('m', 'middle', 2), 5],
      [ev('e', 'end', 2), 6],
    ];
    const pattern = startMiddleEnd<Ev>().within(3);
    const recorder = run(pattern, input, { endTime: Infinity });
    // Flink reports a match as "start price,middle price,end price" and a timeout as its start price.
    expectMatches(recorder, ['s2 m e']);
    expect(recorder.timeoutOutputs().map((t) => t.events['start']![0]!.price).sort()).toEqual([1, 2, 2]);
  });

  // Flink: CEPITCase#testSimpleOrFilterPatternCEP
  it('or() widens a step: the middle is the event priced 2 or the one priced 5', () => {
    const input = inOrder(
      ev('e1', 'start', 1),
      ev('e2', 'middle', 2),
      ev('e3', 'end', 3),
      ev('e4', 'start', 4),
      ev('e5', 'middle', 5),
      ev('e6', 'end', 6),
    );
    const pattern = Pattern.begin<Ev>('start')
      .where(named('start'))
      .followedByAny('middle')
      .where((e) => e.price === 2)
      .or((e) => e.price === 5)
      .followedByAny('end')
      .where(named('end'));
    expectShapes(run(pattern, input), [
      'start=e1 middle=e5 end=e6',
      'start=e1 middle=e2 end=e3',
      'start=e4 middle=e5 end=e6',
      'start=e1 middle=e2 end=e6',
    ]);
  });

  // Flink: CEPITCase#testSimpleAfterMatchSkip
  it('a{2} with skipPastLastEvent over four a events: matches start at the first and third', () => {
    const pattern = Pattern.begin<Ev>('start', AfterMatchSkipStrategy.skipPastLastEvent()).where(named('a')).times(2);
    const recorder = run(pattern, inOrder(ev('a1', 'a'), ev('a2', 'a'), ev('a3', 'a'), ev('a4', 'a')));
    // Flink selects the first event of each match.
    expect(recorder.matchOutputs().map((m) => m.events['start']![0]!.id).sort()).toEqual(['a1', 'a3']);
  });
});

// CEPITCase runs whole Flink jobs: keyed streams, event time with watermarks, processing time. Those
// scenarios go through the keyed runtime here. Flink's Event id is also its key in these tests, so
// the events carry it as `key`; the punctuated watermark (timestamp - 5 after each record) is given
// as source watermarks, and the end of input flushes, as Flink's final watermark does.
describe('CEPITCase: keyed, event-time and processing-time scenarios through the runtime', () => {
  interface KEv extends Ev {
    readonly key: number;
    readonly ts: number;
  }
  interface KSubEv extends KEv {
    readonly volume: number;
  }
  const kev = (key: number, name: string, price: number, ts = 0): KEv => ({ id: `${key}:${name}:${price}`, name, price, key, ts });
  const ksub = (key: number, name: string, price: number, volume: number): KSubEv => ({ ...kev(key, name, price), volume });
  const isKSub = (e: KEv): e is KSubEv => 'volume' in e;

  /** Flink's select: "start.id,middle.id,end.id", here with the key standing for the id. */
  const keysOf = (m: EngineMatch<KEv>) => `${m.events['start']![0]!.key},${m.events['middle']![0]!.key},${m.events['end']![0]!.key}`;
  const matchesOf = (outputs: EngineOutput<KEv>[]) => outputs.filter((o): o is EngineMatch<KEv> => o.kind === 'match');

  /** Pushes each record, then the punctuated watermark `ts - 5`; flushes at the end. */
  function feedWithWatermarks(engine: CepEngine<KEv>, records: readonly KEv[]): EngineOutput<KEv>[] {
    const out: EngineOutput<KEv>[] = [];
    for (const record of records) out.push(...engine.push(record), ...engine.advanceWatermark(record.ts - 5));
    return [...out, ...engine.flush()];
  }

  // Flink: CEPITCase#testSimpleKeyedPatternCEP
  it('keyed by id: each key matches start, a middle sub-event and end of its own', () => {
    const pattern = Pattern.begin<KEv>('start')
      .where(named('start'))
      .followedByAny('middle')
      .subtype(isKSub)
      .where(named('middle'))
      .followedByAny('end')
      .where(named('end'));
    const engine = new CepEngine<KEv>({
      patterns: [{ name: 'p', pattern, keyBy: (e) => e.key }],
      time: { mode: 'processing', clock: new ManualClock(1) },
    });
    const records: KEv[] = [
      kev(1, 'barfoo', 1), kev(2, 'start', 2), kev(3, 'start', 2.1), kev(3, 'foobar', 3), ksub(4, 'foo', 4, 1),
      ksub(3, 'middle', 3.2, 1), kev(42, 'start', 3.1), ksub(42, 'middle', 3.3, 1.2), kev(5, 'middle', 5),
      ksub(2, 'middle', 6, 2), ksub(7, 'bar', 3, 3), kev(42, '42', 42), kev(3, 'end', 2), kev(2, 'end', 1), kev(42, 'end', 42),
    ];
    const outputs = [...records.flatMap((r) => engine.push(r)), ...engine.flush()];
    expect(matchesOf(outputs).map(keysOf).sort()).toEqual(['2,2,2', '3,3,3', '42,42,42']);
  });

  // Flink: CEPITCase#testSimpleKeyedPatternEventTime
  it('keyed by id in event time: events are matched in timestamp order per key', () => {
    const engine = new CepEngine<KEv>({
      patterns: [{ name: 'p', pattern: startMiddleEnd<KEv>(), keyBy: (e) => e.key }],
      time: { mode: 'event', timestamp: 'ts', watermarks: 'source' },
    });
    const records: KEv[] = [
      kev(1, 'start', 1, 5), kev(1, 'middle', 2, 1), kev(2, 'middle', 2, 4), kev(2, 'start', 2, 3), kev(1, 'end', 3, 3),
      kev(3, 'start', 4.1, 5), kev(1, 'end', 4, 10), kev(2, 'end', 2, 8), kev(1, 'middle', 5, 7), kev(3, 'middle', 6, 9),
      kev(3, 'end', 7, 7),
    ];
    const outputs = feedWithWatermarks(engine, records);
    expect(outputs.filter((o) => o.kind === 'late')).toEqual([]);
    expect(matchesOf(outputs).map(keysOf).sort()).toEqual(['1,1,1', '2,2,2']);
  });

  // Flink: CEPITCase#testSimplePatternEventTimeWithComparator
  it('event time with a comparator ordering events of equal timestamp by price', () => {
    const engine = new CepEngine<KEv>({
      patterns: [{ name: 'p', pattern: startMiddleEnd<KEv>(), keyBy: () => 0 }],
      time: { mode: 'event', timestamp: 'ts', watermarks: 'source', compare: (a, b) => a.price - b.price },
    });
    const records: KEv[] = [
      kev(1, 'start', 1, 5), kev(2, 'middle', 2, 1), kev(3, 'end', 3, 3), kev(4, 'end', 4, 10), kev(5, 'middle', 6, 7),
      kev(6, 'middle', 5, 7), kev(7, 'middle', 5, 100),
    ];
    const outputs = feedWithWatermarks(engine, records);
    // Flink's select prints the Event ids, which here are the `key` fields (the stream has one key).
    expect(matchesOf(outputs).map(keysOf).sort()).toEqual(['1,5,4', '1,6,4']);
  });

  // Flink: CEPITCase#testProcessingTimeWithWindow (since Flink 1.16 #testProcessingTimeWithinBetweenFirstAndLast,
  // the same test renamed beside its PREVIOUS_AND_CURRENT twin)
  it('processing time: start followedByAny end within a day over the values 1 and 2', () => {
    const pattern = Pattern.begin<KEv>('start').followedByAny('end').within('1d');
    const engine = new CepEngine<KEv>({
      patterns: [{ name: 'p', pattern, keyBy: () => 0 }],
      time: { mode: 'processing', clock: new ManualClock(1) },
    });
    const outputs = [...engine.push(kev(0, 'v', 1)), ...engine.push(kev(0, 'v', 2)), ...engine.flush()];
    // Flink selects start + end of each match.
    expect(matchesOf(outputs).map((m) => m.events['start']![0]!.price + m.events['end']![0]!.price)).toEqual([3]);
  });
});
