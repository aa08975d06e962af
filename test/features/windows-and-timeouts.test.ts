// within(): a match must fit in [first event time, first event time + within). Partial matches
// still alive when time reaches the end of their window time out, with the events they had and
// timeoutTimestamp = start + within. Scenarios from Flink's NFAITCase, NFATest and CEPOperatorTest.
import { describe, expect, it } from 'vitest';
import { Pattern } from '../../src/pattern/pattern.js';
import { Recorder, ev, expectMatches, expectShapes, named, operatorTestPattern, run, sub, type Ev, type Input } from './support.js';

describe('the window is [start, start + within)', () => {
  const startEnd = (within: number) =>
    Pattern.begin<Ev>('start').where(named('start')).followedByAny('end').where(named('end')).within(within);

  // Flink: NFATest#testTimeoutWindowPruning
  it('a start too old for the end event does not match', () => {
    const input: Input[] = [
      [ev('s1', 'start', 1), 1], [ev('bar', 'bar', 2), 2], [ev('s3', 'start', 3), 3], [ev('e4', 'end', 4), 4],
    ];
    expectShapes(run(startEnd(2), input), ['start=s3 end=e4']);
  });

  // Flink: NFATest#testWindowBorders
  it('an event exactly `within` after the start is outside the window', () => {
    expectMatches(run(startEnd(2), [[ev('s1', 'start', 1), 1], [ev('e2', 'end', 2), 3]]), []);
  });

  // Flink: NFATest#testTimeoutWindowPruningWindowBorders
  it('an event one millisecond before the window ends is inside it', () => {
    const input: Input[] = [
      [ev('s1', 'start', 1), 1], [ev('s2', 'start', 2), 2], [ev('foobar', 'foobar', 3), 3], [ev('e4', 'end', 4), 3],
    ];
    expectShapes(run(startEnd(2), input), ['start=s2 end=e4']);
  });

  // Flink: NFAITCase#testSimplePatternWithTimeWindowNFAWithinFirstAndLast
  it('the window runs from the first event to the last, whatever lies between', () => {
    const s2 = ev('s2', 'start', 1);
    const middle = ev('middle', 'middle', 1);
    const end = ev('end', 'end', 1);
    const pattern = Pattern.begin<Ev>('start')
      .where(named('start'))
      .followedBy('middle')
      .where(named('middle'))
      .followedBy('end')
      .where(named('end'))
      .within(10);
    const input: Input[] = [
      [ev('s1', 'start', 1), 1], [s2, 2], [middle, 3], [ev('foobar', 'foobar', 1), 4], [end, 11], [ev('end2', 'end', 1), 13],
    ];
    expectShapes(run(pattern, input), ['start=s2 middle=middle end=end']);
  });
});

