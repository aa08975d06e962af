// After-match skip strategies: noSkip, skipToNext, skipPastLastEvent, skipToFirst(step) and
// skipToLast(step), which prune partial matches by their start event once a match is emitted.
// With throwOnMiss, a match whose target step has no event (or whose target is the match's own
// first event) is reported as a `skip-target-missing` error output instead of being emitted.
// Scenarios from Flink's AfterMatchSkipITCase and the docs' tables.
import { describe, expect, it } from 'vitest';
import { Pattern } from '../../src/pattern/pattern.js';
import { AfterMatchSkipStrategy, type SkipStrategy } from '../../src/pattern/skip-strategy.js';
import { contains, ev, expectMatches, expectShapes, inOrder, named, run, type Ev } from './support.js';

describe('a{3} over six a events', () => {
  const events = () => [1, 2, 3, 4, 5, 6].map((i) => ev(`a${i}`, 'a'));
  const pattern = (skip: SkipStrategy) => Pattern.begin<Ev>('start', skip).where(named('a')).times(3);

  // Flink: AfterMatchSkipITCase#testNoSkip
  it('noSkip emits overlapping matches', () => {
    expectMatches(run(pattern(AfterMatchSkipStrategy.noSkip()), inOrder(...events())), [
      'a1 a2 a3', 'a2 a3 a4', 'a3 a4 a5', 'a4 a5 a6',
    ]);
  });

  // Flink: AfterMatchSkipITCase#testSkipPastLast
  it('skipPastLastEvent starts again after the last event of the match', () => {
    expectMatches(run(pattern(AfterMatchSkipStrategy.skipPastLastEvent()), inOrder(...events())), ['a1 a2 a3', 'a4 a5 a6']);
  });
});

describe('a followedByAny b over a1, b1, a2, b2', () => {
  const input = () => inOrder(ev('a1', 'a'), ev('b1', 'b'), ev('a2', 'a'), ev('b2', 'b'));
  const pattern = (skip: SkipStrategy) => Pattern.begin<Ev>('start').where(named('a')).followedByAny('end').where(named('b')).withSkipStrategy(skip);

  // Flink: AfterMatchSkipITCase#testNoSkipWithFollowedByAny
  it('noSkip', () => {
    expectMatches(run(pattern(AfterMatchSkipStrategy.noSkip()), input()), ['a1 b1', 'a1 b2', 'a2 b2']);
  });

  // Flink: AfterMatchSkipITCase#testSkipToNextWithFollowedByAny
  it('skipToNext drops the other partial matches that started at a1', () => {
    expectMatches(run(pattern(AfterMatchSkipStrategy.skipToNext()), input()), ['a1 b1', 'a2 b2']);
  });
});

describe('docs: a b+ over a, b1, b2, b3 (a next b+)', () => {
  const input = () => inOrder(ev('a1', 'a'), ev('b1', 'b'), ev('b2', 'b'), ev('b3', 'b'));
  const pattern = (skip: SkipStrategy) => Pattern.begin<Ev>('start').where(named('a')).next('end').where(named('b')).oneOrMore().withSkipStrategy(skip);

  // Flink: AfterMatchSkipITCase#testNoSkipWithQuantifierAtTheEnd
  it('noSkip emits every prefix', () => {
    expectMatches(run(pattern(AfterMatchSkipStrategy.noSkip()), input()), ['a1 b1 b2 b3', 'a1 b1 b2', 'a1 b1']);
  });

  // Flink: AfterMatchSkipITCase#testSkipToNextWithQuantifierAtTheEnd
  it('skipToNext stops after the first match that starts at a', () => {
    expectMatches(run(pattern(AfterMatchSkipStrategy.skipToNext()), input()), ['a1 b1']);
  });
});

