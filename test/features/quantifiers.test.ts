// Quantifiers: times(n), times(min, max), timesOrMore(n), oneOrMore() and optional(), each with
// the three inner contiguities. Scenarios from Flink's NFAITCase, TimesRangeITCase,
// TimesOrMoreITCase and SameElementITCase; every loop emits each prefix unless greedy.
// Over 400 lines on purpose: one short case per Flink scenario, so the whole quantifier table
// reads in one place.
import { describe, expect, it } from 'vitest';
import { Pattern } from '../../src/pattern/pattern.js';
import { ev, expectMatches, expectShapes, inOrder, named, run, type Ev, type Input } from './support.js';

// Flink's ConsecutiveData: c, a(2.0), a(3.0), a(4.0), b(5.0); f events are noise.
const c = ev('c', 'c', 1);
const a1 = ev('a1', 'a', 2);
const a2 = ev('a2', 'a', 3);
const a3 = ev('a3', 'a', 4);
const b = ev('b', 'b', 5);
const f1 = ev('f1', 'f', 1);
const f2 = ev('f2', 'f', 1);

/** c, a1, a2, a3, b */
const plain: Input[] = [[c, 1], [a1, 2], [a2, 3], [a3, 4], [b, 6]];
/** c, f, a1, f, a2, a3, b */
const noiseBefore: Input[] = [[c, 1], [f1, 2], [a1, 3], [f2, 4], [a2, 5], [a3, 6], [b, 7]];
/** c, a1, f, a2, f, a3, b */
const noiseAfterFirst: Input[] = [[c, 1], [a1, 2], [f1, 3], [a2, 4], [f2, 5], [a3, 6], [b, 7]];
/** c, f, b */
const noLoopEvents: Input[] = [[c, 1], [f1, 2], [b, 7]];

const cThen = () => Pattern.begin<Ev>('start').where(named('c'));
const endB = (p: Pattern<Ev>) => p.followedBy('end1').where(named('b'));

describe('times(n)', () => {
  // Flink: NFAITCase#testTimes
  it('next + times(2).allowCombinations(): the first a is strict, the second any later a', () => {
    expectMatches(run(endB(cThen().next('middle').where(named('a')).times(2).allowCombinations()), plain), [
      'c a1 a2 b', 'c a1 a3 b',
    ]);
  });

  // Flink: NFAITCase#testStartWithTimes
  it('a pattern starting with times(2).consecutive()', () => {
    const pattern = endB(Pattern.begin<Ev>('middle').where(named('a')).times(2).consecutive());
    expectMatches(run(pattern, [[a1, 2], [a2, 3], [a3, 4], [b, 6]]), ['a1 a2 b', 'a2 a3 b']);
  });

  // Flink: NFAITCase#testTimesNonStrictWithNext
  it('next + times(2).allowCombinations() with noise between the a events', () => {
    expectMatches(run(endB(cThen().next('middle').where(named('a')).times(2).allowCombinations()), noiseAfterFirst), [
      'c a1 a2 b', 'c a1 a3 b',
    ]);
  });

  // Flink: NFAITCase#testTimesNotStrictWithFollowedByEager
  it('followedBy + times(2) (relaxed): takes the first two a events', () => {
    expectMatches(run(endB(cThen().followedBy('middle').where(named('a')).times(2)), [[c, 1], [a1, 2], [a2, 4], [a3, 6], [b, 7]]), [
      'c a1 a2 b',
    ]);
  });

  // Flink: NFAITCase#testTimesNotStrictWithFollowedByNotEager
  it('followedByAny + times(2).allowCombinations(): every pair of a events', () => {
    const pattern = endB(cThen().followedByAny('middle').where(named('a')).times(2).allowCombinations());
    expectMatches(run(pattern, [[c, 1], [a1, 2], [a2, 4], [a3, 6], [b, 7]]), ['c a1 a2 b', 'c a2 a3 b', 'c a1 a3 b']);
  });

  // Flink: NFAITCase#testTimesStrictWithNextAndConsecutive
  it('next + times(2).consecutive(): noise after the first a breaks every match', () => {
    const input: Input[] = [[c, 1], [a1, 2], [f1, 3], [a2, 4], [a3, 6], [b, 7]];
    expectMatches(run(endB(cThen().next('middle').where(named('a')).times(2).consecutive()), input), []);
  });

  // Flink: NFAITCase#testTimesStrict (and TimesOrMoreITCase#testTimesOrMoreStrict)
  it('followedByAny + times(2).consecutive(): only two adjacent a events', () => {
    expectMatches(run(endB(cThen().followedByAny('middle').where(named('a')).times(2).consecutive()), noiseBefore), [
      'c a2 a3 b',
    ]);
  });

  // Flink: NFAITCase#testTimesNonStrict
  it('followedByAny + times(2).allowCombinations() with noise', () => {
    expectMatches(run(endB(cThen().followedByAny('middle').where(named('a')).times(2).allowCombinations()), noiseBefore), [
      'c a1 a2 b', 'c a1 a3 b', 'c a2 a3 b',
    ]);
  });
});

