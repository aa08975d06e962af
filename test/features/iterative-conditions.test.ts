// Iterative conditions: a condition sees the events its partial match has assigned to a step so
// far (ctx.eventsFor / ctx.getEventsForPattern) and the event's timestamp (ctx.timestamp).
// Scenarios from Flink's IterativeConditionsITCase and NFAIterativeConditionTimeContextTest.
import { describe, it } from 'vitest';
import type { ConditionContext } from '../../src/pattern/condition.js';
import { Pattern } from '../../src/pattern/pattern.js';
import { ev, expectMatches, expectShapes, isSub, named, run, sub, type Ev, type Input } from './support.js';

const sumOf = (events: readonly Ev[]) => events.reduce((sum, e) => sum + e.price, 0);

// IterativeConditionsITCase's events: starts priced 1..4, SubEvents foo1..foo4, next-one, end.
const s1 = ev('s1', 'start', 1);
const s2 = ev('s2', 'start', 2);
const s3 = ev('s3', 'start', 3);
const s4 = ev('s4', 'start', 4);
const m1 = sub('m1', 'foo1', 1, 10);
const m2 = sub('m2', 'foo2', 2, 10);
const m3 = sub('m3', 'foo3', 3, 10);
const m4 = sub('m4', 'foo4', 1, 10);
const nextOne = ev('next', 'next-one', 1);
const end = ev('end', 'end', 1);

describe('a loop whose condition bounds the sum of its own events', () => {
  // middle: SubEvents named foo* while the sum of middle prices stays below 5
  const middleBelow5 = (e: Ev & { volume: number }, ctx: ConditionContext<Ev>) =>
    e.name.startsWith('foo') && sumOf(ctx.getEventsForPattern('middle')) + e.price < 5;
  const input: Input[] = [[s1, 1], [m1, 2], [m2, 3], [s2, 4], [m3, 5], [m4, 5], [nextOne, 6], [end, 8]];
  const pattern = (combinations: boolean) => {
    const loop = Pattern.begin<Ev>('start').where(named('start')).followedBy('middle').subtype(isSub).where(middleBelow5).oneOrMore();
    return (combinations ? loop.allowCombinations() : loop).followedBy('end').where(named('end'));
  };

  // Flink: IterativeConditionsITCase#testIterativeWithBranchingPatternEager
  it('relaxed loop: an event that would exceed the bound is skipped', () => {
    expectShapes(run(pattern(false), input), [
      'start=s1 middle=m1,m2,m4 end=end',
      'start=s1 middle=m1,m2 end=end',
      'start=s1 middle=m1 end=end',
      'start=s2 middle=m3,m4 end=end',
      'start=s2 middle=m3 end=end',
    ]);
  });

  // Flink: IterativeConditionsITCase#testIterativeWithBranchingPatternCombinations
  it('combination loop: every combination within the bound', () => {
    expectMatches(run(pattern(true), input), [
      's1 m1 m2 m4 end', 's1 m1 m2 end', 's1 m1 m3 end', 's2 m3 m4 end', 's1 m1 m4 end', 's1 m1 end', 's2 m3 end',
    ]);
  });
});

describe('a loop at the start of the pattern bounded by its own events', () => {
  // start: events named start while the sum of start prices stays below 5
  const startBelow5 = (e: Ev, ctx: ConditionContext<Ev>) => e.name === 'start' && sumOf(ctx.eventsFor('start')) + e.price < 5;
  const input: Input[] = [[s1, 1], [s2, 2], [s3, 3], [end, 4]];
  const pattern = (combinations: boolean) => {
    const loop = Pattern.begin<Ev>('start').where(startBelow5).oneOrMore();
    return (combinations ? loop.allowCombinations() : loop).optional().followedBy('end').where(named('end'));
  };

  // Flink: IterativeConditionsITCase#testIterativeWithLoopingStartingEager
  it('relaxed loop', () => {
    expectMatches(run(pattern(false), input), ['s1 s2 end', 's1 end', 's2 end', 's3 end', 'end']);
  });

  // Flink: IterativeConditionsITCase#testIterativeWithLoopingStartingCombination
  it('combination loop', () => {
    expectMatches(run(pattern(true), input), ['s1 s2 end', 's1 s3 end', 's1 end', 's2 end', 's3 end', 'end']);
  });
});

describe('a condition on a later step that reads an earlier step', () => {
  const endIfStartsSumAtLeast2 = (e: Ev, ctx: ConditionContext<Ev>) => e.name === 'end' && sumOf(ctx.getEventsForPattern('start')) >= 2;

  // Flink: IterativeConditionsITCase#testIterativeWithPrevPatternDependency
  it('end needs the start loop to sum to at least 2', () => {
    const pattern = Pattern.begin<Ev>('start').where(named('start')).oneOrMore().followedBy('end').where(endIfStartsSumAtLeast2);
    expectMatches(run(pattern, [[s1, 1], [s2, 2], [end, 4]]), ['s1 s2 end', 's2 end']);
  });

  // Flink: IterativeConditionsITCase#testIterativeWithPrevPatternDependencyAfterBranching
  it('the earlier step is read through a branching step in between', () => {
    const pattern = Pattern.begin<Ev>('start')
      .where(named('start'))
      .oneOrMore()
      .followedByAny('middle1')
      .subtype(isSub)
      .where((e) => e.name.startsWith('foo'))
      .followedByAny('end')
      .where(endIfStartsSumAtLeast2);
    const input: Input[] = [[s1, 1], [s2, 2], [m1, 4], [s3, 5], [m2, 6], [end, 7]];
    expectMatches(run(pattern, input), [
      's1 s2 m1 end', 's2 m1 end', 's1 s2 m2 end', 's1 s2 s3 m2 end', 's2 s3 m2 end', 's2 m2 end', 's3 m2 end',
    ]);
  });

  // Flink: IterativeConditionsITCase#testIterativeWithABACPattern
  it('a loop between two steps bounded by its own events (start, any foo, start{1,} bounded, end)', () => {
    const middle2AtMost5 = (e: Ev, ctx: ConditionContext<Ev>) => e.name === 'start' && sumOf(ctx.eventsFor('middle2')) + e.price <= 5;
    const pattern = Pattern.begin<Ev>('start')
      .where(named('start'))
      .followedByAny('middle1')
      .subtype(isSub)
      .where((e) => e.name.startsWith('foo'))
      .followedBy('middle2')
      .where(middle2AtMost5)
      .oneOrMore()
      .followedBy('end')
      .where(named('end'));
    const input: Input[] = [[s1, 1], [m1, 2], [s2, 2], [s3, 2], [m2, 2], [s4, 2], [m3, 2], [m4, 2], [end, 4]];
    expectShapes(run(pattern, input), [
      'start=s1 middle1=m1 middle2=s2,s3 end=end',
      'start=s1 middle1=m1 middle2=s2 end=end',
      'start=s1 middle1=m2 middle2=s4 end=end',
      'start=s2 middle1=m2 middle2=s4 end=end',
      'start=s3 middle1=m2 middle2=s4 end=end',
    ]);
  });
});

describe('the event timestamp in the context', () => {
  // Flink: NFAIterativeConditionTimeContextTest#testEventTimestamp
  it('ctx.timestamp is the timestamp of the event being tested', () => {
    const pattern = Pattern.begin<Ev>('start').where((_, ctx) => ctx.timestamp === 3);
    expectMatches(run(pattern, [[ev('e1', 'x'), 1], [ev('e2', 'x'), 3], [ev('e3', 'x'), 4]]), ['e2']);
  });
});
