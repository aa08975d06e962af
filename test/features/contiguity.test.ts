// Contiguity, as Flink CEP defines it: strict (`next`), relaxed (`followedBy`) and
// non-deterministic relaxed (`followedByAny`) between steps, and the same three inside a loop
// (`consecutive()`, default, `allowCombinations()`). Scenarios from Flink's NFAITCase and docs.
import { describe, expect, it } from 'vitest';
import { Pattern } from '../../src/pattern/pattern.js';
import { ev, expectMatches, expectShapes, inOrder, isSub, named, run, sub, type Ev } from './support.js';

describe('contiguity between two steps (docs: pattern "a b" over a, c, b1, b2)', () => {
  const a = ev('a', 'a');
  const c = ev('c', 'c');
  const b1 = ev('b1', 'b');
  const b2 = ev('b2', 'b');
  const input = inOrder(a, c, b1, b2);
  const start = () => Pattern.begin<Ev>('a').where(named('a'));

  // Flink docs, "Conditions on Contiguity": strict contiguity gives no match, c breaks it
  it('strict contiguity (next) needs the very next event', () => {
    expectMatches(run(start().next('b').where(named('b')), input), []);
  });

  // Flink docs, "Conditions on Contiguity": relaxed contiguity skips c and takes the first b
  it('relaxed contiguity (followedBy) skips non-matching events and takes the first match', () => {
    expectMatches(run(start().followedBy('b').where(named('b')), input), ['a b1']);
  });

  // Flink docs, "Conditions on Contiguity": non-deterministic relaxed contiguity also skips b1
  it('non-deterministic relaxed contiguity (followedByAny) also skips matching events', () => {
    expectMatches(run(start().followedByAny('b').where(named('b')), input), ['a b1', 'a b2']);
  });
});

describe('strict contiguity (next)', () => {
  // Flink: NFAITCase#testStrictContinuityWithResults
  it('matches when the second event directly follows the first', () => {
    const a = ev('a', 'a', 2);
    const b = ev('b', 'b', 4);
    const pattern = Pattern.begin<Ev>('middle').where(named('a')).next('end').where(named('b'));
    expectMatches(run(pattern, [[a, 3], [b, 5]]), ['a b']);
  });

  // Flink: NFAITCase#testStrictContinuityNoResults
  it('does not match when any event comes in between', () => {
    const a = ev('a', 'a', 2);
    const c = ev('c', 'c', 3);
    const b = ev('b', 'b', 4);
    const pattern = Pattern.begin<Ev>('middle').where(named('a')).next('end').where(named('b'));
    expectMatches(run(pattern, [[a, 3], [c, 4], [b, 5]]), []);
  });

  // Flink: NFAITCase#testNFAResultKeyOrdering
  it('lists the steps of a match in pattern order, whatever their names', () => {
    const events = [ev('a1', 'a'), ev('b1', 'b'), ev('aa1', 'aa'), ev('bb1', 'bb'), ev('ab1', 'ab')];
    const pattern = Pattern.begin<Ev>('a')
      .where(named('a'))
      .next('b')
      .where(named('b'))
      .next('aa')
      .where(named('aa'))
      .next('bb')
      .where(named('bb'))
      .next('ab')
      .where(named('ab'));
    const recorder = run(pattern, inOrder(...events));
    expect(recorder.matchOutputs()).toHaveLength(1);
    expect(Object.keys(recorder.matchOutputs()[0]!.events)).toEqual(['a', 'b', 'aa', 'bb', 'ab']);
  });
});

