// greedy(): a loop keeps taking events instead of emitting every shorter match. Scenarios from
// Flink's GreedyITCase (newest version: greedy loops may no longer precede an optional step).
import { describe, it } from 'vitest';
import { Pattern } from '../../src/pattern/pattern.js';
import { ev, expectMatches, expectShapes, named, run, type Ev, type Input } from './support.js';

const c = ev('c', 'c', 1);
const a1 = ev('a1', 'a', 2);
const a2 = ev('a2', 'a', 2);
const a3 = ev('a3', 'a', 2);
const d = ev('d', 'd', 3);
const dummy1 = ev('x1', 'dummy', 1111);
const dummy2 = ev('x2', 'dummy', 1111);
const dummy3 = ev('x3', 'dummy', 1111);

const cThenA = () => Pattern.begin<Ev>('start').where(named('c')).followedBy('middle').where(named('a'));
const endD = (p: Pattern<Ev>) => p.followedBy('end').where(named('d'));

/** c, a1, a2, a3, d */
const plain: Input[] = [[c, 1], [a1, 2], [a2, 3], [a3, 4], [d, 5]];
/** c, x, a1, x, a2, x, a3, d */
const inBetween: Input[] = [[c, 1], [dummy1, 2], [a1, 3], [dummy2, 4], [a2, 5], [dummy3, 6], [a3, 7], [d, 8]];
/** c, a1, a2, x, d */
const dummyAfter: Input[] = [[c, 1], [a1, 2], [a2, 3], [dummy1, 4], [d, 5]];
/** c, x, d */
const dummyBefore: Input[] = [[c, 1], [dummy1, 2], [d, 5]];

describe('greedy zero-or-more: c a* d', () => {
  const pattern = () => endD(cThenA().oneOrMore().optional().greedy());

  // Flink: GreedyITCase#testGreedyZeroOrMore
  it('takes every a and emits only the longest match', () => {
    expectShapes(run(pattern(), plain), ['start=c middle=a1,a2,a3 end=d']);
  });

  // Flink: GreedyITCase#testGreedyZeroOrMoreInBetween
  it('skips noise between the a events', () => {
    expectMatches(run(pattern(), inBetween), ['c a1 a2 a3 d']);
  });

  // Flink: GreedyITCase#testGreedyZeroOrMoreWithDummyEventsAfterQuantifier
  it('stops at noise after the loop and goes on to d', () => {
    expectMatches(run(pattern(), dummyAfter), ['c a1 a2 d']);
  });

  // Flink: GreedyITCase#testGreedyZeroOrMoreWithDummyEventsBeforeQuantifier
  it('matches with an empty loop when there is no a', () => {
    expectShapes(run(pattern(), dummyBefore), ['start=c end=d']);
  });
});

describe('greedy one-or-more: c a+ d', () => {
  const pattern = () => endD(cThenA().oneOrMore().greedy());

  // Flink: GreedyITCase#testGreedyOneOrMore
  it('takes every a and emits only the longest match', () => {
    expectMatches(run(pattern(), plain), ['c a1 a2 a3 d']);
  });

  // Flink: GreedyITCase#testGreedyOneOrMoreInBetween
  it('skips noise between the a events', () => {
    expectMatches(run(pattern(), inBetween), ['c a1 a2 a3 d']);
  });

  // Flink: GreedyITCase#testGreedyOneOrMoreWithDummyEventsAfterQuantifier
  it('stops at noise after the loop and goes on to d', () => {
    expectMatches(run(pattern(), dummyAfter), ['c a1 a2 d']);
  });

  // Flink: GreedyITCase#testGreedyOneOrMoreWithDummyEventsBeforeQuantifier
  it('does not match without an a', () => {
    expectMatches(run(pattern(), dummyBefore), []);
  });
});

