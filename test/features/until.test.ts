// until(cond): a loop stops taking events at the first event that satisfies `cond`; that event is
// not taken by the loop (a later step may take it). Scenarios from Flink's UntilConditionITCase
// and SameElementITCase.
import { describe, expect, it } from 'vitest';
import { Pattern } from '../../src/pattern/pattern.js';
import { ev, expectMatches, expectShapes, named, run, type Ev, type Input } from './support.js';

const priceIs5 = (e: Ev) => e.price === 5;

const c = ev('c', 'c', 1);
const m1 = ev('m1', 'a', 2);
const m2 = ev('m2', 'a', 3);
const m3 = ev('m3', 'a', 4);
const stop = ev('stop', 'a', 5);
const after = ev('after', 'a', 6);

/** c, a(2), a(3), a(5) [until], a(6) */
const twoThenStop: Input[] = [[c, 1], [m1, 3], [m2, 4], [stop, 6], [after, 7]];
/** c, a(2), a(3), a(4), a(5) [until], a(6) */
const threeThenStop: Input[] = [[c, 1], [m1, 3], [m2, 4], [m3, 5], [stop, 6], [after, 7]];

const cThenA = () => Pattern.begin<Ev>('start').where(named('c')).followedBy('middle').where(named('a'));
const endAtStop = (p: Pattern<Ev>) => p.followedBy('end').where(priceIs5);

describe('until on oneOrMore followed by a step that takes the until event', () => {
  // Flink: UntilConditionITCase#testUntilConditionFollowedByOneOrMore
  it('relaxed loop', () => {
    const recorder = run(endAtStop(cThenA().oneOrMore().until(priceIs5)), twoThenStop);
    expectShapes(recorder, ['start=c middle=m1,m2 end=stop', 'start=c middle=m1 end=stop']);
    // Flink also asserts that only the initial state is left: nothing waits any more.
    expect(recorder.partialMatchCount).toBe(0);
  });

  // Flink: UntilConditionITCase#testUntilConditionFollowedByOneOrMoreCombinations
  it('allowCombinations() loop', () => {
    const pattern = endAtStop(cThenA().oneOrMore().allowCombinations().until(priceIs5));
    const recorder = run(pattern, threeThenStop);
    expectMatches(recorder, ['c m1 m2 m3 stop', 'c m1 m2 stop', 'c m1 m3 stop', 'c m1 stop']);
    expect(recorder.partialMatchCount).toBe(0);
  });

  // Flink: UntilConditionITCase#testUntilConditionFollowedByOneOrMoreConsecutive
  it('consecutive() loop', () => {
    const recorder = run(endAtStop(cThenA().oneOrMore().consecutive().until(priceIs5)), twoThenStop);
    expectMatches(recorder, ['c m1 m2 stop', 'c m1 stop']);
    expect(recorder.partialMatchCount).toBe(0);
  });

  // Flink: UntilConditionITCase#testUntilConditionFollowedByOneOrMoreConsecutive2
  it('consecutive() loop broken by another event before the until event', () => {
    const b = ev('b', 'b', 3);
    const input: Input[] = [[c, 1], [m1, 3], [b, 4], [m3, 5], [stop, 7], [after, 8]];
    const recorder = run(endAtStop(cThenA().oneOrMore().consecutive().until(priceIs5)), input);
    expectMatches(recorder, ['c m1 stop']);
    expect(recorder.partialMatchCount).toBe(0);
  });
});

describe('until on zero-or-more followed by a step that takes the until event', () => {
  // Flink: UntilConditionITCase#testUntilConditionFollowedByZeroOrMore
  it('relaxed loop', () => {
    const recorder = run(endAtStop(cThenA().oneOrMore().optional().until(priceIs5)), twoThenStop);
    expectShapes(recorder, ['start=c middle=m1,m2 end=stop', 'start=c middle=m1 end=stop', 'start=c end=stop']);
    expect(recorder.partialMatchCount).toBe(0);
  });

  // Flink: UntilConditionITCase#testUntilConditionFollowedByZeroOrMoreCombinations
  it('allowCombinations() loop', () => {
    const pattern = endAtStop(cThenA().oneOrMore().optional().allowCombinations().until(priceIs5));
    const recorder = run(pattern, threeThenStop);
    expectMatches(recorder, ['c m1 m2 m3 stop', 'c m1 m2 stop', 'c m1 m3 stop', 'c m1 stop', 'c stop']);
    expect(recorder.partialMatchCount).toBe(0);
  });

  // Flink: UntilConditionITCase#testUntilConditionFollowedByZeroOrMoreConsecutive
  it('consecutive() loop', () => {
    const recorder = run(endAtStop(cThenA().oneOrMore().optional().consecutive().until(priceIs5)), twoThenStop);
    expectMatches(recorder, ['c m1 m2 stop', 'c m1 stop', 'c stop']);
    expect(recorder.partialMatchCount).toBe(0);
  });
});