describe('relaxed contiguity (followedBy)', () => {
  // Flink: NFAITCase#testNoConditionNFA
  it('pairs each event with the next one when steps have no condition', () => {
    const [a, b, c, d, e] = ['a', 'b', 'c', 'd', 'e'].map((n) => ev(n, n));
    const pattern = Pattern.begin<Ev>('start').followedBy('end');
    expectMatches(run(pattern, inOrder(a!, b!, c!, d!, e!)), ['a b', 'b c', 'c d', 'd e']);
  });

  // Flink: NFAITCase#testSimplePatternNFA
  it('skips events that fail the condition or the subtype', () => {
    const start = ev('start', 'start', 1);
    const middle = sub('middle', 'foo', 1, 10);
    const end = ev('end', 'end', 1);
    const pattern = Pattern.begin<Ev>('start')
      .where(named('start'))
      .followedBy('middle')
      .subtype(isSub)
      .where((e) => e.volume > 5)
      .followedBy('end')
      .where(named('end'));
    const inputs = [
      [start, 1],
      [ev('foobar', 'foobar', 1), 2],
      [sub('barfoo', 'barfoo', 1, 5), 3],
      [middle, 3],
      [ev('start2', 'start', 1), 4],
      [end, 5],
    ] as const;
    expectShapes(run(pattern, inputs), ['start=start middle=middle end=end']);
  });

  // Flink: NFAITCase#testBranchingPatternSkipTillNext
  it('takes only the first matching event at each step', () => {
    const pattern = Pattern.begin<Ev>('start')
      .where(named('start'))
      .followedBy('middle-first')
      .subtype(isSub)
      .where((e) => e.volume > 5)
      .followedBy('middle-second')
      .subtype(isSub)
      .where(named('next-one'))
      .followedByAny('end')
      .where(named('end'));
    expectMatches(run(pattern, branchingInput()), ['start m1 n1 end']);
  });
});

describe('non-deterministic relaxed contiguity (followedByAny)', () => {
  // Flink: NFAITCase#testAnyWithNoConditionNFA
  it('pairs each event with every later one when steps have no condition', () => {
    const [a, b, c, d, e] = ['a', 'b', 'c', 'd', 'e'].map((n) => ev(n, n));
    const pattern = Pattern.begin<Ev>('start').followedByAny('end');
    expectMatches(run(pattern, inOrder(a!, b!, c!, d!, e!)), [
      'a b', 'a c', 'a d', 'a e', 'b c', 'b d', 'b e', 'c d', 'c e', 'd e',
    ]);
  });

  // Flink: NFAITCase#testBranchingPattern
  it('branches at every step', () => {
    const pattern = Pattern.begin<Ev>('start')
      .where(named('start'))
      .followedByAny('middle-first')
      .subtype(isSub)
      .where((e) => e.volume > 5)
      .followedByAny('middle-second')
      .subtype(isSub)
      .where(named('next-one'))
      .followedByAny('end')
      .where(named('end'));
    expectMatches(run(pattern, branchingInput()), [
      'start m1 n1 end', 'start m2 n1 end', 'start m3 n1 end',
      'start m1 n2 end', 'start m2 n2 end', 'start m3 n2 end',
    ]);
  });

  // Flink: NFAITCase#testBranchingPatternMixedFollowedBy
  it('branches only where followedByAny is used', () => {
    const pattern = Pattern.begin<Ev>('start')
      .where(named('start'))
      .followedByAny('middle-first')
      .subtype(isSub)
      .where((e) => e.volume > 5)
      .followedBy('middle-second')
      .subtype(isSub)
      .where(named('next-one'))
      .followedByAny('end')
      .where(named('end'));
    expectMatches(run(pattern, branchingInput()), ['start m1 n1 end', 'start m2 n1 end', 'start m3 n1 end']);
  });
});

