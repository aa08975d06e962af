// Groups: a nested pattern quantified and attached as one unit, e.g. c (a b){2} d. Events of the
// steps inside a group are reported under those steps' names. Scenarios from Flink's GroupITCase.
import { describe, expect, it } from 'vitest';
import { Pattern } from '../../src/pattern/pattern.js';
import { ev, expectMatches, expectShapes, named, run, type Ev, type Input } from './support.js';

/** The group (a b): middle1 takes an a, then middle2 a later b. */
const ab = () => Pattern.begin<Ev>('middle1').where(named('a')).followedBy('middle2').where(named('b'));
const startC = () => Pattern.begin<Ev>('start').where(named('c'));

// c, a1, b1, a2, b2, d
const c = ev('c', 'c', 1);
const a1 = ev('a1', 'a', 2);
const b1 = ev('b1', 'b', 3);
const a2 = ev('a2', 'a', 4);
const b2 = ev('b2', 'b', 5);
const a3 = ev('a3', 'a', 4);
const b3 = ev('b3', 'b', 5);
const d = ev('d', 'd', 6);
const twoPairs: Input[] = [[c, 1], [a1, 2], [b1, 3], [a2, 4], [b2, 5], [d, 6]];
const threePairs: Input[] = [[c, 1], [a1, 2], [b1, 3], [a2, 4], [b2, 5], [a3, 6], [b3, 7], [d, 8]];

describe('quantified groups after followedBy', () => {
  // Flink: GroupITCase#testGroupFollowedByTimes
  it('c (a b){2} d', () => {
    const pattern = startC().followedBy(ab()).times(2).followedBy('end').where(named('d'));
    expectShapes(run(pattern, twoPairs), ['start=c middle1=a1,a2 middle2=b1,b2 end=d']);
  });

  // Flink: GroupITCase#testGroupFollowedByOptional
  it('c (a b)? d', () => {
    const pattern = startC().followedBy(ab()).optional().followedBy('end').where(named('d'));
    const a1b = ev('a1b', 'a', 2);
    const b = ev('b', 'b', 3);
    expectShapes(run(pattern, [[c, 1], [a1, 2], [a1b, 3], [b, 4], [d, 5]]), [
      'start=c end=d',
      'start=c middle1=a1 middle2=b end=d',
    ]);
  });

  // Flink: GroupITCase#testFollowedByGroupTimesOptional
  it('c (a b){2}? d with an incomplete group', () => {
    const pattern = startC().followedBy(ab()).times(2).optional().followedBy('end').where(named('d'));
    expectMatches(run(pattern, [[c, 1], [a1, 2], [d, 3]]), ['c d']);
  });

  // Flink: GroupITCase#testGroupFollowedByOneOrMore
  it('c (a b)+ d', () => {
    const pattern = startC().followedBy(ab()).oneOrMore().followedBy('end').where(named('d'));
    expectMatches(run(pattern, twoPairs), ['c a1 b1 d', 'c a1 b1 a2 b2 d']);
  });

  // Flink: GroupITCase#testGroupFollowedByZeroOrMore
  it('c (a b)* d', () => {
    const pattern = startC().followedBy(ab()).oneOrMore().optional().followedBy('end').where(named('d'));
    expectMatches(run(pattern, twoPairs), ['c d', 'c a1 b1 d', 'c a1 b1 a2 b2 d']);
  });

  // Flink: GroupITCase#testGroupFollowedByOneOrMoreWithUntilCondition
  it('c (a b)+ until d, then d', () => {
    const pattern = startC().followedBy(ab()).oneOrMore().until(named('d')).followedBy('end').where(named('d'));
    const recorder = run(pattern, twoPairs);
    expectMatches(recorder, ['c a1 b1 d', 'c a1 b1 a2 b2 d']);
    expect(recorder.partialMatchCount).toBe(0);
  });
});