describe('times(min, max)', () => {
  // Flink: TimesRangeITCase#testTimesRange
  it('next + times(1, 3).allowCombinations()', () => {
    expectMatches(run(endB(cThen().next('middle').where(named('a')).times(1, 3).allowCombinations()), plain), [
      'c a1 a2 a3 b', 'c a1 a2 b', 'c a1 a3 b', 'c a1 b',
    ]);
  });

  // Flink: TimesRangeITCase#testTimesRangeFromZero
  it('times(0, 2) is optional', () => {
    expectMatches(run(endB(cThen().next('middle').where(named('a')).times(0, 2).allowCombinations()), plain), [
      'c a1 a2 b', 'c a1 a3 b', 'c a1 b', 'c b',
    ]);
  });

  // Flink: TimesRangeITCase#testTimesRangeNonStrict
  it('followedByAny + times(1, 3).allowCombinations(): every non-empty subset', () => {
    const pattern = endB(cThen().followedByAny('middle').where(named('a')).times(1, 3).allowCombinations());
    expectMatches(run(pattern, noiseBefore), [
      'c a1 a2 a3 b', 'c a1 a2 b', 'c a1 a3 b', 'c a2 a3 b', 'c a1 b', 'c a2 b', 'c a3 b',
    ]);
  });

  // Flink: TimesRangeITCase#testTimesRangeStrict
  it('followedByAny + times(0, 3).consecutive()', () => {
    const pattern = endB(cThen().followedByAny('middle').where(named('a')).times(0, 3).consecutive());
    expectMatches(run(pattern, noiseBefore), ['c a2 a3 b', 'c a1 b', 'c a2 b', 'c a3 b', 'c b']);
  });

  // Flink: TimesRangeITCase#testTimesRangeStrictOptional
  it('followedByAny + times(1, 3).consecutive().optional() equals times(0, 3)', () => {
    const pattern = endB(cThen().followedByAny('middle').where(named('a')).times(1, 3).consecutive().optional());
    expectMatches(run(pattern, noiseBefore), ['c a2 a3 b', 'c a1 b', 'c a2 b', 'c a3 b', 'c b']);
  });

  // Flink: TimesRangeITCase#testTimesRangeStrictOptional1
  it('next + times(1, 3).consecutive().optional() without noise', () => {
    const pattern = endB(cThen().next('middle').where(named('a')).times(1, 3).consecutive().optional());
    expectMatches(run(pattern, plain), ['c a1 a2 a3 b', 'c a1 a2 b', 'c a1 b', 'c b']);
  });

  // Flink: TimesRangeITCase#testTimesRangeNonStrictOptional1
  it('an optional times(1, 3) with no a at all', () => {
    expectMatches(run(endB(cThen().followedBy('middle').where(named('a')).times(1, 3).optional()), noLoopEvents), ['c b']);
  });

  // Flink: TimesRangeITCase#testTimesRangeNonStrictOptional2
  it('followedByAny + times(2, 3).allowCombinations().optional()', () => {
    const pattern = endB(cThen().followedByAny('middle').where(named('a')).times(2, 3).allowCombinations().optional());
    expectMatches(run(pattern, noiseBefore), ['c a1 a2 a3 b', 'c a1 a2 b', 'c a1 a3 b', 'c a2 a3 b', 'c b']);
  });

  // Flink: TimesRangeITCase#testTimesRangeNonStrictOptional3
  it('followedByAny + times(2, 3).optional() (relaxed inside)', () => {
    const pattern = endB(cThen().followedByAny('middle').where(named('a')).times(2, 3).optional());
    expectMatches(run(pattern, noiseBefore), ['c a1 a2 a3 b', 'c a1 a2 b', 'c a2 a3 b', 'c b']);
  });

  // Flink: TimesRangeITCase#testTimesRangeNonStrictWithNext
  it('next + times(2, 3).allowCombinations() with noise after the first a', () => {
    const pattern = endB(cThen().next('middle').where(named('a')).times(2, 3).allowCombinations());
    expectMatches(run(pattern, noiseAfterFirst), ['c a1 a2 a3 b', 'c a1 a2 b', 'c a1 a3 b']);
  });

  // Flink: TimesRangeITCase#testTimesRangeNotStrictWithFollowedBy
  it('followedBy + times(2, 3)', () => {
    expectMatches(run(endB(cThen().followedBy('middle').where(named('a')).times(2, 3)), plain), ['c a1 a2 a3 b', 'c a1 a2 b']);
  });

  // Flink: TimesRangeITCase#testTimesRangeNotStrictWithFollowedByAny
  it('followedByAny + times(2, 3).allowCombinations()', () => {
    const pattern = endB(cThen().followedByAny('middle').where(named('a')).times(2, 3).allowCombinations());
    expectMatches(run(pattern, plain), ['c a1 a2 a3 b', 'c a1 a2 b', 'c a2 a3 b', 'c a1 a3 b']);
  });
});

