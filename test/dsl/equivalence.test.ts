// The DSL and the fluent API are two ways to write the same pattern: for a sample of the
// patterns of the feature suites (contiguity, quantifiers, greedy, until, negation, groups, skip
// strategies, windows, iterative conditions), the DSL version produces exactly the same outputs
// (matches, timeouts, errors, in the same order) as the fluent version, on random streams.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runMatcher } from '../../src/nfa/matcher.js';
import type { MatchedEvents, MatcherOutput } from '../../src/nfa/outputs.js';
import type { ConditionContext } from '../../src/pattern/condition.js';
import type { PatternModel } from '../../src/pattern/model.js';
import { Pattern } from '../../src/pattern/pattern.js';
import { AfterMatchSkipStrategy } from '../../src/pattern/skip-strategy.js';
import { contains, isSub, named, type Ev } from '../features/support.js';
import { loadOne, withoutFunctions } from './support.js';

type Case = readonly [title: string, fluent: () => Pattern<Ev, any>, dsl: string];

const sumOf = (events: readonly Ev[]) => events.reduce((sum, e) => sum + e.price, 0);
const priceIs = (price: number) => (e: Ev) => e.price === price;
const cThenA = () => Pattern.begin<Ev>('start').where(named('c')).followedBy('middle').where(named('a'));
const ab = () => Pattern.begin<Ev>('middle1').where(named('a')).followedBy('middle2').where(named('b'));
const startC = () => Pattern.begin<Ev>('start').where(named('c'));