describe('timeouts', () => {
  const pattern = () =>
    Pattern.begin<Ev>('start')
      .where(named('start'))
      .followedByAny('middle')
      .where(named('middle'))
      .followedByAny('end')
      .where(named('end'))
      .within(10);
  const input = (): Input[] => [
    [ev('s1', 'start', 1), 1], [ev('s2', 'start', 1), 2], [ev('m3', 'middle', 1), 3],
    [ev('foobar', 'foobar', 1), 4], [ev('e5', 'end', 1), 11], [ev('e6', 'end', 1), 13],
  ];

  // Flink: NFAITCase#testSimplePatternWithTimeoutHandlingWithinFirstAndLast
  it('reports every partial match still alive at the end of its window, with its events', () => {
    const recorder = run(pattern(), input());
    expectShapes(recorder, ['start=s2 middle=m3 end=e5']);
    expect(recorder.timeouts()).toEqual(
      ['start=s1 middle=m3 @11', 'start=s2 middle=m3 @12', 'start=s1 @11', 'start=s2 @12'].sort(),
    );
    for (const timeout of recorder.timeoutOutputs()) {
      expect(timeout.timeoutTimestamp).toBe(timeout.startTimestamp + 10);
    }
  });

  // Flink: NFAITCase#testSimplePatternWithTimeoutHandlingWithinFirstAndLast, compiled without
  // timeout handling (Flink's `compile(pattern, false)`): the same matches, no timeouts
  it('reports no timeouts when they are switched off', () => {
    const recorder = run(pattern(), input(), { timeouts: false });
    expectShapes(recorder, ['start=s2 middle=m3 end=e5']);
    expect(recorder.timeoutOutputs()).toEqual([]);
  });

  // Flink: NFAITCase#testSimplePatternWithTimeoutHandlingWithinFirstAndLast: the timeouts of s1
  // come out when the event at 11 arrives, before it is consumed, and those of s2 at 13
  it('reports timeouts when time passes the window, before the event that advanced time', () => {
    const recorder = new Recorder(pattern());
    const [s1, s2, m3, foobar, e5, e6] = input();
    for (const [event, t] of [s1!, s2!, m3!, foobar!]) expect(recorder.push(event, t)).toEqual([]);
    const at11 = recorder.push(e5![0], 11);
    expect(at11.map((o) => o.kind)).toEqual(['timeout', 'timeout', 'match']);
    const at13 = recorder.push(e6![0], 13);
    expect(at13.map((o) => o.kind)).toEqual(['timeout', 'timeout']);
  });

  // Flink: CEPOperatorTest#testKeyedAdvancingTimeWithoutElements
  it('times out when time advances without any event', () => {
    const operatorPattern = operatorTestPattern<Ev>();
    const recorder = new Recorder(operatorPattern);
    recorder.push(ev('start', 'start', 1), 3);
    expect(recorder.advanceTime(5)).toEqual([]);
    const emitted = recorder.advanceTime(13);
    expect(emitted).toHaveLength(1);
    expect(recorder.timeouts()).toEqual(['start=start @13']);
    expect(emitted[0]).toMatchObject({ kind: 'timeout', startTimestamp: 3, timeoutTimestamp: 13 });
    // a sub-event after the window no longer extends the timed-out partial match
    recorder.push(sub('late', 'foo', 1, 10), 14);
    expect(recorder.matchOutputs()).toEqual([]);
  });

  // Flink: NFATest#testWindowBorders, as a timeout: the partial match is alive at start + within - 1
  it('times out exactly at start + within', () => {
    const recorder = new Recorder(Pattern.begin<Ev>('start').where(named('start')).followedBy('end').where(named('end')).within(2));
    recorder.push(ev('s1', 'start'), 1);
    expect(recorder.advanceTime(2)).toEqual([]);
    expect(recorder.advanceTime(3)).toMatchObject([{ kind: 'timeout', startTimestamp: 1, timeoutTimestamp: 3 }]);
  });

  // Flink: NFAITCase#testStrictContinuityNoResults with a window: a partial match killed by
  // contiguity is discarded, not reported as timed out
  it('does not report partial matches that contiguity already discarded', () => {
    const pattern = Pattern.begin<Ev>('middle').where(named('a')).next('end').where(named('b')).within(10);
    const recorder = run(pattern, [[ev('a', 'a'), 3], [ev('c', 'c'), 4], [ev('b', 'b'), 5]], { endTime: 100 });
    expect(recorder.outputs).toEqual([]);
  });
});