describe('quantified groups after followedByAny and next', () => {
  // Flink: GroupITCase#testGroupFollowedByAnyTimesCombinations
  it('c any (a b){2} combinations d', () => {
    const pattern = startC().followedByAny(ab()).times(2).allowCombinations().followedBy('end').where(named('d'));
    expectMatches(run(pattern, threePairs), ['c a1 b1 a2 b2 d', 'c a1 b1 a3 b3 d', 'c a2 b2 a3 b3 d']);
  });

  // Flink: GroupITCase#testGroupFollowedByAnyTimesOptional
  it('c any (a b){2}? d', () => {
    const pattern = startC().followedByAny(ab()).times(2).optional().followedBy('end').where(named('d'));
    expectMatches(run(pattern, threePairs), ['c d', 'c a1 b1 a2 b2 d', 'c a2 b2 a3 b3 d']);
  });

  // Flink: GroupITCase#testGroupFollowedByAnyOneOrMore
  it('c any (a b)+ d', () => {
    const pattern = startC().followedByAny(ab()).oneOrMore().followedBy('end').where(named('d'));
    expectMatches(run(pattern, threePairs), [
      'c a1 b1 d', 'c a2 b2 d', 'c a3 b3 d', 'c a1 b1 a2 b2 d', 'c a2 b2 a3 b3 d', 'c a1 b1 a2 b2 a3 b3 d',
    ]);
  });

  // Flink: GroupITCase#testGroupNextZeroOrMore
  it('c next (a b)* consecutive d', () => {
    const pattern = startC().next(ab()).oneOrMore().optional().consecutive().followedBy('end').where(named('d'));
    const input: Input[] = [
      [c, 1], [a1, 3], [b1, 4], [ev('a2', 'a', 3), 5], [ev('b2', 'b', 3), 6], [ev('a3', 'a', 4), 7], [ev('b3', 'b', 3), 8], [ev('d', 'd', 1), 9],
    ];
    expectMatches(run(pattern, input), ['c d', 'c a1 b1 d', 'c a1 b1 a2 b2 d', 'c a1 b1 a2 b2 a3 b3 d']);
  });

  // Flink: GroupITCase#testGroupBegin
  it('a pattern that begins with a group: (a b){1,2} d', () => {
    const pattern = Pattern.begin<Ev>(ab()).times(1, 2).followedBy('end').where(named('d'));
    const input: Input[] = [[a1, 1], [b1, 2], [a2, 3], [b2, 4], [d, 5]];
    expectMatches(run(pattern, input), ['a1 b1 d', 'a2 b2 d', 'a1 b1 a2 b2 d']);
  });
});

describe('negation after a group', () => {
  // c, a1, b1, d, a2, b2, e
  const input = (): Input[] => [
    [c, 1], [a1, 2], [b1, 3], [ev('d', 'd', 3), 4], [ev('a2', 'a', 4), 5], [ev('b2', 'b', 5), 6], [ev('e', 'e', 6), 7],
  ];

  // Flink: GroupITCase#testGroupNotFollowedBy
  it('c any (a b) !d e', () => {
    const pattern = startC().followedByAny(ab()).notFollowedBy('notPattern').where(named('d')).followedBy('end').where(named('e'));
    expectMatches(run(pattern, input()), ['c a2 b2 e']);
  });

  // Flink: GroupITCase#testGroupNotNext
  it('c any (a b) next !d e', () => {
    const pattern = startC().followedByAny(ab()).notNext('notPattern').where(named('d')).followedBy('end').where(named('e'));
    expectMatches(run(pattern, input()), ['c a2 b2 e']);
  });
});

