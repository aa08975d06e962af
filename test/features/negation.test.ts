// Negation: notNext (the event right after the previous step must not match) and notFollowedBy
// (no matching event before the next step; as the last step, none before the window ends).
// Scenarios from Flink's NotPatternITCase and NFAITCase.
import { describe, expect, it } from 'vitest';
import { runMatcher } from '../../src/nfa/matcher.js';
import { Pattern } from '../../src/pattern/pattern.js';
import { AfterMatchSkipStrategy } from '../../src/pattern/skip-strategy.js';
import { Recorder, ev, expectMatches, expectShapes, named, run, type Ev, type Input } from './support.js';

const isA = named('a');
const isB = named('b');
const isC = named('c');
const isD = named('d');

describe('notNext', () => {
  // Flink: NotPatternITCase#testNotNext
  it('kills only the partial match whose very next event matches', () => {
    const a1 = ev('a1', 'a', 1);
    const c1 = ev('c1', 'c', 2);
    const b1 = ev('b1', 'b', 3);
    const c2 = ev('c2', 'c', 4);
    const d = ev('d', 'd', 4);
    const pattern = Pattern.begin<Ev>('start')
      .where(isA)
      .notNext('notPattern')
      .where(isB)
      .followedByAny('middle')
      .where(isC)
      .followedBy('end')
      .where(isD);
    expectShapes(run(pattern, [[a1, 1], [c1, 2], [b1, 3], [c2, 4], [d, 5]]), [
      'start=a1 middle=c1 end=d',
      'start=a1 middle=c2 end=d',
    ]);
  });

  // Flink: NotPatternITCase#testNotNextNoMatches
  it('a matching next event kills the partial match', () => {
    const pattern = Pattern.begin<Ev>('start')
      .where(isA)
      .notNext('notPattern')
      .where(isB)
      .followedBy('middle')
      .where(isC)
      .followedBy('end')
      .where(isD);
    const input: Input[] = [[ev('a1', 'a', 1), 1], [ev('b1', 'b', 3), 2], [ev('c1', 'c', 2), 3], [ev('c2', 'c', 4), 4], [ev('d', 'd', 4), 5]];
    expectMatches(run(pattern, input), []);
  });

  // Flink: NotPatternITCase#testNotNextNoMatchesAtTheEnd
  it('as the last step, it waits for the next event and drops the match when it matches', () => {
    const pattern = Pattern.begin<Ev>('start')
      .where(isA)
      .followedByAny('middle')
      .where(isC)
      .followedByAny('end')
      .where(isD)
      .notNext('notPattern')
      .where(isB);
    const input: Input[] = [[ev('a1', 'a', 1), 1], [ev('c1', 'c', 2), 2], [ev('c2', 'c', 4), 3], [ev('d', 'd', 4), 4], [ev('b1', 'b', 3), 5]];
    expectMatches(run(pattern, input), []);
  });

  describe('after a loop (a, b1, c, b2, d with a b+ !c d)', () => {
    const data = () => {
      const [a1, b1, c1, b2, d1] = [ev('a1', 'a', 1), ev('b1', 'b', 2), ev('c1', 'c', 5), ev('b2', 'b', 3), ev('d1', 'd', 9)];
      return [[a1, 0], [b1, 1], [c1, 2], [b2, 3], [d1, 4]] as Input[];
    };
    const pattern = (any: boolean) => {
      const a = Pattern.begin<Ev>('a').where(isA);
      return (any ? a.followedByAny('b') : a.followedBy('b'))
        .where(isB)
        .oneOrMore()
        .notNext('notC')
        .where(isC)
        .followedBy('d')
        .where(isD);
    };

    // Flink: NotPatternITCase#testNotNextAfterOneOrMoreSkipTillNext
    it('followedBy: c right after the b run kills it, and b1 cannot be skipped', () => {
      expectMatches(run(pattern(false), data()), []);
    });

    // Flink: NotPatternITCase#testNotNextAfterOneOrMoreSkipTillAny
    it('followedByAny: a run starting at b2 survives', () => {
      expectMatches(run(pattern(true), data()), ['a1 b2 d1']);
    });
  });
});