describe('contiguity inside a loop (c, d, a1, a2, a3, d, a4, b with c followedBy a+ followedBy b)', () => {
  // Flink's NFAITCase testOneOrMore/testZeroOrMore data: a2 and a3 share a timestamp.
  const c = ev('c', 'c', 1);
  const a1 = ev('a1', 'a', 2);
  const a2 = ev('a2', 'a', 3);
  const a3 = ev('a3', 'a', 4);
  const a4 = ev('a4', 'a', 5);
  const b = ev('b', 'b', 5);
  const input = [
    [c, 1], [ev('d1', 'd', 6), 2], [a1, 3], [a2, 4], [a3, 4], [ev('d2', 'd', 6), 5], [a4, 6], [b, 7],
  ] as const;
  const oneOrMore = () => Pattern.begin<Ev>('start').where(named('c')).followedBy('middle').where(named('a')).oneOrMore();
  const zeroOrMore = () => oneOrMore().optional();
  const end = (p: Pattern<Ev>) => p.followedBy('end1').where(named('b'));

  // Flink: NFAITCase#testStrictOneOrMore
  it('consecutive(): a non-matching event ends the loop', () => {
    expectMatches(run(end(oneOrMore().consecutive()), input), ['c a1 a2 a3 b', 'c a1 a2 b', 'c a1 b']);
  });

  // Flink: NFAITCase#testSkipTillNextOneOrMore
  it('relaxed (default): non-matching events are skipped, matching ones are always taken', () => {
    expectMatches(run(end(oneOrMore()), input), ['c a1 a2 a3 a4 b', 'c a1 a2 a3 b', 'c a1 a2 b', 'c a1 b']);
  });

  // Flink: NFAITCase#testSkipTillAnyOneOrMore
  it('allowCombinations(): matching events may be skipped too', () => {
    expectMatches(run(end(oneOrMore().allowCombinations()), input), [
      'c a1 a2 a3 a4 b', 'c a1 a3 a4 b', 'c a1 a2 a3 b', 'c a1 a2 a4 b',
      'c a1 a2 b', 'c a1 a3 b', 'c a1 a4 b', 'c a1 b',
    ]);
  });

  // Flink: NFAITCase#testStrictEagerZeroOrMore
  it('consecutive() zero-or-more also matches with no loop event', () => {
    expectMatches(run(end(zeroOrMore().consecutive()), input), ['c a1 a2 a3 b', 'c a1 a2 b', 'c a1 b', 'c b']);
  });

  // Flink: NFAITCase#testSkipTillNextZeroOrMore
  it('relaxed zero-or-more', () => {
    expectMatches(run(end(zeroOrMore()), input), ['c a1 a2 a3 a4 b', 'c a1 a2 a3 b', 'c a1 a2 b', 'c a1 b', 'c b']);
  });

  // Flink: NFAITCase#testSkipTillAnyZeroOrMore
  it('allowCombinations() zero-or-more', () => {
    expectMatches(run(end(zeroOrMore().allowCombinations()), input), [
      'c a1 a2 a3 a4 b', 'c a1 a2 a4 b', 'c a1 a3 a4 b', 'c a1 a4 b',
      'c a1 a2 a3 b', 'c a1 a2 b', 'c a1 a3 b', 'c a1 b', 'c b',
    ]);
  });
});