describe('nested groups', () => {
  // d, a1, b1, c1, b2, c2, … as in GroupITCase#testGroupNestTimes
  const dd = ev('d', 'd', 1);
  const na1 = ev('a1', 'a', 2);
  const na2 = ev('a2', 'a', 2);
  const bs = [3, 5, 5, 3, 5, 5].map((price, i) => ev(`b${i + 1}`, 'b', price));
  const cs = [4, 4, 4, 4, 4, 4].map((price, i) => ev(`c${i + 1}`, 'c', price));
  const e = ev('e', 'e', 6);
  const bc = () => Pattern.begin<Ev>('middle2').where(named('b')).followedBy('middle3').where(named('c'));

  // Flink: GroupITCase#testGroupNest
  it('d (a (b c)*)? e', () => {
    const inner = Pattern.begin<Ev>('middle1').where(named('a')).followedBy(bc()).oneOrMore().optional();
    const pattern = Pattern.begin<Ev>('start').where(named('d')).followedBy(inner).optional().followedBy('end').where(named('e'));
    const input: Input[] = [[dd, 1], [na1, 2], [bs[0]!, 3], [cs[0]!, 4], [bs[1]!, 5], [cs[1]!, 6], [e, 7]];
    expectMatches(run(pattern, input), ['d e', 'd a1 e', 'd a1 b1 c1 e', 'd a1 b1 c1 b2 c2 e']);
  });

  const longInput = (breakAfterC4: boolean): Input[] => {
    const inputs: Input[] = [[dd, 1], [na1, 2]];
    let t = 3;
    for (let i = 0; i < 6; i++) {
      if (i === 3) inputs.push([na2, t++]);
      if (i === 4 && breakAfterC4) inputs.push([ev('breaking', 'breaking', 99), t++]);
      inputs.push([bs[i]!, t++], [cs[i]!, t++]);
    }
    inputs.push([e, t]);
    return inputs;
  };

  // Flink: GroupITCase#testGroupNestTimes
  it('d any (a (b c){3}){0, 2} e', () => {
    const inner = Pattern.begin<Ev>('middle1').where(named('a')).followedBy(bc()).times(3);
    const pattern = Pattern.begin<Ev>('start').where(named('d')).followedByAny(inner).times(0, 2).followedBy('end').where(named('e'));
    expectMatches(run(pattern, longInput(false)), [
      'd e',
      'd a1 b1 c1 b2 c2 b3 c3 e',
      'd a2 b4 c4 b5 c5 b6 c6 e',
      'd a1 b1 c1 b2 c2 b3 c3 a2 b4 c4 b5 c5 b6 c6 e',
    ]);
  });

  // Flink: GroupITCase#testGroupNestTimesConsecutive
  it('d any (a (b c){3} consecutive){0, 2} consecutive e, broken inside the second group', () => {
    const inner = Pattern.begin<Ev>('middle1').where(named('a')).followedBy(bc()).times(3).consecutive();
    const pattern = Pattern.begin<Ev>('start')
      .where(named('d'))
      .followedByAny(inner)
      .times(0, 2)
      .consecutive()
      .followedBy('end')
      .where(named('e'));
    expectMatches(run(pattern, longInput(true)), ['d e', 'd a1 b1 c1 b2 c2 b3 c3 e']);
  });
});

describe('optional parts of groups', () => {
  // Flink: GroupITCase#testGroupStartsWithOptionalPattern
  it('a (b? c) d: a group whose first step is optional', () => {
    const group = Pattern.begin<Ev>('middle1').where(named('b')).optional().next('middle2').where(named('c'));
    const pattern = Pattern.begin<Ev>('start').where(named('a')).next(group).next('d').where(named('d'));
    const input: Input[] = [[ev('a', 'a', 1), 1], [ev('c', 'c', 2), 2], [ev('d', 'd', 3), 3]];
    expectShapes(run(pattern, input), ['start=a middle2=c d=d']);
  });

  // Flink: GroupITCase#testFollowedByOptionalGroupPattern
  it('a -> (b c)? next d: with the group skipped, d must directly follow a', () => {
    const group = Pattern.begin<Ev>('middle1').where(named('b')).next('middle2').where(named('c'));
    const pattern = Pattern.begin<Ev>('start').where(named('a')).followedBy(group).optional().next('d').where(named('d'));
    const input: Input[] = [[ev('a', 'a', 1), 1], [ev('d1', 'd', 2), 2], [ev('d2', 'd', 3), 3]];
    expectShapes(run(pattern, input), ['start=a d=d1']);
  });
});