describe('notFollowedBy between steps', () => {
  // Flink: NotPatternITCase#testNotFollowedBy
  it('a matching event before the next step kills the partial match', () => {
    const pattern = Pattern.begin<Ev>('start')
      .where(isA)
      .notFollowedBy('notPattern')
      .where(isB)
      .followedByAny('middle')
      .where(isC)
      .followedBy('end')
      .where(isD);
    const input: Input[] = [[ev('a1', 'a', 1), 1], [ev('c1', 'c', 2), 2], [ev('b1', 'b', 3), 3], [ev('c2', 'c', 4), 4], [ev('d', 'd', 4), 5]];
    expectMatches(run(pattern, input), ['a1 c1 d']);
  });

  // Flink: NotPatternITCase#testNotFollowedByBeforeOptional
  it('before an optional step, the negation reaches to the step after it', () => {
    const pattern = Pattern.begin<Ev>('start')
      .where(isA)
      .notFollowedBy('notPattern')
      .where(isB)
      .followedByAny('middle')
      .where(isC)
      .optional()
      .followedBy('end')
      .where(isD);
    const input: Input[] = [[ev('a1', 'a', 1), 1], [ev('c1', 'c', 2), 2], [ev('b1', 'b', 3), 3], [ev('c2', 'c', 4), 4], [ev('d', 'd', 4), 5]];
    expectMatches(run(pattern, input), ['a1 c1 d']);
  });

  // Flink: NotPatternITCase#testNotFollowedByWithBranchingAtStart
  it('each start is negated on its own', () => {
    const pattern = Pattern.begin<Ev>('start')
      .where(isA)
      .notFollowedBy('notPattern')
      .where(isB)
      .followedBy('middle')
      .where(isC)
      .followedBy('end')
      .where(isD);
    const input: Input[] = [
      [ev('a1', 'a', 1), 1], [ev('b1', 'b', 3), 2], [ev('c1', 'c', 2), 3], [ev('a2', 'a', 4), 4], [ev('c2', 'c', 5), 5], [ev('d', 'd', 6), 6],
    ];
    expectMatches(run(pattern, input), ['a2 c2 d']);
  });

  // Flink: NotPatternITCase#testNotFollowedByBeforeOptionalAtTheEnd
  it('before an optional last step, the start alone completes at once', () => {
    const pattern = Pattern.begin<Ev>('start')
      .where(isA)
      .notFollowedBy('notPattern')
      .where(isB)
      .followedByAny('end')
      .where(isC)
      .optional();
    const input: Input[] = [[ev('a1', 'a', 1), 1], [ev('c1', 'c', 2), 2], [ev('b1', 'b', 3), 3], [ev('c2', 'c', 4), 4]];
    expectShapes(run(pattern, input), ['start=a1 end=c1', 'start=a1']);
  });

  // Flink: NotPatternITCase#testNotFollowedByBeforeOptionalTimes
  it('before a times(2) step, it applies only until the first event of that step', () => {
    const pattern = Pattern.begin<Ev>('start')
      .where(isA)
      .notFollowedBy('notPattern')
      .where(isB)
      .followedByAny('middle')
      .where(isC)
      .times(2)
      .optional()
      .followedBy('end')
      .where(isD);
    const input: Input[] = [[ev('a1', 'a', 1), 1], [ev('c1', 'c', 2), 2], [ev('b1', 'b', 3), 3], [ev('c2', 'c', 4), 4], [ev('d', 'd', 4), 5]];
    expectMatches(run(pattern, input), ['a1 c1 c2 d']);
  });

  // Flink: NotPatternITCase#testTimesWithNotFollowedBy
  it('after a times(2) step, it also applies between the events of that step', () => {
    const pattern = Pattern.begin<Ev>('start')
      .where(isA)
      .followedByAny('middle')
      .where(isB)
      .times(2)
      .notFollowedBy('notPattern')
      .where(isC)
      .followedBy('end')
      .where(isD);
    const input: Input[] = [[ev('a1', 'a', 1), 1], [ev('b1', 'b', 2), 2], [ev('c', 'c', 3), 3], [ev('b2', 'b', 4), 4], [ev('d', 'd', 4), 5]];
    expectMatches(run(pattern, input), []);
  });

  // Flink: NotPatternITCase#testIgnoreStateOfTimesWithNotFollowedBy (timestamps made monotonic)
  it('a completed match is not undone by a later negated event', () => {
    const pattern = Pattern.begin<Ev>('start')
      .where(isA)
      .notFollowedBy('notPattern')
      .where(isB)
      .followedByAny('middle')
      .where(isC)
      .times(2)
      .optional()
      .followedBy('end')
      .where(isD);
    const input: Input[] = [
      [ev('a1', 'a', 1), 1], [ev('d1', 'd', 6), 2], [ev('e', 'e', 2), 3], [ev('b1', 'b', 4), 4],
      [ev('c1', 'c', 3), 5], [ev('c2', 'c', 5), 6], [ev('d2', 'd', 7), 7],
    ];
    expectMatches(run(pattern, input), ['a1 d1']);
  });

  // Flink: NotPatternITCase#testTimesWithNotFollowedByAfter (timestamps made monotonic)
  it('after a times(2) step, a negated event before the next step kills it', () => {
    const pattern = Pattern.begin<Ev>('start')
      .where(isA)
      .followedByAny('middle')
      .where(isB)
      .times(2)
      .notFollowedBy('notPattern')
      .where(isC)
      .followedBy('end')
      .where(isD);
    const input: Input[] = [
      [ev('a1', 'a', 1), 1], [ev('d1', 'd', 7), 2], [ev('e', 'e', 2), 3], [ev('b1', 'b', 4), 4],
      [ev('b2', 'b', 5), 5], [ev('c1', 'c', 3), 6], [ev('d2', 'd', 8), 7],
    ];
    expectMatches(run(pattern, input), []);
  });
});