describe('timesOrMore(n)', () => {
  // Flink: TimesOrMoreITCase#testTimesOrMore
  it('followedBy + timesOrMore(2).allowCombinations()', () => {
    const pattern = endB(cThen().followedBy('middle').where(named('a')).timesOrMore(2).allowCombinations());
    expectMatches(run(pattern, plain), ['c a1 a2 a3 b', 'c a1 a2 b', 'c a1 a3 b']);
  });

  // Flink: TimesOrMoreITCase#testTimesOrMoreNonStrict
  it('followedByAny + timesOrMore(2).allowCombinations() with noise', () => {
    const pattern = endB(cThen().followedByAny('middle').where(named('a')).timesOrMore(2).allowCombinations());
    expectMatches(run(pattern, noiseBefore), ['c a1 a2 a3 b', 'c a1 a2 b', 'c a1 a3 b', 'c a2 a3 b']);
  });

  // Flink: TimesOrMoreITCase#testTimesOrMoreStrictOptional
  it('followedByAny + timesOrMore(2).consecutive().optional()', () => {
    const pattern = endB(cThen().followedByAny('middle').where(named('a')).timesOrMore(2).consecutive().optional());
    expectMatches(run(pattern, noiseBefore), ['c a2 a3 b', 'c b']);
  });

  // Flink: TimesOrMoreITCase#testTimesOrMoreStrictOptional2
  it('next + timesOrMore(2).consecutive().optional()', () => {
    const pattern = endB(cThen().next('middle').where(named('a')).timesOrMore(2).consecutive().optional());
    expectMatches(run(pattern, plain), ['c a1 a2 a3 b', 'c a1 a2 b', 'c b']);
  });

  // Flink: TimesOrMoreITCase#testTimesOrMoreNonStrictOptional
  it('an optional timesOrMore(2) with no a at all', () => {
    expectMatches(run(endB(cThen().followedBy('middle').where(named('a')).timesOrMore(2).optional()), noLoopEvents), ['c b']);
  });

  // Flink: TimesOrMoreITCase#testTimesOrMoreNonStrictOptional2
  it('followedByAny + timesOrMore(2).allowCombinations().optional()', () => {
    const pattern = endB(cThen().followedByAny('middle').where(named('a')).timesOrMore(2).allowCombinations().optional());
    expectMatches(run(pattern, noiseBefore), ['c a1 a2 a3 b', 'c a1 a2 b', 'c a1 a3 b', 'c a2 a3 b', 'c b']);
  });

  // Flink: TimesOrMoreITCase#testTimesOrMoreNonStrictOptional3
  it('followedByAny + timesOrMore(2).optional() (relaxed inside)', () => {
    const pattern = endB(cThen().followedByAny('middle').where(named('a')).timesOrMore(2).optional());
    expectMatches(run(pattern, noiseBefore), ['c a1 a2 a3 b', 'c a1 a2 b', 'c a2 a3 b', 'c b']);
  });

  // Flink: TimesOrMoreITCase#testTimesOrMoreNonStrictWithNext
  it('next + timesOrMore(2).allowCombinations() with noise after the first a', () => {
    const pattern = endB(cThen().next('middle').where(named('a')).timesOrMore(2).allowCombinations());
    expectMatches(run(pattern, noiseAfterFirst), ['c a1 a2 a3 b', 'c a1 a2 b', 'c a1 a3 b']);
  });

  // Flink: TimesOrMoreITCase#testTimesOrMoreNotStrictWithFollowedBy
  it('followedBy + timesOrMore(2)', () => {
    expectMatches(run(endB(cThen().followedBy('middle').where(named('a')).timesOrMore(2)), plain), ['c a1 a2 a3 b', 'c a1 a2 b']);
  });

  // Flink: TimesOrMoreITCase#testTimesOrMoreNotStrictWithFollowedByAny
  it('followedByAny + timesOrMore(2).allowCombinations()', () => {
    const pattern = endB(cThen().followedByAny('middle').where(named('a')).timesOrMore(2).allowCombinations());
    expectMatches(run(pattern, plain), ['c a1 a2 a3 b', 'c a1 a2 b', 'c a2 a3 b', 'c a1 a3 b']);
  });

  // Flink: timesOrMore(0) builds Times.of(0), which fails ("The from should be a positive number
  // greater than 0."), as times(0) does; zero or more is oneOrMore().optional().
  it('timesOrMore(0) and times(0) are rejected, naming the step and what to write instead', () => {
    expect(() => cThen().followedBy('middle').timesOrMore(0)).toThrow(
      "step 'middle': timesOrMore(0) needs a whole number >= 1; write timesOrMore(0) as oneOrMore().optional()",
    );
    expect(() => cThen().followedBy('middle').times(0)).toThrow(/^step 'middle': times\(0\) needs/);
  });
});