// Flink's NFACompiler reads the pattern-wide window of every step it reaches with getPrevious(),
// the steps of a group too (createGroupPatternState walks the group with createMiddleStates), and
// keeps the shortest. It never reads the window on a group's last step; Cepheus applies that one
// as well rather than drop a window the user wrote.
describe('pattern-wide windows written inside a group', () => {
  const a = () => Pattern.begin<Ev>('a').where(named('a'));
  const input: Input[] = [[ev('a', 'a'), 0], [ev('b', 'b'), 5], [ev('c', 'c'), 15]];

  it('a -> (b within 10 -> c): the window bounds the whole match, from a', () => {
    const group = Pattern.begin<Ev>('b').where(named('b')).within(10).followedBy('c').where(named('c'));
    const recorder = run(a().followedBy(group), input, { endTime: 100 });
    expectMatches(recorder, []);
    expect(recorder.timeouts()).toEqual(['a=a b=b @10']);
  });

  it("a -> (b -> c within 10): on the group's last step too (Flink ignores it there)", () => {
    const group = () => Pattern.begin<Ev>('b').where(named('b')).followedBy('c').where(named('c')).within(10);
    const late = run(a().followedBy(group()), input, { endTime: 100 });
    expectMatches(late, []);
    expect(late.timeouts()).toEqual(['a=a b=b @10']);
    expectMatches(run(a().followedBy(group()), [[ev('a', 'a'), 0], [ev('b', 'b'), 5], [ev('c', 'c'), 9]]), ['a b c']);
  });

  it('begin((b -> c) within 10): a group that starts the pattern', () => {
    const group = Pattern.begin<Ev>('b').where(named('b')).followedBy('c').where(named('c')).within(10);
    const recorder = run(Pattern.begin<Ev>(group), [[ev('b', 'b'), 0], [ev('c', 'c'), 15]], { endTime: 100 });
    expectMatches(recorder, []);
    expect(recorder.timeouts()).toEqual(['b=b @10']);
  });

  it('a -> ((b within 10) -> c): in a nested group', () => {
    const inner = Pattern.begin<Ev>('b').where(named('b')).within(10);
    const outer = Pattern.begin<Ev>(inner).followedBy('c').where(named('c'));
    const recorder = run(a().followedBy(outer), input, { endTime: 100 });
    expectMatches(recorder, []);
    expect(recorder.timeouts()).toEqual(['a=a b=b @10']);
  });

  it('a -> (b within 10 -> c){2}: in a repeated group', () => {
    const group = Pattern.begin<Ev>('b').where(named('b')).within(10).followedBy('c').where(named('c'));
    const pairs: Input[] = [[ev('a', 'a'), 0], [ev('b1', 'b'), 1], [ev('c1', 'c'), 2], [ev('b2', 'b'), 3], [ev('c2', 'c'), 12]];
    const recorder = run(a().followedBy(group).times(2), pairs, { endTime: 100 });
    expectMatches(recorder, []);
    expect(recorder.timeouts()).toEqual(['a=a b=b1,b2 c=c1 @10']);
  });

  it('the shortest of the windows inside and outside the group bounds the match', () => {
    const group = Pattern.begin<Ev>('b').where(named('b')).within(10).followedBy('c').where(named('c'));
    // within(30) on the group step, then on the step after it: 10 from inside the group stays.
    const pattern = a().followedBy(group).within(30).followedBy('d').where(named('d')).within(40);
    expect(pattern.toModel().withinMs).toBe(10);
    const outerShorter = a().within(5).followedBy(group);
    const recorder = run(outerShorter, [[ev('a', 'a'), 0], [ev('b', 'b'), 3], [ev('c', 'c'), 7]], { endTime: 100 });
    expectMatches(recorder, []);
    expect(recorder.timeouts()).toEqual(['a=a b=b @5']);
  });
});