// NotPatternITCase's NotFollowByData: a, b, b, b, c, b, b, b, d
const notFollowByData = () => ({
  a1: ev('a1', 'a', 1),
  b1: ev('b1', 'b', 2),
  b2: ev('b2', 'b', 3),
  b3: ev('b3', 'b', 4),
  c1: ev('c1', 'c', 5),
  b4: ev('b4', 'b', 6),
  b5: ev('b5', 'b', 7),
  b6: ev('b6', 'b', 8),
  d1: ev('d1', 'd', 9),
});

describe('notFollowedBy after a loop: a b+ !c d over a, b1, b2, b3, c1, b4, b5, b6, d1', () => {
  const input = () => {
    const e = notFollowByData();
    return [e.a1, e.b1, e.b2, e.b3, e.c1, e.b4, e.b5, e.b6, e.d1].map((x, i) => [x, i] as const);
  };
  const pattern = (any: boolean, combinations: boolean) => {
    const a = Pattern.begin<Ev>('a').where(isA);
    const loop = (any ? a.followedByAny('b') : a.followedBy('b')).where(isB).oneOrMore();
    return (combinations ? loop.allowCombinations() : loop).notFollowedBy('notC').where(isC).followedBy('d').where(isD);
  };

  it.each([
    // Flink: NotPatternITCase#testNotFollowedByNextAfterOneOrMoreEager
    ['followedBy, relaxed loop', false, false, []],
    // Flink: NotPatternITCase#testNotFollowedByNextAfterOneOrMoreCombinations
    ['followedBy, allowCombinations loop', false, true, []],
    // Flink: NotPatternITCase#testNotFollowedByAnyAfterOneOrMoreEager
    ['followedByAny, relaxed loop', true, false, [
      'a1 b4 b5 b6 d1', 'a1 b4 b5 d1', 'a1 b4 d1', 'a1 b5 b6 d1', 'a1 b5 d1', 'a1 b6 d1',
    ]],
    // Flink: NotPatternITCase#testNotFollowedByAnyAfterOneOrMoreCombinations
    ['followedByAny, allowCombinations loop', true, true, [
      'a1 b4 b5 b6 d1', 'a1 b4 b5 d1', 'a1 b4 b6 d1', 'a1 b4 d1', 'a1 b5 b6 d1', 'a1 b5 d1', 'a1 b6 d1',
    ]],
  ] as const)('%s', (_, any, combinations, expected) => {
    expectMatches(run(pattern(any, combinations), input()), expected);
  });
});