describe('oneOrMore() and zero-or-more', () => {
  // Flink: NFAITCase#testNoConditionLoopingNFA
  it('a loop without condition emits every run from every start', () => {
    const [e1, e2, e3, e4, e5] = ['a', 'b', 'c', 'd', 'e'].map((n) => ev(n, n));
    const pattern = Pattern.begin<Ev>('start').followedBy('end').oneOrMore();
    expectMatches(run(pattern, inOrder(e1!, e2!, e3!, e4!, e5!)), [
      'a b c d e', 'a b c d', 'a b c', 'a b', 'b c d e', 'b c d', 'b c', 'c d e', 'c d', 'd e',
    ]);
  });

  // Flink: NFAITCase#testZeroOrMore
  it('followedByAny + zero-or-more allowCombinations()', () => {
    const pattern = endB(cThen().followedByAny('middle').where(named('a')).oneOrMore().allowCombinations().optional());
    expectMatches(run(pattern, [[c, 1], [a1, 3], [a2, 4], [b, 6]]), ['c a1 a2 b', 'c a1 b', 'c a2 b', 'c b']);
  });

  // Flink: NFAITCase#testEagerZeroOrMore
  it('followedBy + zero-or-more skips noise inside the loop', () => {
    const pattern = endB(cThen().followedBy('middle').where(named('a')).oneOrMore().optional());
    const input: Input[] = [[c, 1], [a1, 3], [a2, 4], [ev('d', 'd', 6), 5], [a3, 6], [b, 7]];
    expectMatches(run(pattern, input), ['c a1 a2 a3 b', 'c a1 a2 b', 'c a1 b', 'c b']);
  });

  // Flink: SameElementITCase#testEagerZeroOrMoreSameElement (equal events, here with distinct ids)
  it('followedBy + zero-or-more takes events that share a timestamp', () => {
    const a1a = ev('a1a', 'a', 2);
    const a1b = ev('a1b', 'a', 2);
    const a1c = ev('a1c', 'a', 2);
    const a3a = ev('a3a', 'a', 4);
    const a3b = ev('a3b', 'a', 4);
    const input: Input[] = [
      [c, 1], [a1a, 3], [a1b, 3], [a1c, 3], [a2, 4], [ev('d', 'd', 6), 5], [a3a, 6], [a3b, 6], [b, 7],
    ];
    const pattern = endB(cThen().followedBy('middle').where(named('a')).oneOrMore().optional());
    expectMatches(run(pattern, input), [
      'c a1a a1b a1c a2 a3a a3b b',
      'c a1a a1b a1c a2 a3a b',
      'c a1a a1b a1c a2 b',
      'c a1a a1b a1c b',
      'c a1a a1b b',
      'c a1a b',
      'c b',
    ]);
  });

  // Flink: NFAITCase#testBeginWithZeroOrMore
  it('a pattern beginning with an optional loop also matches the end step alone', () => {
    const m1 = ev('m1', 'a', 2);
    const m2 = ev('m2', 'a', 3);
    const m3 = ev('m3', 'a', 3);
    const end = ev('end', 'b', 4);
    const pattern = Pattern.begin<Ev>('middle').where(named('a')).oneOrMore().optional().followedBy('end').where(named('b'));
    expectMatches(run(pattern, [[m1, 3], [m2, 4], [m3, 5], [end, 6]]), [
      'm1 m2 m3 end', 'm1 m2 end', 'm2 m3 end', 'm1 end', 'm2 end', 'm3 end', 'end',
    ]);
  });

  // Flink: NFAITCase#testZeroOrMoreAfterZeroOrMore
  it('two optional loops in a row', () => {
    const a = ev('a', 'a', 2);
    const d1 = ev('d1', 'd', 3);
    const d2 = ev('d2', 'd', 4);
    const e = ev('e', 'e', 4);
    const pattern = cThen()
      .followedByAny('middle-first')
      .where(named('a'))
      .oneOrMore()
      .allowCombinations()
      .optional()
      .followedBy('middle-second')
      .where(named('d'))
      .oneOrMore()
      .allowCombinations()
      .optional()
      .followedBy('end')
      .where(named('e'));
    expectMatches(run(pattern, [[c, 1], [a, 3], [d1, 4], [d2, 5], [e, 6]]), [
      'c a d1 d2 e', 'c a d1 e', 'c d1 d2 e', 'c d1 e', 'c a e', 'c e',
    ]);
  });

  // Flink: NFAITCase#testZeroOrMoreAfterBranching
  it('an optional loop after branching steps', () => {
    const m1 = ev('m1', 'a', 2);
    const m2 = ev('m2', 'a', 3);
    const merging = ev('f', 'f', 3);
    const k1 = ev('k1', 'd', 4);
    const k2 = ev('k2', 'd', 4);
    const e = ev('e', 'e', 4);
    const pattern = cThen()
      .followedByAny('branching')
      .where(named('a'))
      .followedByAny('merging')
      .where(named('f'))
      .followedByAny('kleene')
      .where(named('d'))
      .oneOrMore()
      .allowCombinations()
      .optional()
      .followedBy('end')
      .where(named('e'));
    const input: Input[] = [[c, 1], [m1, 3], [m2, 4], [merging, 5], [k1, 6], [k2, 7], [e, 8]];
    expectMatches(run(pattern, input), [
      'c m1 f e', 'c m1 f k1 e', 'c m1 f k2 e', 'c m1 f k1 k2 e',
      'c m2 f e', 'c m2 f k1 e', 'c m2 f k2 e', 'c m2 f k1 k2 e',
    ]);
  });

  // Flink: NFAITCase#testComplexBranchingAfterZeroOrMore
  it('branching steps after an optional combination loop', () => {
    const end1 = ev('b', 'b', 5);
    const end2 = ev('d1', 'd', 6);
    const end3 = ev('d2', 'd', 7);
    const end4 = ev('e', 'e', 8);
    const pattern = cThen()
      .followedByAny('middle')
      .where(named('a'))
      .oneOrMore()
      .allowCombinations()
      .optional()
      .followedByAny('end1')
      .where(named('b'))
      .followedByAny('end2')
      .where(named('d'))
      .followedByAny('end3')
      .where(named('e'));
    const input: Input[] = [[c, 1], [a1, 3], [a2, 4], [a3, 5], [end1, 6], [end2, 7], [end3, 8], [end4, 9]];
    const loops = ['a1 a2 a3 ', 'a1 a2 ', 'a1 a3 ', 'a2 a3 ', 'a1 ', 'a2 ', 'a3 ', ''];
    expectMatches(run(pattern, input), [
      ...loops.map((l) => `c ${l}b d1 e`),
      ...loops.map((l) => `c ${l}b d2 e`),
    ]);
  });

  // Flink: NFAITCase#testAtLeastOne
  it('followedByAny + oneOrMore().allowCombinations()', () => {
    const pattern = cThen().followedByAny('middle').where(named('a')).oneOrMore().allowCombinations().followedByAny('end1').where(named('b'));
    expectMatches(run(pattern, [[c, 1], [a1, 3], [a2, 4], [b, 6]]), ['c a1 a2 b', 'c a1 b', 'c a2 b']);
  });

  // Flink: NFAITCase#testBeginWithAtLeastOne
  it('a pattern beginning with oneOrMore().allowCombinations()', () => {
    const s1 = ev('s1', 'a', 2);
    const s2 = ev('s2', 'a', 3);
    const s3 = ev('s3', 'a', 4);
    const pattern = Pattern.begin<Ev>('start').where(named('a')).oneOrMore().allowCombinations().followedBy('end').where(named('b'));
    expectMatches(run(pattern, [[s1, 3], [s2, 4], [s3, 5], [b, 6]]), [
      's1 s2 s3 b', 's1 s2 b', 's1 s3 b', 's2 s3 b', 's1 b', 's2 b', 's3 b',
    ]);
  });

  // Flink: NFAITCase#testAtLeastOneEager
  it('followedByAny + oneOrMore() (relaxed inside): every start, then every a after it', () => {
    const pattern = cThen().followedByAny('middle').where(named('a')).oneOrMore().followedByAny('end1').where(named('b'));
    expectMatches(run(pattern, [[c, 1], [a1, 3], [a2, 4], [a3, 5], [b, 6]]), [
      'c a1 a2 a3 b', 'c a1 a2 b', 'c a2 a3 b', 'c a3 b', 'c a2 b', 'c a1 b',
    ]);
  });

  // Flink: NFAITCase#testEndWithZeroOrMore
  it('a pattern ending with an optional loop emits every prefix, and the start alone', () => {
    const pattern = cThen().followedBy('middle').where(named('a')).oneOrMore().optional();
    expectShapes(run(pattern, [[c, 1], [a1, 3], [a2, 4], [a3, 5]]), [
      'start=c middle=a1,a2,a3', 'start=c middle=a1,a2', 'start=c middle=a1', 'start=c',
    ]);
  });

  // Flink: NFAITCase#testStartAndEndWithZeroOrMore
  it('a pattern that is only an optional loop never emits an empty match', () => {
    const pattern = Pattern.begin<Ev>('start').where(named('a')).oneOrMore().optional();
    const input: Input[] = [
      [c, 1], [a1, 3], [a2, 4], [a3, 5], [ev('d1', 'd', 5), 6], [ev('d2', 'd', 5), 6], [ev('d3', 'd', 5), 6],
    ];
    expectMatches(run(pattern, input), ['a1 a2 a3', 'a1 a2', 'a1', 'a2 a3', 'a2', 'a3']);
  });

  // Flink: NFAITCase#testEndWithOneOrMore
  it('a pattern ending with oneOrMore() emits every prefix', () => {
    const pattern = cThen().followedBy('middle').where(named('a')).oneOrMore();
    expectMatches(run(pattern, [[c, 1], [a1, 3], [a2, 4], [a3, 5]]), ['c a1 a2 a3', 'c a1 a2', 'c a1']);
  });
});