const CASES: readonly Case[] = [
  // contiguity
  ['next', () => Pattern.begin<Ev>('a').where(named('a')).next('b').where(named('b')), 'begin a where name == "a" next b where name == "b"'],
  ['followed by', () => Pattern.begin<Ev>('a').where(named('a')).followedBy('b').where(named('b')), 'begin a where name == "a" followed by b where name == "b"'],
  ['followed by any', () => Pattern.begin<Ev>('a').where(named('a')).followedByAny('b').where(named('b')), 'begin a where name == "a" followed by any b where name == "b"'],
  ['steps without conditions', () => Pattern.begin<Ev>('a').followedByAny('b').next('c'), 'begin a followed by any b next c'],
  [
    'c a+ b, consecutive',
    () => cThenA().oneOrMore().consecutive().followedBy('end1').where(named('b')),
    'begin start where name == "c" followed by middle where name == "a" one or more consecutive followed by end1 where name == "b"',
  ],
  [
    'c a+ b, relaxed',
    () => cThenA().oneOrMore().followedBy('end1').where(named('b')),
    'begin start where name == "c" followed by middle where name == "a" one or more followed by end1 where name == "b"',
  ],
  [
    'c a* b, combinations',
    () => cThenA().oneOrMore().optional().allowCombinations().followedBy('end1').where(named('b')),
    'begin start where name == "c" followed by middle zero or more allow combinations where name == "a" followed by end1 where name == "b"',
  ],
  [
    'next after an optional consecutive loop',
    () => Pattern.begin<Ev>('start').where(named('c')).next('middle').where(named('a')).oneOrMore().optional().consecutive().next('end').where(named('b')),
    'begin start where name == "c" next middle where name == "a" zero or more consecutive next end where name == "b"',
  ],
  // quantifiers
  [
    'next + times(2).allowCombinations()',
    () => startC().next('middle').where(named('a')).times(2).allowCombinations().followedBy('end1').where(named('b')),
    'begin start where name == "c" next middle where name == "a" times 2 allow combinations followed by end1 where name == "b"',
  ],
  [
    'followedByAny + times(1, 3).allowCombinations()',
    () => startC().followedByAny('middle').where(named('a')).times(1, 3).allowCombinations().followedBy('end1').where(named('b')),
    'begin start where name == "c" followed by any middle where name == "a" times 1..3 allow combinations followed by end1 where name == "b"',
  ],
  [
    'times(0, 3).consecutive()',
    () => startC().followedByAny('middle').where(named('a')).times(0, 3).consecutive().followedBy('end1').where(named('b')),
    'begin start where name == "c" followed by any middle where name == "a" times 0..3 consecutive followed by end1 where name == "b"',
  ],
  ['a pattern starting with times(3)', () => Pattern.begin<Ev>('start').where(named('a')).times(3), 'begin start where name == "a" times 3'],
  [
    'timesOrMore(2) then optional',
    () => startC().followedBy('middle').where(named('a')).timesOrMore(2).followedBy('opt').where(named('d')).optional().followedBy('end').where(named('b')),
    'begin start where name == "c" followed by middle where name == "a" 2 or more followed by opt where name == "d" optional followed by end where name == "b"',
  ],
  // greedy
  [
    'greedy zero-or-more: c a* d',
    () => cThenA().oneOrMore().optional().greedy().followedBy('end').where(named('d')),
    'begin start where name == "c" followed by middle where name == "a" zero or more greedy followed by end where name == "d"',
  ],
  [
    'greedy times(2, 5) at the end',
    () => startC().followedBy('middle').where(named('a')).times(2, 5).greedy(),
    'begin start where name == "c" followed by middle where name == "a" times 2..5 greedy',
  ],
  [
    'greedy with until',
    () => cThenA().oneOrMore().greedy().until((e) => e.price > 3).followedBy('end').where(named('d')),
    'begin start where name == "c" followed by middle where name == "a" one or more greedy until price > 3 followed by end where name == "d"',
  ],
  // until
  [
    'until on a relaxed loop',
    () => cThenA().oneOrMore().until(priceIs(4)).followedBy('end').where(priceIs(4)),
    'begin start where name == "c" followed by middle where name == "a" one or more until price == 4 followed by end where price == 4',
  ],
  [
    'until on a consecutive zero-or-more loop',
    () => cThenA().oneOrMore().optional().consecutive().until(priceIs(4)).followedBy('end').where(priceIs(4)),
    'begin start where name == "c" followed by middle where name == "a" zero or more consecutive until price == 4 followed by end where price == 4',
  ],
  [
    'an iterative until counting the loop',
    () => cThenA().oneOrMore().until((_, ctx: ConditionContext<Ev>) => ctx.eventsFor('middle').length >= 2),
    'begin start where name == "c" followed by middle where name == "a" one or more until count(middle) >= 2',
  ],
  [
    'a step without where until an event',
    () => startC().followedByAny('middle').oneOrMore().until(named('d')),
    'begin start where name == "c" followed by any middle one or more until name == "d"',
  ],
  // negation
  [
    'notNext in the middle',
    () => Pattern.begin<Ev>('start').where(named('a')).notNext('notPattern').where(named('b')).followedByAny('middle').where(named('c')).followedBy('end').where(named('d')),
    'begin start where name == "a" not next notPattern where name == "b" followed by any middle where name == "c" followed by end where name == "d"',
  ],
  [
    'notFollowedBy in the middle',
    () => Pattern.begin<Ev>('start').where(named('a')).notFollowedBy('notPattern').where(named('b')).followedBy('end').where(named('c')),
    'begin start where name == "a" not followed by notPattern where name == "b" followed by end where name == "c"',
  ],
  [
    'notFollowedBy before an optional step',
    () => Pattern.begin<Ev>('start').where(named('a')).notFollowedBy('notPattern').where(named('b')).followedBy('middle').where(named('c')).optional().followedBy('end').where(named('d')),
    'begin start where name == "a" not followed by notPattern where name == "b" followed by middle where name == "c" optional followed by end where name == "d"',
  ],
  [
    'a b+ !c d',
    () => Pattern.begin<Ev>('a').where(named('a')).followedBy('b').where(named('b')).oneOrMore().notFollowedBy('c').where(named('c')).followedBy('d').where(named('d')),
    'begin a where name == "a" followed by b where name == "b" one or more not followed by c where name == "c" followed by d where name == "d"',
  ],
  [
    'notFollowedBy last, within a window',
    () => Pattern.begin<Ev>('a').where(named('a')).notFollowedBy('b').where(named('b')).within(5),
    'within 5 ms begin a where name == "a" not followed by b where name == "b"',
  ],
  // groups
  [
    'c (a b){2} d',
    () => startC().followedBy(ab()).times(2).followedBy('end').where(named('d')),
    'begin start where name == "c" followed by (begin middle1 where name == "a" followed by middle2 where name == "b") times 2 followed by end where name == "d"',
  ],
  [
    'c (a b)+ until d, then d',
    () => startC().followedBy(ab()).oneOrMore().until(named('d')).followedBy('end').where(named('d')),
    'begin start where name == "c" followed by (begin middle1 where name == "a" followed by middle2 where name == "b") one or more until name == "d" followed by end where name == "d"',
  ],
  [
    'c any (a b){2}? d',
    () => startC().followedByAny(ab()).times(2).optional().followedBy('end').where(named('d')),
    'begin start where name == "c" followed by any (begin middle1 where name == "a" followed by middle2 where name == "b") times 2 optional followed by end where name == "d"',
  ],
  [
    'a pattern that begins with a group',
    () => Pattern.begin<Ev>(ab()).times(1, 2).followedBy('end').where(named('d')),
    'begin (begin middle1 where name == "a" followed by middle2 where name == "b") times 1..2 followed by end where name == "d"',
  ],
  [
    'c next (a b)* consecutive d',
    () => startC().next(ab()).oneOrMore().optional().consecutive().followedBy('end').where(named('d')),
    'begin start where name == "c" next (begin middle1 where name == "a" followed by middle2 where name == "b") zero or more consecutive followed by end where name == "d"',
  ],
  // skip strategies
  [
    'a{3} skipPastLastEvent',
    () => Pattern.begin<Ev>('start', AfterMatchSkipStrategy.skipPastLastEvent()).where(named('a')).times(3),
    'after match skip past last event begin start where name == "a" times 3',
  ],
  [
    'a followedByAny b, skipToNext',
    () => Pattern.begin<Ev>('start', AfterMatchSkipStrategy.skipToNext()).where(named('a')).followedByAny('end').where(named('b')),
    'after match skip to next begin start where name == "a" followed by any end where name == "b"',
  ],
  [
    'skipToFirst with contains conditions',
    () =>
      Pattern.begin<Ev>('ab', AfterMatchSkipStrategy.skipToFirst('c'))
        .where(contains('a'))
        .oneOrMore()
        .followedBy('c')
        .where(contains('c'))
        .followedBy('d')
        .where(contains('d')),
    'after match skip to first c begin ab where name contains "a" one or more followed by c where name contains "c" followed by d where name contains "d"',
  ],
  [
    'skipToLast or fail, over an optional step',
    () =>
      Pattern.begin<Ev>('a', AfterMatchSkipStrategy.skipToLast('b', { throwOnMiss: true }))
        .where(named('a'))
        .followedBy('b')
        .where(named('b'))
        .optional()
        .followedBy('c')
        .where(named('c')),
    'after match skip to last b or fail begin a where name == "a" followed by b where name == "b" optional followed by c where name == "c"',
  ],
  // windows and timeouts
  [
    'c next a{2} followedBy b within 4',
    () => startC().next('middle').where(named('a')).times(2).followedBy('end').where(named('b')).within(4),
    'within 4 ms begin start where name == "c" next middle where name == "a" times 2 followed by end where name == "b"',
  ],
  // iterative conditions
  [
    'a loop bounded by the sum of its own events',
    () =>
      Pattern.begin<Ev>('start')
        .where(named('start'))
        .followedBy('middle')
        .subtype(isSub)
        .where((e, ctx) => e.name.startsWith('foo') && sumOf(ctx.getEventsForPattern('middle')) + e.price < 5)
        .oneOrMore()
        .followedBy('end')
        .where(named('end')),
    'begin start where name == "start" followed by middle where volume is not missing and name starts with "foo" and sum(middle.price) + price < 5 one or more followed by end where name == "end"',
  ],
  [
    'a later step reading an earlier loop',
    () => Pattern.begin<Ev>('start').where(named('start')).oneOrMore().followedBy('end').where((e, ctx) => e.name === 'end' && sumOf(ctx.getEventsForPattern('start')) >= 2),
    'begin start where name == "start" one or more followed by end where name == "end" and sum(start.price) >= 2',
  ],
  [
    'a later step comparing with an earlier one',
    () => Pattern.begin<Ev>('a').where(named('a')).followedByAny('b').where((e, ctx) => e.name === 'b' && e.price > ctx.eventsFor('a')[0]!.price),
    'begin a where name == "a" followed by any b where name == "b" and price > a.price',
  ],
  ['the timestamp of the event', () => Pattern.begin<Ev>('start').where((_, ctx) => ctx.timestamp % 3 === 0), 'begin start where timestamp() % 3 == 0'],
];