describe('notFollowedBy before a loop: a !c b+ d over a, b1, c1, b4, b5, b6, d1', () => {
  const input = () => {
    const e = notFollowByData();
    return [e.a1, e.b1, e.c1, e.b4, e.b5, e.b6, e.d1].map((x, i) => [x, i] as const);
  };
  const pattern = (any: boolean, combinations: boolean, optional: boolean) => {
    const a = Pattern.begin<Ev>('a').where(isA).notFollowedBy('notC').where(isC);
    const loop = (any ? a.followedByAny('b') : a.followedBy('b')).where(isB).oneOrMore();
    const maybeOptional = optional ? loop.optional() : loop;
    return (combinations ? maybeOptional.allowCombinations() : maybeOptional).followedBy('d').where(isD);
  };
  const runs = ['a1 b1 b4 b5 b6 d1', 'a1 b1 b4 b5 d1', 'a1 b1 b4 d1', 'a1 b1 d1'];
  const combinations = [...runs, 'a1 b1 b4 b6 d1', 'a1 b1 b5 b6 d1', 'a1 b1 b5 d1', 'a1 b1 b6 d1'];

  it.each([
    // Flink: NotPatternITCase#testNotFollowedByBeforeOneOrMoreEager
    ['followedBy, relaxed oneOrMore', false, false, false, runs],
    // Flink: NotPatternITCase#testNotFollowedByBeforeOneOrMoreCombinations
    ['followedBy, allowCombinations oneOrMore', false, true, false, combinations],
    // Flink: NotPatternITCase#testNotFollowedByAnyBeforeOneOrMoreEager
    ['followedByAny, relaxed oneOrMore', true, false, false, runs],
    // Flink: NotPatternITCase#testNotFollowedByAnyBeforeOneOrMoreCombinations
    ['followedByAny, allowCombinations oneOrMore', true, true, false, combinations],
    // Flink: NotPatternITCase#testNotFollowedByBeforeZeroOrMoreEagerSkipTillNext
    ['followedBy, relaxed zero-or-more (c kills the empty run)', false, false, true, runs],
    // Flink: NotPatternITCase#testNotFollowedByBeforeZeroOrMoreCombinationsSkipTillNext
    ['followedBy, allowCombinations zero-or-more', false, true, true, combinations],
    // Flink: NotPatternITCase#testNotFollowedByBeforeZeroOrMoreEagerSkipTillAny
    ['followedByAny, relaxed zero-or-more', true, false, true, runs],
    // Flink: NotPatternITCase#testNotFollowedByBeforeZeroOrMoreCombinationsSkipTillAny
    ['followedByAny, allowCombinations zero-or-more', true, true, true, combinations],
  ] as const)('%s', (_, any, combos, optional, expected) => {
    expectMatches(run(pattern(any, combos, optional), input()), expected);
  });
});