describe('docs: the b+ c table, as AfterMatchSkipITCase writes it: a+ (consecutive, greedy) next b over a1, a2, a3, b1', () => {
  const input = () => inOrder(ev('a1', 'a1'), ev('a2', 'a2'), ev('a3', 'a3'), ev('b1', 'b1'));
  const pattern = (skip: SkipStrategy) =>
    Pattern.begin<Ev>('a', skip).where(contains('a')).oneOrMore().consecutive().greedy().next('b').where(contains('b'));

  // Flink: AfterMatchSkipITCase#testNoSkipWithOneOrMoreAtBeginning
  it('noSkip', () => {
    expectMatches(run(pattern(AfterMatchSkipStrategy.noSkip()), input()), ['a1 a2 a3 b1', 'a2 a3 b1', 'a3 b1']);
  });

  // Flink docs, SKIP_TO_NEXT row of the b+ c table: no other match starts at the first event
  it('skipToNext', () => {
    expectMatches(run(pattern(AfterMatchSkipStrategy.skipToNext()), input()), ['a1 a2 a3 b1', 'a2 a3 b1', 'a3 b1']);
  });

  // Flink: AfterMatchSkipITCase#testSkipPastLastWithOneOrMoreAtBeginning
  it('skipPastLastEvent', () => {
    expectMatches(run(pattern(AfterMatchSkipStrategy.skipPastLastEvent()), input()), ['a1 a2 a3 b1']);
  });

  // Flink: AfterMatchSkipITCase#testSkipToFirstWithOneOrMoreAtBeginning
  it('skipToFirst: the target is the first event of the match, so nothing is skipped', () => {
    expectMatches(run(pattern(AfterMatchSkipStrategy.skipToFirst('a')), input()), ['a1 a2 a3 b1', 'a2 a3 b1', 'a3 b1']);
  });

  // Flink: AfterMatchSkipITCase#testSkipToLastWithOneOrMoreAtBeginning
  it('skipToLast drops the match that started between the first and the last a', () => {
    expectMatches(run(pattern(AfterMatchSkipStrategy.skipToLast('a')), input()), ['a1 a2 a3 b1', 'a3 b1']);
  });
});