describe('until on a loop at the end of the pattern', () => {
  // c, a(2), a(3), a(5) [until], a(6)
  const input: Input[] = [[c, 1], [m1, 3], [m2, 4], [stop, 6], [m3, 7]];
  const cThenAnyA = () => Pattern.begin<Ev>('start').where(named('c')).followedByAny('middle').where(named('a'));

  // Flink: UntilConditionITCase#testUntilConditionFollowedByAnyOneOrMore
  it('followedByAny: a new run may start after the until event', () => {
    expectMatches(run(cThenAnyA().oneOrMore().until(priceIs5), input), ['c m1 m2', 'c m1', 'c m2', 'c m3']);
  });

  // Flink: UntilConditionITCase#testUntilConditionFollowedByAnyZeroOrMore
  it('followedByAny zero-or-more also emits the start alone', () => {
    expectMatches(run(cThenAnyA().oneOrMore().optional().until(priceIs5), input), ['c m1 m2', 'c m1', 'c m2', 'c m3', 'c']);
  });

  // Flink: SameElementITCase#testClearingBufferWithUntilAtTheEnd
  it('an iterative until that counts the events taken so far', () => {
    const a = ev('a', 'a', 1);
    const [d1, d2, d3, d4] = [1, 2, 3, 4].map((i) => ev(`d${i}`, 'd', 2));
    const pattern = Pattern.begin<Ev>('a')
      .where(named('a'))
      .followedBy('d')
      .where(named('d'))
      .oneOrMore()
      .until((_, ctx) => ctx.eventsFor('d').length === 3);
    const recorder = run(pattern, [[a, 1], [d1!, 2], [d2!, 2], [d3!, 2], [d4!, 4]]);
    expectMatches(recorder, ['a d1 d2 d3', 'a d1 d2', 'a d1']);
    expect(recorder.partialMatchCount).toBe(0);
  });
});

describe('until with a step that has no condition, and iterative until', () => {
  // c, a(2), a(3), d(1), a(5) [until], a(6)
  const d = ev('d', 'd', 1);
  const input: Input[] = [[c, 1], [m1, 3], [m2, 4], [d, 5], [stop, 6], [after, 7]];
  const sumOfMiddleIs6 = (_: Ev, ctx: { getEventsForPattern(step: string): readonly Ev[] }) =>
    ctx.getEventsForPattern('middle').reduce((sum, e) => sum + e.price, 0) === 6;

  // Flink: UntilConditionITCase#testUntilConditionWithEmptyWhere
  it('a step without where takes any event until the until event', () => {
    const pattern = Pattern.begin<Ev>('start').where(named('c')).followedBy('middle').oneOrMore().until(priceIs5);
    const recorder = run(pattern, input);
    expectMatches(recorder, ['c m1 m2 d', 'c m1 m2', 'c m1']);
    expect(recorder.partialMatchCount).toBe(0);
  });

  // Flink: UntilConditionITCase#testIterativeUntilConditionOneOrMore
  it('an iterative until sees the events the loop has taken so far', () => {
    const pattern = Pattern.begin<Ev>('start').where(named('c')).followedBy('middle').oneOrMore().until(sumOfMiddleIs6);
    const recorder = run(pattern, input);
    expectMatches(recorder, ['c m1 m2 d', 'c m1 m2', 'c m1']);
    expect(recorder.partialMatchCount).toBe(0);
  });

  // Flink: UntilConditionITCase#testIterativeUntilConditionZeroOrMore
  it('an iterative until on an optional loop also emits the start alone', () => {
    const pattern = Pattern.begin<Ev>('start').where(named('c')).followedBy('middle').oneOrMore().optional().until(sumOfMiddleIs6);
    const recorder = run(pattern, input);
    expectMatches(recorder, ['c m1 m2 d', 'c m1 m2', 'c m1', 'c']);
    expect(recorder.partialMatchCount).toBe(0);
  });
});