/**
 * Streams of up to 14 events with Flink's test fields, time never going back. Event names are
 * the strings the pattern mentions (plus noise), so that matches are frequent.
 */
function streams(body: string) {
  const mentioned = [...body.matchAll(/"([^"]*)"/g)].map((m) => m[1]!);
  const variants = /starts with|contains/.test(body) ? mentioned.map((name) => `${name}1`) : [];
  const names = [...new Set([...mentioned, ...variants, 'x'])];
  return fc.array(
    fc.record({ name: fc.constantFrom(...names), price: fc.integer({ min: 0, max: 5 }), sub: fc.boolean(), gap: fc.integer({ min: 0, max: 2 }) }),
    { maxLength: 14, size: 'max' },
  ).map((items) => {
  let time = 1;
  return items.map(({ name, price, sub, gap }, i) => {
    time += gap;
    const event: Ev = sub ? ({ id: `e${i}`, name, price, volume: 10 } as Ev) : { id: `e${i}`, name, price };
    return { event, timestamp: time };
  });
  });
}

/** Outputs with events as ids, so that two runs over the same events compare as text. */
function describeOutputs(outputs: readonly MatcherOutput<Ev>[]): string[] {
  const shape = (events: MatchedEvents<Ev> | undefined) =>
    Object.entries(events ?? {})
      .map(([step, list]) => `${step}=${list.map((e) => e.id).join(',')}`)
      .join(' ');
  return outputs.map((o) => {
    switch (o.kind) {
      case 'match':
        return `match ${shape(o.events)} [${o.startTimestamp}, ${o.endTimestamp}]`;
      case 'timeout':
        return `timeout ${shape(o.events)} @${o.timeoutTimestamp}`;
      case 'error':
        return `error ${o.code} ${o.step} ${shape(o.events)}`;
    }
  });
}