// Flink's Pattern.within stores the window on the step it is called on, one per WithinType
// (`windowTimes.put(withinType, windowTime)`), and NFACompiler bounds the match by the shortest
// over all steps. So a second call on the same step replaces the first, while windows on
// different steps keep the shortest.
describe('within called more than once', () => {
  const ab = () => Pattern.begin<Ev>('a').where(named('a')).followedBy('b').where(named('b'));
  const input: Input[] = [[ev('a', 'a'), 0], [ev('b', 'b'), 15]];

  it('on the same step, the last call wins, also when it is the longer window', () => {
    const pattern = ab().within(10).within(20);
    expect(pattern.toModel().withinMs).toBe(20);
    const recorder = run(pattern, input, { endTime: 100 });
    expectMatches(recorder, ['a b']);
    expect(recorder.timeouts()).toEqual([]);
  });

  it('on the same step, a shorter last call still wins', () => {
    const recorder = run(ab().within(20).within(10), input, { endTime: 100 });
    expectMatches(recorder, []);
    expect(recorder.timeouts()).toEqual(['a=a @10']);
  });

  it('on different steps, the shortest bounds the match', () => {
    const onFirst = Pattern.begin<Ev>('a').where(named('a')).within(10).followedBy('b').where(named('b')).within(20);
    const recorder = run(onFirst, input, { endTime: 100 });
    expectMatches(recorder, []);
    expect(recorder.timeouts()).toEqual(['a=a @10']);
  });

  it('conditions and quantifiers in between leave the step the same', () => {
    const pattern = ab().within(10).oneOrMore().where(() => true).within(20);
    expect(pattern.toModel().withinMs).toBe(20);
  });
});

describe('nothing is left once the windows have passed', () => {
  const c = ev('c', 'c', 1);
  const a1 = ev('a1', 'a', 2);
  const a2 = ev('a2', 'a', 3);
  const a3 = ev('a3', 'a', 4);
  const b = ev('b', 'b', 5);

  // Flink: NFAITCase#testTimesClearingBufferWithinFirstAndLast
  it('after c next a{2} followedBy b', () => {
    const pattern = Pattern.begin<Ev>('start')
      .where(named('c'))
      .next('middle')
      .where(named('a'))
      .times(2)
      .followedBy('end1')
      .where(named('b'))
      .within(8);
    const recorder = run(pattern, [[c, 1], [a1, 2], [a2, 3], [a3, 4], [b, 6]], { endTime: 10 });
    expect(recorder.partialMatchCount).toBe(0);
  });

  // Flink: NFAITCase#testOptionalClearingBufferWithinFirstAndLast
  it('after c a? b', () => {
    const pattern = Pattern.begin<Ev>('start')
      .where(named('c'))
      .followedBy('middle')
      .where(named('a'))
      .optional()
      .followedBy('end1')
      .where(named('b'))
      .within(8);
    const recorder = run(pattern, [[c, 1], [a3, 5], [b, 6]], { endTime: 10 });
    expect(recorder.partialMatchCount).toBe(0);
  });

  // Flink: NFAITCase#testAtLeastOneClearingBufferWithinFirstAndLast, and
  // testAtLeastOneClearingBufferWithPreviousAndCurrent: its helper takes a WithinType but never
  // passes it to within(), so it runs this same first-and-last case.
  it('after c a+ (combinations) b', () => {
    const pattern = Pattern.begin<Ev>('start')
      .where(named('c'))
      .followedBy('middle')
      .where(named('a'))
      .oneOrMore()
      .allowCombinations()
      .followedBy('end1')
      .where(named('b'))
      .within(8);
    const recorder = run(pattern, [[c, 1], [a1, 3], [a2, 4], [b, 6]], { endTime: 10 });
    expect(recorder.partialMatchCount).toBe(0);
  });

  // Flink: NFAITCase#testZeroOrMoreClearingBufferWithinFirstAndLast
  it('after c a* (combinations) b', () => {
    const pattern = Pattern.begin<Ev>('start')
      .where(named('c'))
      .followedBy('middle')
      .where(named('a'))
      .oneOrMore()
      .allowCombinations()
      .optional()
      .followedBy('end1')
      .where(named('b'))
      .within(8);
    const recorder = run(pattern, [[c, 1], [a1, 3], [a2, 4], [b, 6]], { endTime: 10 });
    expect(recorder.partialMatchCount).toBe(0);
  });
});