describe('skipToFirst and skipToLast', () => {
  const abs = (n: number) => Array.from({ length: n }, (_, i) => ev(`ab${i + 1}`, 'ab'));
  const aaThenBb = (skip: SkipStrategy) =>
    Pattern.begin<Ev>('start', skip).where(contains('a')).times(2).next('end').where(contains('b')).times(2);

  // Flink: AfterMatchSkipITCase#testSkipToFirst
  it('skipToFirst(end) resumes at the first event of end', () => {
    expectShapes(run(aaThenBb(AfterMatchSkipStrategy.skipToFirst('end')), inOrder(...abs(6))), [
      'start=ab1,ab2 end=ab3,ab4',
      'start=ab3,ab4 end=ab5,ab6',
    ]);
  });

  // Flink: AfterMatchSkipITCase#testSkipToLast
  it('skipToLast(end) resumes at the last event of end', () => {
    expectMatches(run(aaThenBb(AfterMatchSkipStrategy.skipToLast('end')), inOrder(...abs(7))), ['ab1 ab2 ab3 ab4', 'ab4 ab5 ab6 ab7']);
  });

  const abLoop = (skip: SkipStrategy) =>
    Pattern.begin<Ev>('a', skip).where(contains('a')).next('b').where(contains('b')).oneOrMore().consecutive();
  const abLoopInput = () => inOrder(...['a1', 'b1', 'a2', 'b2', 'b3', 'a3', 'b4'].map((n) => ev(n, n)));

  // Flink: AfterMatchSkipITCase#testSkipToFirstWithOneOrMore
  it('skipToFirst(b) after a next b+', () => {
    expectMatches(run(abLoop(AfterMatchSkipStrategy.skipToFirst('b')), abLoopInput()), ['a1 b1', 'a2 b2', 'a3 b4']);
  });

  // Flink: AfterMatchSkipITCase#testSkipToLastWithOneOrMore
  it('skipToLast(b) after a next b+', () => {
    expectMatches(run(abLoop(AfterMatchSkipStrategy.skipToLast('b')), abLoopInput()), ['a1 b1', 'a2 b2', 'a3 b4']);
  });

  // Flink: AfterMatchSkipITCase#testSkipToFirstWithOptionalMatch
  it('skipToFirst(b) when the optional step before b is absent', () => {
    const pattern = Pattern.begin<Ev>('x', AfterMatchSkipStrategy.skipToFirst('b'))
      .where(contains('x'))
      .oneOrMore()
      .optional()
      .next('b')
      .where(contains('b'))
      .next('c')
      .where(contains('c'));
    const input = inOrder(...['ab1', 'c1', 'ab2', 'c2'].map((n) => ev(n, n)));
    expectShapes(run(pattern, input), ['b=ab1 c=c1', 'b=ab2 c=c2']);
  });

  // Flink: AfterMatchSkipITCase#testSkipToFirstAtStartPosition
  it('skipToFirst of the first step behaves as noSkip', () => {
    const pattern = Pattern.begin<Ev>('b', AfterMatchSkipStrategy.skipToFirst('b')).where(contains('b')).next('c').where(contains('c'));
    const input = inOrder(...['ab1', 'c1', 'ab2', 'c2'].map((n) => ev(n, n)));
    expectMatches(run(pattern, input), ['ab1 c1', 'ab2 c2']);
  });

  // Flink: AfterMatchSkipITCase#testSkipToFirstDiscarding (the docs' (a | c) (b | c) c+.greedy d example)
  it('skipToFirst(cs) with a greedy loop', () => {
    const pattern = Pattern.begin<Ev>('aOrC', AfterMatchSkipStrategy.skipToFirst('cs'))
      .where((e) => e.name.includes('a') || e.name.includes('c'))
      .followedBy('bOrC')
      .where((e) => e.name.includes('b') || e.name.includes('c'))
      .followedBy('cs')
      .where(contains('c'))
      .oneOrMore()
      .greedy()
      .followedBy('d')
      .where(contains('d'));
    const input = inOrder(...['a', 'b', 'c1', 'c2', 'c3', 'd'].map((n) => ev(n, n)));
    expectMatches(run(pattern, input), ['a b c1 c2 c3 d', 'c1 c2 c3 d']);
  });

  // Flink: AfterMatchSkipITCase#testSkipBeforeOtherAlreadyCompleted. The match a2 c2 b1 completes
  // first, yet the partial match a1 c1, which started before it, survives and completes too.
  it('a match does not prune a partial match that started before it', () => {
    const input = inOrder(ev('a1', 'a1', 0), ev('c1', 'c1', 0), ev('a2', 'a2', 1), ev('c2', 'c2', 0), ev('b1', 'b1', 1), ev('b2', 'b2', 0));
    const pattern = Pattern.begin<Ev>('a', AfterMatchSkipStrategy.skipToFirst('c'))
      .where(contains('a'))
      .followedBy('c')
      .where(contains('c'))
      .followedBy('b')
      .where((e, ctx) => e.name.includes('b') && ctx.eventsFor('a')[0]?.price === e.price);
    const recorder = run(pattern, input);
    expectMatches(recorder, ['a1 c1 b2', 'a2 c2 b1']);
  });
});