describe('contiguity around loops', () => {
  // Flink: NFAITCase#testStrictContinuityNoResultsAfterZeroOrMore
  it('next after a loop: an event between the loop and the next step breaks the match', () => {
    const pattern = Pattern.begin<Ev>('start')
      .where(named('d'))
      .followedBy('middle')
      .where(named('a'))
      .oneOrMore()
      .optional()
      .next('end')
      .where(named('b'));
    const input = inOrder(ev('d', 'd', 2), ev('a1', 'a', 2), ev('a2', 'a', 2), ev('c', 'c', 3), ev('b', 'b', 4));
    expectMatches(run(pattern, input), []);
  });

  // Flink: NFAITCase#testStrictContinuityResultsAfterZeroOrMore
  it('next after an optional loop: the skipped loop still needs the next event to be strict', () => {
    const d = ev('d', 'd', 2);
    const a1 = ev('a1', 'a', 2);
    const a2 = ev('a2', 'a', 2);
    const b = ev('b', 'b', 4);
    const pattern = Pattern.begin<Ev>('start')
      .where(named('d'))
      .followedByAny('middle')
      .where(named('a'))
      .oneOrMore()
      .optional()
      .allowCombinations()
      .next('end')
      .where(named('b'));
    expectMatches(run(pattern, [[d, 1], [a1, 2], [a2, 3], [b, 5]]), ['d a1 a2 b', 'd a2 b']);
  });

  // Flink: NFAITCase#testNextZeroOrMore
  it('next into a consecutive optional loop: an event in between leaves only the empty loop', () => {
    const start = ev('start', 'start', 1);
    const end = ev('end', 'end', 1);
    const pattern = Pattern.begin<Ev>('start')
      .where(named('start'))
      .next('middle')
      .where(named('middle'))
      .oneOrMore()
      .optional()
      .consecutive()
      .followedBy('end')
      .where(named('end'));
    const input = [
      [start, 1], [ev('event', 'event', 1), 2], [ev('m1', 'middle', 2), 3], [ev('m2', 'middle', 3), 4],
      [ev('m3', 'middle', 4), 5], [end, 6],
    ] as const;
    expectMatches(run(pattern, input), ['start end']);
  });

  // Flink: NFAITCase#testStartWithZeroOrMoreStrict and #testStartWithOneOrMoreStrict
  it.each([
    ['zero or more', Pattern.begin<Ev>('start').where(named('a')).oneOrMore().optional().consecutive()],
    ['one or more', Pattern.begin<Ev>('start').where(named('a')).oneOrMore().consecutive()],
  ])('a pattern that is only a consecutive loop (%s) emits every run and never an empty match', (_, pattern) => {
    const input = [
      [ev('c1', 'c', 1), 1], [ev('a1', 'a', 2), 3], [ev('c2', 'c', 1), 4], [ev('a2', 'a', 3), 5], [ev('a3', 'a', 4), 6],
    ] as const;
    expectMatches(run(pattern, input), ['a1', 'a2 a3', 'a2', 'a3']);
  });

  // Flink: NFAITCase#testNFAResultOrdering
  it('events of each step are listed in order', () => {
    const input = [
      [ev('a1', 'a-1', 2), 1], [ev('a2', 'a-2', 3), 3], [ev('a3', 'a-3', 4), 4], [ev('a4', 'a-4', 5), 5],
      [ev('b1', 'b-1', 6), 6], [ev('b2', 'b-2', 7), 7], [ev('b3', 'b-3', 8), 10],
    ] as const;
    const pattern = Pattern.begin<Ev>('start')
      .where((e) => e.name.startsWith('a-'))
      .times(4)
      .allowCombinations()
      .followedByAny('middle')
      .where((e) => e.name.startsWith('b-'))
      .times(3)
      .consecutive();
    expectShapes(run(pattern, input), ['start=a1,a2,a3,a4 middle=b1,b2,b3']);
  });

  // Flink: NFAITCase#testMultipleTakesVersionCollision. After an allowCombinations loop skips an
  // event it cannot hand over to the next step until it takes another one, so `middle2` always
  // starts with the event right after the last event of `middle1`.
  it('two combination loops in a row split the events only where the first loop last took one', () => {
    const c = ev('c', 'c', 1);
    const as = [2, 3, 4, 5, 6].map((price, i) => ev(`a${i + 1}`, 'a', price));
    const b = ev('b', 'b', 5);
    const pattern = Pattern.begin<Ev>('start')
      .where(named('c'))
      .followedBy('middle1')
      .where(named('a'))
      .oneOrMore()
      .allowCombinations()
      .followedBy('middle2')
      .where(named('a'))
      .oneOrMore()
      .allowCombinations()
      .followedBy('end')
      .where(named('b'));
    const input = [[c, 1], ...as.map((a, i) => [a, i + 3] as const), [b, 10]] as const;
    const shape = (m1: string, m2: string) => `start=c middle1=${m1} middle2=${m2} end=b`;
    expectShapes(run(pattern, input), [
      shape('a1', 'a2'),
      shape('a1', 'a2,a3'),
      shape('a1', 'a2,a4'),
      shape('a1', 'a2,a5'),
      shape('a1', 'a2,a3,a4'),
      shape('a1', 'a2,a3,a5'),
      shape('a1', 'a2,a4,a5'),
      shape('a1', 'a2,a3,a4,a5'),
      shape('a1,a2', 'a3'),
      shape('a1,a2', 'a3,a4'),
      shape('a1,a2', 'a3,a5'),
      shape('a1,a2', 'a3,a4,a5'),
      shape('a1,a3', 'a4'),
      shape('a1,a3', 'a4,a5'),
      shape('a1,a2,a3', 'a4'),
      shape('a1,a2,a3', 'a4,a5'),
      shape('a1,a4', 'a5'),
      shape('a1,a2,a4', 'a5'),
      shape('a1,a3,a4', 'a5'),
      shape('a1,a2,a3,a4', 'a5'),
    ]);
  });
});