describe('greedy with until', () => {
  const priceAbove3 = (e: Ev) => e.price > 3;
  // c, a(2), a(3), a(3), a(4) [stops the loop], d
  const stopAfter: Input[] = [[c, 1], [ev('a1', 'a', 2), 2], [ev('a2', 'a', 3), 3], [ev('a3', 'a', 3), 4], [ev('a4', 'a', 4), 5], [d, 6]];
  // c, a(4) [stops the loop before it starts], a(2), a(3), a(3), d
  const stopBefore: Input[] = [[c, 1], [ev('a4', 'a', 4), 2], [ev('a1', 'a', 2), 3], [ev('a2', 'a', 3), 4], [ev('a3', 'a', 3), 5], [d, 6]];

  // Flink: GreedyITCase#testGreedyUntilZeroOrMoreWithDummyEventsAfterQuantifier
  it('zero-or-more: the until event ends the loop and is not taken', () => {
    expectMatches(run(endD(cThenA().oneOrMore().optional().greedy().until(priceAbove3)), stopAfter), ['c a1 a2 a3 d']);
  });

  // Flink: GreedyITCase#testGreedyUntilWithDummyEventsBeforeQuantifier
  it('zero-or-more: an until event before any a leaves the loop empty', () => {
    expectMatches(run(endD(cThenA().oneOrMore().optional().greedy().until(priceAbove3)), stopBefore), ['c d']);
  });

  // Flink: GreedyITCase#testGreedyUntilOneOrMoreWithDummyEventsAfterQuantifier
  it('one-or-more: the until event ends the loop and is not taken', () => {
    expectMatches(run(endD(cThenA().oneOrMore().greedy().until(priceAbove3)), stopAfter), ['c a1 a2 a3 d']);
  });

  // Flink: GreedyITCase#testGreedyUntilOneOrMoreWithDummyEventsBeforeQuantifier
  it('one-or-more: an until event before any a kills the partial match', () => {
    expectMatches(run(endD(cThenA().oneOrMore().greedy().until(priceAbove3)), stopBefore), []);
  });
});

describe('greedy before a group, at the end, and with times(min, max)', () => {
  // Flink: GreedyITCase#testGreedyZeroOrMoreBeforeGroupPattern
  it('a greedy loop followed by a repeated group: c a* (d e){2} f', () => {
    const a = (id: string) => ev(id, 'a', 1);
    const ga1 = a('a1');
    const ga2 = a('a2');
    const ga3 = a('a3');
    const d1 = ev('d1', 'd', 1);
    const e1 = ev('e1', 'e', 1);
    const d2 = ev('d2', 'd', 1);
    const e2 = ev('e2', 'e', 1);
    const f = ev('f', 'f', 3);
    const pattern = Pattern.begin<Ev>('start')
      .where(named('c'))
      .followedBy('middle')
      .where(named('a'))
      .oneOrMore()
      .optional()
      .greedy()
      .followedBy(Pattern.begin<Ev>('middle1').where(named('d')).followedBy('middle2').where(named('e')))
      .times(2)
      .followedBy('end')
      .where(named('f'));
    const input: Input[] = [
      [c, 1], [ga1, 2], [ga2, 3], [ev('x', 'dummy', 2), 4], [ga3, 5], [d1, 6], [e1, 7], [d2, 8], [e2, 9], [f, 10],
    ];
    expectShapes(run(pattern, input), ['start=c middle=a1,a2,a3 middle1=d1,d2 middle2=e1,e2 end=f']);
  });

  // Flink: GreedyITCase#testEndWithZeroOrMoreGreedy. At the end of a pattern greedy() has nothing
  // to prefer over, so every prefix is emitted.
  it('a greedy loop at the end emits every prefix', () => {
    const pattern = Pattern.begin<Ev>('start').where(named('c')).followedBy('end').where(named('a')).oneOrMore().optional().greedy();
    const input: Input[] = [[c, 1], [a1, 2], [a2, 3], [dummy1, 4], [a3, 5]];
    expectMatches(run(pattern, input), ['c', 'c a1', 'c a1 a2', 'c a1 a2 a3']);
  });

  // Flink: GreedyITCase#testEndWithZeroOrMoreConsecutiveGreedy
  it('a consecutive greedy loop at the end stops at noise', () => {
    const pattern = Pattern.begin<Ev>('start')
      .where(named('c'))
      .followedBy('end')
      .where(named('a'))
      .oneOrMore()
      .optional()
      .consecutive()
      .greedy();
    const input: Input[] = [[c, 1], [a1, 2], [a2, 3], [dummy1, 4], [a3, 5]];
    expectMatches(run(pattern, input), ['c', 'c a1', 'c a1 a2']);
  });

  // Flink: GreedyITCase#testEndWithGreedyTimesRange
  it('a greedy times(2, 5) at the end emits each count from 2 on', () => {
    const a4 = ev('a4', 'a', 2);
    const pattern = Pattern.begin<Ev>('start').where(named('c')).followedBy('end').where(named('a')).times(2, 5).greedy();
    const input: Input[] = [[c, 1], [a1, 2], [a2, 3], [a3, 4], [a4, 5], [dummy1, 6]];
    expectMatches(run(pattern, input), ['c a1 a2', 'c a1 a2 a3', 'c a1 a2 a3 a4']);
  });

  // Flink: GreedyITCase#testGreedyTimesRange
  it('a greedy times(2, 5) before another step takes as many as it can', () => {
    const a4 = ev('a4', 'a', 2);
    const pattern = endD(cThenA().times(2, 5).greedy());
    const input: Input[] = [[c, 1], [a1, 2], [a2, 3], [a3, 4], [a4, 5], [ev('d', 'd', 2), 6]];
    expectMatches(run(pattern, input), ['c a1 a2 a3 a4 d']);
  });
});