describe('skipPastLastEvent with branching', () => {
  // Flink: AfterMatchSkipITCase#testSkipPastLast2
  it('of the matches completed by d1, only the first is emitted; the rest started before it', () => {
    const pattern = Pattern.begin<Ev>('a', AfterMatchSkipStrategy.skipPastLastEvent())
      .where(contains('a'))
      .followedByAny('b')
      .where(contains('b'))
      .followedByAny('c')
      .where(contains('c'))
      .followedBy('d')
      .where(contains('d'));
    const input = inOrder(...['a1', 'a2', 'b1', 'b2', 'c1', 'c2', 'd1', 'd2'].map((n) => ev(n, n)));
    expectMatches(run(pattern, input), ['a1 b1 c1 d1']);
  });

  // Flink: AfterMatchSkipITCase#testSkipPastLast3
  it('a broken strict partial match does not block a later one', () => {
    const pattern = Pattern.begin<Ev>('a', AfterMatchSkipStrategy.skipPastLastEvent()).where(contains('a')).next('b').where(contains('b'));
    const input = inOrder(...['a1', 'c', 'a2', 'b2'].map((n) => ev(n, n)));
    expectMatches(run(pattern, input), ['a2 b2']);
  });

  // Flink: AfterMatchSkipITCase#testSharedBufferIsProperlyCleared
  it('leaves nothing behind', () => {
    const pattern = Pattern.begin<Ev>('start', AfterMatchSkipStrategy.skipPastLastEvent()).where(() => true).times(2);
    const recorder = run(pattern, [0, 1, 2, 3].map((t) => [ev(`a${t}`, 'a', 1), t] as const));
    expectMatches(recorder, ['a0 a1', 'a2 a3']);
    expect(recorder.partialMatchCount).toBe(0);
  });
});

describe('skip target missing', () => {
  // Flink's MissedSkipTo: a next b* (consecutive) next c over a, c: b has no event
  const pattern = (skip: SkipStrategy) =>
    Pattern.begin<Ev>('a', skip)
      .where(contains('a'))
      .next('b')
      .where(contains('b'))
      .oneOrMore()
      .optional()
      .consecutive()
      .next('c')
      .where(contains('c'));
  const input = () => inOrder(ev('a', 'a'), ev('c', 'c'));

  // Flink: AfterMatchSkipITCase#testSkipToFirstNonExistentPositionWithoutException
  it('skipToFirst without throwOnMiss falls back to noSkip', () => {
    expectShapes(run(pattern(AfterMatchSkipStrategy.skipToFirst('b')), input()), ['a=a c=c']);
  });

  // Flink: AfterMatchSkipITCase#testSkipToLastNonExistentPositionWithoutException
  it('skipToLast without throwOnMiss falls back to noSkip', () => {
    expectShapes(run(pattern(AfterMatchSkipStrategy.skipToLast('b')), input()), ['a=a c=c']);
  });

  // Flink: AfterMatchSkipITCase#testSkipToFirstNonExistentPosition (Flink throws)
  it('skipToFirst with throwOnMiss reports an error instead of the match', () => {
    const recorder = run(pattern(AfterMatchSkipStrategy.skipToFirst('b', { throwOnMiss: true })), input());
    expect(recorder.matchOutputs()).toEqual([]);
    expect(recorder.errorOutputs()).toHaveLength(1);
    const error = recorder.errorOutputs()[0]!;
    expect(error).toMatchObject({ kind: 'error', code: 'skip-target-missing', step: 'b' });
    expect(recorder.shape(error.events ?? {})).toBe('a=a c=c');
  });

  // Flink: AfterMatchSkipITCase#testSkipToLastNonExistentPosition (Flink throws)
  it('skipToLast with throwOnMiss reports an error instead of the match', () => {
    const recorder = run(pattern(AfterMatchSkipStrategy.skipToLast('b', { throwOnMiss: true })), input());
    expect(recorder.matchOutputs()).toEqual([]);
    expect(recorder.errorOutputs()).toMatchObject([{ kind: 'error', code: 'skip-target-missing', step: 'b' }]);
  });

  // Flink: AfterMatchSkipITCase#testSkipToFirstElementOfMatch (Flink throws: skipping to the
  // match's own first event would loop forever)
  it('skipToFirst with throwOnMiss whose target is the first event of the match reports an error', () => {
    const pattern = Pattern.begin<Ev>('a', AfterMatchSkipStrategy.skipToFirst('a', { throwOnMiss: true })).where(contains('a'));
    const recorder = run(pattern, inOrder(ev('a1', 'a1')));
    expect(recorder.matchOutputs()).toEqual([]);
    expect(recorder.errorOutputs()).toMatchObject([{ kind: 'error', code: 'skip-target-missing', step: 'a' }]);
  });
});