describe('notFollowedBy at the end of a pattern with within', () => {
  // Flink: NotPatternITCase#testNotFollowedByWithinFirstAndLastAtEnd
  it('completes when the window ends without a negated event', () => {
    const pattern = Pattern.begin<Ev>('a').where(isA).notFollowedBy('b').where(isB).within(3);
    const input = [
      [ev('a1', 'a', 1), 1], [ev('b1', 'b', 2), 2], [ev('a2', 'a', 3), 4], [ev('c', 'c', 4), 5],
      [ev('b2', 'b', 5), 10], [ev('a3', 'a', 7), 11], [ev('b3', 'b', 8), 13],
    ] as const;
    const outputs = runMatcher(pattern, input.map(([event, timestamp]) => ({ event, timestamp })), { endTime: Infinity });
    const matches = outputs.flatMap((o) => (o.kind === 'match' ? [Object.values(o.events).flat().map((e) => e.id).join(' ')] : []));
    expect(matches).toEqual(['a2']);
  });

  // Flink: NFAITCase#testPendingStateMatchesWithinFirstAndLast
  it('emits pending matches when later events advance time', () => {
    const pattern = Pattern.begin<Ev>('start').where(named('start')).notFollowedBy('middle').where(named('middle')).within(5);
    const input: Input[] = [
      [ev('s1', 'start', 1), 1], [ev('m2', 'middle', 1), 4], [ev('s3', 'start', 1), 5], [ev('s4', 'start', 1), 11], [ev('m5', 'middle', 1), 18],
    ];
    expectShapes(run(pattern, input), ['start=s3', 'start=s4']);
  });

  // Boundary of NFAITCase#testPendingStateMatchesWithinFirstAndLast: the window is [1, 4); time 4
  // completes the match before an event at 4 is consumed.
  it('completes exactly when time reaches start + within, before an event at that time', () => {
    const pattern = Pattern.begin<Ev>('a').where(isA).notFollowedBy('b').where(isB).within(3);
    const recorder = new Recorder(pattern);
    recorder.push(ev('a1', 'a'), 1);
    expect(recorder.advanceTime(3)).toEqual([]);
    recorder.push(ev('b1', 'b'), 4);
    expect(recorder.shapes()).toEqual(['a=a1']);
  });

  // Flink: NotPatternITCase#testNotFollowByBeforeTimesWithin
  it('before an optional times(0, 2) last step, each prefix is emitted within the window', () => {
    const pattern = Pattern.begin<Ev>('a')
      .where(isA)
      .notFollowedBy('b')
      .where(isB)
      .followedBy('c')
      .where(isC)
      .times(0, 2)
      .within(3);
    const input: Input[] = [
      [ev('a1', 'a', 1), 1], [ev('b1', 'b', 2), 2], [ev('a2', 'a', 3), 10], [ev('c1', 'c', 4), 11],
      [ev('c2', 'c', 5), 12], [ev('a3', 'a', 7), 20], [ev('c3', 'c', 8), 21], [ev('c4', 'c', 8), 24],
    ];
    expectMatches(run(pattern, input), ['a1', 'a2', 'a2 c1', 'a2 c1 c2', 'a3', 'a3 c3']);
  });

  // Flink: NotPatternITCase#testNotFollowedByWithinAtEndAfterMatch
  it('with skipPastLastEvent, only the first of the pending matches that complete together is emitted', () => {
    const pattern = Pattern.begin<Ev>('a', AfterMatchSkipStrategy.skipPastLastEvent())
      .where(isA)
      .oneOrMore()
      .allowCombinations()
      .followedBy('c')
      .where(isC)
      .notFollowedBy('b')
      .where(isB)
      .within(5);
    const input: Input[] = [
      [ev('a1', 'a', 1), 1], [ev('a2', 'a', 2), 2], [ev('a3', 'a', 3), 3], [ev('c1', 'c', 4), 4], [ev('c2', 'c', 5), 10],
    ];
    expectMatches(run(pattern, input), ['a1 a2 a3 c1']);
  });
});

describe('a negation in the middle is asked only of the events after the step before it', () => {
  it('its condition is not called on the event that step takes (it could not complete a match there)', () => {
    type Ev = { kind: string; v: number };
    const asked: string[] = [];
    const pattern = Pattern.begin<Ev>('a')
      .where((e) => e.kind === 'a')
      .notNext('n')
      .where((e, ctx) => {
        asked.push(e.kind);
        return ctx.eventsFor('a')[0]!.v < e.v; // reads the a: throws if asked before a is taken
      })
      .followedBy('c')
      .where((e) => e.kind === 'c');
    const events = [
      { kind: 'a', v: 1 },
      { kind: 'x', v: 0 },
      { kind: 'c', v: 0 },
    ].map((event, i) => ({ event, timestamp: i }));
    const outputs = runMatcher(pattern, events, { endTime: Infinity });
    expect(outputs.map((out) => out.kind)).toEqual(['match']);
    expect(asked).toEqual(['x']);
  });
});