describe('docs: pattern "a b+ c" over a, b1, d1, b2, d2, b3, c', () => {
  const a = ev('a', 'a');
  const b1 = ev('b1', 'b');
  const b2 = ev('b2', 'b');
  const b3 = ev('b3', 'b');
  const c = ev('c', 'c');
  const input = inOrder(a, b1, ev('d1', 'd'), b2, ev('d2', 'd'), b3, c);
  const bs = () => Pattern.begin<Ev>('a').where(named('a')).followedByAny('b').where(named('b')).oneOrMore();

  // Flink docs, "Contiguity within looping patterns", relaxed row
  it('relaxed contiguity between the b events', () => {
    expectMatches(run(bs().followedBy('c').where(named('c')), input), [
      'a b1 c', 'a b1 b2 c', 'a b1 b2 b3 c', 'a b2 c', 'a b2 b3 c', 'a b3 c',
    ]);
  });

  // Flink docs, "Contiguity within looping patterns", non-deterministic relaxed row
  it('non-deterministic relaxed contiguity between the b events adds a b1 b3 c', () => {
    expectMatches(run(bs().allowCombinations().followedBy('c').where(named('c')), input), [
      'a b1 c', 'a b1 b2 c', 'a b1 b3 c', 'a b1 b2 b3 c', 'a b2 c', 'a b2 b3 c', 'a b3 c',
    ]);
  });

  // Flink docs, "Contiguity within looping patterns", strict row ({a b3 c}): that row holds when c
  // must follow the last b directly; d1 ends the run b1 and d2 the run b2.
  it('strict contiguity between the b events, with c strictly after them', () => {
    expectMatches(run(bs().consecutive().next('c').where(named('c')), input), ['a b3 c']);
  });

  // Flink: NFAITCase#testStrictOneOrMore semantics applied to the docs input. With c relaxed
  // (followedBy), d1 only ends the run of b's; the partial match a b1 still waits for c, as
  // Flink's NFA proceeds out of the loop before ignoring d1.
  it('strict contiguity between the b events, with c relaxed after them', () => {
    expectMatches(run(bs().consecutive().followedBy('c').where(named('c')), input), ['a b1 c', 'a b2 c', 'a b3 c']);
  });
});

/** NFAITCase#testBranchingPattern input: start, three SubEvents with volume 10, two "next-one", end. */
function branchingInput() {
  return [
    [ev('start', 'start', 1), 1],
    [sub('m1', 'foo1', 1, 10), 3],
    [sub('m2', 'foo2', 1, 10), 4],
    [sub('m3', 'foo3', 1, 10), 5],
    [sub('n1', 'next-one', 1, 2), 6],
    [sub('n2', 'next-one', 1, 2), 7],
    [ev('end', 'end', 1), 8],
  ] as const;
}