describe('optional()', () => {
  // Flink: NFAITCase#testOptional
  it('an optional middle step: with and without it', () => {
    const pattern = endB(cThen().followedBy('middle').where(named('a')).optional());
    const recorder = run(pattern, [[c, 1], [a3, 5], [b, 6]]);
    expectShapes(recorder, ['start=c middle=a3 end1=b', 'start=c end1=b']);
  });

  // Flink: NFAITCase#testStartWithOptional
  it('an optional first step', () => {
    const pattern = endB(Pattern.begin<Ev>('start').where(named('c')).optional());
    expectShapes(run(pattern, [[c, 1], [b, 6]]), ['start=c end1=b', 'end1=b']);
  });

  // Flink: NFAITCase#testEndWithOptional
  it('an optional last step', () => {
    const pattern = cThen().followedBy('middle').where(named('a')).optional();
    expectShapes(run(pattern, [[c, 1], [a1, 3]]), ['start=c middle=a1', 'start=c']);
  });

  // Flink: NFAITCase#testTimesNonStrictOptional1
  it('an optional times(3) with no a at all', () => {
    expectMatches(run(endB(cThen().followedBy('middle').where(named('a')).times(3).optional()), noLoopEvents), ['c b']);
  });

  // Flink: NFAITCase#testTimesNonStrictOptional2
  it('followedByAny + times(2).allowCombinations().optional()', () => {
    const pattern = endB(cThen().followedByAny('middle').where(named('a')).times(2).allowCombinations().optional());
    expectMatches(run(pattern, noiseBefore), ['c a1 a2 b', 'c a1 a3 b', 'c a2 a3 b', 'c b']);
  });

  // Flink: NFAITCase#testTimesNonStrictOptional3
  it('followedByAny + times(2).optional() (relaxed inside)', () => {
    const pattern = endB(cThen().followedByAny('middle').where(named('a')).times(2).optional());
    expectMatches(run(pattern, noiseBefore), ['c a1 a2 b', 'c a2 a3 b', 'c b']);
  });

  // Flink: NFAITCase#testTimesStrictOptional
  it('followedByAny + times(2).consecutive().optional()', () => {
    const pattern = endB(cThen().followedByAny('middle').where(named('a')).times(2).consecutive().optional());
    expectMatches(run(pattern, noiseBefore), ['c a2 a3 b', 'c b']);
  });

  // Flink: NFAITCase#testOneOrMoreStrictOptional
  it('followedByAny + oneOrMore().consecutive().optional()', () => {
    const pattern = endB(cThen().followedByAny('middle').where(named('a')).oneOrMore().consecutive().optional());
    expectMatches(run(pattern, noiseBefore), ['c a2 a3 b', 'c a1 b', 'c a2 b', 'c a3 b', 'c b']);
  });

  // Flink: NFAITCase#testTimesStrictOptional1
  it('next + times(2).consecutive().optional()', () => {
    const pattern = endB(cThen().next('middle').where(named('a')).times(2).consecutive().optional());
    expectMatches(run(pattern, plain), ['c a1 a2 b', 'c b']);
  });

  // Flink: NFAITCase#testOptionalTimesNonStrictWithNext
  it('next + times(2).allowCombinations().optional() with noise after the first a', () => {
    const pattern = endB(cThen().next('middle').where(named('a')).times(2).allowCombinations().optional());
    expectMatches(run(pattern, noiseAfterFirst), ['c a1 a2 b', 'c a1 a3 b', 'c b']);
  });
});