describe('DSL and fluent patterns give the same outputs', () => {
  for (const [title, fluent, body] of CASES) {
    it(title, () => {
      const expected = fluent().toModel();
      const actual = loadOne(`pattern p { ${body} }`).model as unknown as PatternModel<Ev>;
      // Same shape: steps, quantifiers, flags, window and skip strategy (conditions aside).
      expect(withoutConditions(actual)).toEqual(withoutConditions(expected));
      let matches = 0;
      fc.assert(
        fc.property(streams(body), (stream) => {
          const outputs = describeOutputs(runMatcher(expected, stream, { endTime: Infinity }));
          expect(describeOutputs(runMatcher(actual, stream, { endTime: Infinity }))).toEqual(outputs);
          matches += outputs.filter((o) => o.startsWith('match')).length;
        }),
        { numRuns: 300, seed: 42 },
      );
      // The streams did exercise the pattern.
      expect(matches).toBeGreaterThan(0);
    });
  }
});

/** The model without conditions: both sides build the same structure around different predicates. */
function withoutConditions(model: PatternModel<Ev>): unknown {
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value).map(([key, v]) => [key, key === 'condition' || key === 'until' ? (v === null ? null : 'condition') : strip(v)]);
    return Object.fromEntries(entries);
  };
  return strip(withoutFunctions(model));
}
