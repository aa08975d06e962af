import { describe, expect, it } from 'vitest';
import { predicate } from '../../src/pattern/condition.js';
import { LIMITS, type EventStep, type GroupStep, type PatternModel, type Step } from '../../src/pattern/model.js';
import { Pattern } from '../../src/pattern/pattern.js';
import { PatternError } from '../../src/pattern/pattern-error.js';
import { AfterMatchSkipStrategy } from '../../src/pattern/skip-strategy.js';
import { assertValidPattern, validatePattern } from '../../src/pattern/validate.js';

interface Ev {
  readonly type: string;
}

const begin = (name: string) => Pattern.begin<Ev>(name);
const issuesOf = (pattern: Pattern<Ev, any>) => validatePattern(pattern.toModel());

/** Hand-made models, for shapes the builder cannot produce (the DSL or fromModel might). */
function event(name: string, overrides: Partial<EventStep<Ev>> = {}): EventStep<Ev> {
  return {
    kind: 'event',
    name,
    connection: 'followedBy',
    quantifier: { kind: 'once' },
    optional: false,
    greedy: false,
    consecutive: false,
    allowCombinations: false,
    until: null,
    condition: { kind: 'true' },
    ...overrides,
  };
}

function group(name: string, steps: Step<Ev>[], overrides: Partial<GroupStep<Ev>> = {}): GroupStep<Ev> {
  return { ...event(name), kind: 'group', steps, ...overrides } as GroupStep<Ev>;
}

function model(steps: Step<Ev>[], withinMs: number | null = null): PatternModel<Ev> {
  return { steps, withinMs, skip: AfterMatchSkipStrategy.noSkip() };
}

describe('validatePattern: valid patterns', () => {
  it.each<[string, Pattern<Ev, any>]>([
    ['a single step', begin('a')],
    ['every connection', begin('a').next('b').followedBy('c').followedByAny('d').notNext('e').followedBy('f').notFollowedBy('g').followedBy('h')],
    ['a trailing notFollowedBy with a window', begin('a').notFollowedBy('b').within('10m')],
    ['a trailing notNext without a window', begin('a').notNext('b')],
    ['quantifiers and their flags', begin('a').oneOrMore().consecutive().until(() => true).followedBy('b').times(2, 4).allowCombinations().followedBy('c')],
    ['a greedy loop with a following step', begin('a').oneOrMore().greedy().followedBy('b')],
    ['a greedy loop at the end of a repeated group', begin('x').followedBy(begin('a').next('b').oneOrMore().greedy()).oneOrMore()],
    ['optional steps and groups', begin('a').followedBy('b').optional().followedBy(begin('c').next('d')).optional().followedBy('e')],
    ['a quantified, optional group with a looping first step', Pattern.begin<Ev>(begin('a').timesOrMore(2).followedBy('b')).times(1, 3).optional()],
    ['the repeat limit itself', begin('a').times(1, LIMITS.maxRepeat).followedBy('b').timesOrMore(LIMITS.maxRepeat).followedBy('c')],
    ['a skip target beside a group', begin('a').followedBy(begin('b').next('c')).followedBy('d').withSkipStrategy(AfterMatchSkipStrategy.skipToLast('d'))],
    ['names that merely contain reserved text', begin('a$').next('proto').next('constructors')],
  ])('%s', (_label, pattern) => {
    expect(issuesOf(pattern)).toEqual([]);
    expect(() => assertValidPattern(pattern.toModel())).not.toThrow();
  });
});

describe('validatePattern: one case per rule', () => {
  it('empty-pattern: no steps', () => {
    expect(validatePattern(model([]))).toEqual([
      { code: 'empty-pattern', step: null, message: 'a pattern needs at least one step; start it with Pattern.begin(name)' },
    ]);
  });

  it('empty-pattern: an empty group', () => {
    expect(validatePattern(model([event('a', { connection: 'begin' }), group('()', [])]))).toEqual([
      { code: 'empty-pattern', step: '()', message: "step '()': a group needs at least one step; remove the group or put steps in it" },
    ]);
  });

  it('empty-name', () => {
    expect(issuesOf(begin('a').next(''))).toEqual([
      { code: 'empty-name', step: '', message: "step '': a step needs a non-empty name; name it after what it matches, e.g. 'login'" },
    ]);
    expect(issuesOf(begin('  ')).map((found) => found.code)).toEqual(['empty-name']);
  });

  it.each(['$end', '__proto__', 'constructor'])('reserved-name: %s', (name) => {
    expect(issuesOf(begin('a').next(name))).toEqual([
      {
        code: 'reserved-name',
        step: name,
        message: `step '${name}': the name is reserved (names starting with '$' are kept for internal states; '__proto__' and 'constructor' clash with object properties of a match); choose another name`,
      },
    ]);
  });

  it('duplicate-name: reported at the second use, also across groups', () => {
    const message =
      "step 'a': another step already has this name; step names must be unique in the whole pattern, groups included, so rename one of them";
    expect(issuesOf(begin('a').next('b').next('a'))).toEqual([{ code: 'duplicate-name', step: 'a', message }]);
    expect(issuesOf(begin('a').followedBy(begin('b').next('a')))).toEqual([{ code: 'duplicate-name', step: 'a', message }]);
  });

  it('negation-first: first in the pattern', () => {
    expect(validatePattern(model([event('a', { connection: 'notFollowedBy' }), event('b')]))).toEqual([
      {
        code: 'negation-first',
        step: 'a',
        message: "step 'a': a pattern cannot start with a negation (notFollowedBy); start with a step that matches an event and put the negation after it",
      },
    ]);
  });

  it('negation-first: first in a group', () => {
    const steps = [event('a', { connection: 'begin' }), group('(b next c)', [event('b', { connection: 'notNext' }), event('c', { connection: 'next' })])];
    expect(validatePattern(model(steps))).toEqual([
      {
        code: 'negation-first',
        step: 'b',
        message: "step 'b': a group cannot start with a negation (notNext); start with a step that matches an event and put the negation after it",
      },
    ]);
  });

  it('negation-quantified: lists every modifier a negation cannot take', () => {
    expect(issuesOf(begin('a').notFollowedBy('b').oneOrMore().optional().greedy().consecutive().until(() => true).followedBy('c'))).toEqual([
      {
        code: 'negation-quantified',
        step: 'b',
        message:
          "step 'b': a negation (notFollowedBy) cannot take oneOrMore(), optional(), greedy(), consecutive(), until(...); remove them: one negation already forbids every matching event where it applies",
      },
    ]);
    expect(issuesOf(begin('a').notNext('b').times(2).followedBy('c'))).toEqual([
      {
        code: 'negation-quantified',
        step: 'b',
        message: "step 'b': a negation (notNext) cannot take times(2); remove it: one negation already forbids every matching event where it applies",
      },
    ]);
    expect(issuesOf(begin('a').notNext('b').allowCombinations().followedBy('c')).map((found) => found.message)).toEqual([
      "step 'b': a negation (notNext) cannot take allowCombinations(); remove it: one negation already forbids every matching event where it applies",
    ]);
  });

  it('negation-after-optional', () => {
    expect(issuesOf(begin('a').followedBy('b').optional().notFollowedBy('c').followedBy('d'))).toEqual([
      {
        code: 'negation-after-optional',
        step: 'c',
        message: "step 'c': a negation cannot directly follow the optional step 'b'; write two patterns, one with 'b' and one without it",
      },
    ]);
    expect(issuesOf(begin('a').oneOrMore().optional().notNext('c').followedBy('d')).map((found) => found.code)).toEqual(['negation-after-optional']);
  });

  it('negation-last-without-window', () => {
    expect(issuesOf(begin('a').notFollowedBy('b'))).toEqual([
      {
        code: 'negation-last-without-window',
        step: 'b',
        message:
          "step 'b': notFollowedBy as the last step completes a match only when the window ends, and the pattern has no window; add within(...) or a step after it",
      },
    ]);
  });

  it('negation-ends-group (Flink would silently ignore it)', () => {
    expect(issuesOf(begin('a').followedBy(begin('b').notFollowedBy('c')).followedBy('d'))).toEqual([
      {
        code: 'negation-ends-group',
        step: 'c',
        message: "step 'c': a negation cannot end a group (Flink silently ignores it there); move it after the group, or add a step after it inside the group",
      },
    ]);
    // a group at the very end: only the group rule applies, not the window rule
    expect(issuesOf(begin('a').followedBy(begin('b').notNext('c'))).map((found) => found.code)).toEqual(['negation-ends-group']);
  });

  it('negation-group: a negated group (impossible with the builder)', () => {
    const steps = [event('a', { connection: 'begin' }), group('(b next c)', [event('b', { connection: 'begin' }), event('c', { connection: 'next' })], { connection: 'notNext' })];
    expect(validatePattern(model(steps))).toEqual([
      {
        code: 'negation-group',
        step: '(b next c)',
        message: "step '(b next c)': a group cannot be negated (notNext); negate single steps, e.g. notFollowedBy('x').where(...)",
      },
    ]);
  });

  it('bad-connection: begin after the first step, or a first step connected to nothing', () => {
    expect(validatePattern(model([event('a', { connection: 'begin' }), event('b', { connection: 'begin' })]))).toEqual([
      {
        code: 'bad-connection',
        step: 'b',
        message: "step 'b': only the first step of a pattern or group uses begin; connect this one with next, followedBy or followedByAny",
      },
    ]);
    expect(validatePattern(model([event('a', { connection: 'next' })]))).toEqual([
      {
        code: 'bad-connection',
        step: 'a',
        message: "step 'a': the first step of a pattern has nothing before it to be connected to with next; use begin",
      },
    ]);
    const inner = [event('b', { connection: 'followedBy' })];
    expect(validatePattern(model([event('a', { connection: 'begin' }), group('(b)', inner)])).map((found) => found.message)).toEqual([
      "step 'b': the first step of a group has nothing before it to be connected to with followedBy; use begin",
    ]);
  });

  it('greedy-not-repeated', () => {
    expect(issuesOf(begin('a').greedy().followedBy('b'))).toEqual([
      {
        code: 'greedy-not-repeated',
        step: 'a',
        message:
          "step 'a': greedy() only applies to a repeated step (times, timesOrMore or oneOrMore) and this step takes exactly one event; remove greedy() or repeat the step",
      },
    ]);
  });

  it('greedy-with-combinations', () => {
    expect(issuesOf(begin('a').oneOrMore().allowCombinations().greedy().followedBy('b'))).toEqual([
      {
        code: 'greedy-with-combinations',
        step: 'a',
        message: "step 'a': greedy() takes as many events as it can while allowCombinations() asks for every combination of them; keep one of the two",
      },
    ]);
  });

  it('optional-after-greedy', () => {
    // Flink: Pattern#optional -> "Optional pattern cannot be preceded by greedy pattern".
    expect(issuesOf(begin('c').followedBy('a').oneOrMore().optional().consecutive().greedy().followedBy('d').optional())).toEqual([
      {
        code: 'optional-after-greedy',
        step: 'd',
        message:
          "step 'd': an optional step cannot directly follow the greedy step 'a' (Flink rejects it: the greedy loop would also end without its events); remove greedy() from 'a', or make this step required",
      },
    ]);
    // Only directly after it, and only after a greedy step that is valid itself.
    expect(issuesOf(begin('a').times(2, 3).greedy().next('b').followedBy('c').optional())).toEqual([]);
    expect(issuesOf(begin('a').times(2, 3).greedy().next('b').optional().followedBy('c'))).toEqual([
      expect.objectContaining({ code: 'optional-after-greedy', step: 'b' }),
    ]);
    expect(issuesOf(begin('a').greedy().followedBy('b').optional().followedBy('c')).map((found) => found.code)).toEqual(['greedy-not-repeated']);
  });

  it('greedy-group', () => {
    expect(issuesOf(begin('a').followedBy(begin('b').next('c')).oneOrMore().greedy().followedBy('d'))).toEqual([
      {
        code: 'greedy-group',
        step: '(b next c)',
        message: "step '(b next c)': greedy() is not supported on a group (Flink rejects it); put greedy() on a repeated step inside the group, or remove it",
      },
    ]);
  });

  it('greedy on the last step is accepted: as in Flink, it has nothing to compete with and every prefix is emitted', () => {
    expect(issuesOf(begin('a').followedBy('b').oneOrMore().greedy())).toEqual([]);
  });

  it('consecutive-not-repeated', () => {
    expect(issuesOf(begin('a').followedBy('b').consecutive())).toEqual([
      {
        code: 'consecutive-not-repeated',
        step: 'b',
        message:
          "step 'b': consecutive() sets the contiguity between the events of a repeated step (times, timesOrMore or oneOrMore) and this step takes one event; remove it, or use next(...) for strict contiguity with the step before",
      },
    ]);
  });

  it('combinations-not-repeated', () => {
    expect(issuesOf(begin('a').followedBy('b').allowCombinations())).toEqual([
      {
        code: 'combinations-not-repeated',
        step: 'b',
        message:
          "step 'b': allowCombinations() sets the contiguity between the events of a repeated step (times, timesOrMore or oneOrMore) and this step takes one event; remove it, or use followedByAny(...) to connect it to the step before",
      },
    ]);
  });

  it('consecutive-with-combinations', () => {
    expect(issuesOf(begin('a').times(3).consecutive().allowCombinations().followedBy('b'))).toEqual([
      {
        code: 'consecutive-with-combinations',
        step: 'a',
        message: "step 'a': consecutive() (strict) and allowCombinations() (any combination) contradict each other; keep one of the two",
      },
    ]);
  });

  it('until-not-looping', () => {
    expect(issuesOf(begin('a').until(() => true).followedBy('b'))).toEqual([
      {
        code: 'until-not-looping',
        step: 'a',
        message:
          "step 'a': until() only stops a looping step (oneOrMore or timesOrMore) and this step is not repeated; make it loop, or fold the condition into where(...)",
      },
    ]);
    expect(issuesOf(begin('a').times(2, 4).until(() => true).followedBy('b')).map((found) => found.message)).toEqual([
      "step 'a': until() only stops a looping step (oneOrMore or timesOrMore) and this step is times(2, 4); make it loop, or fold the condition into where(...)",
    ]);
  });

  it.each([
    [{ kind: 'times', min: 0, max: 3 }, 'times(0, 3)'],
    [{ kind: 'times', min: 3, max: 2 }, 'times(3, 2)'],
    [{ kind: 'times', min: 1.5, max: 2 }, 'times(1.5, 2)'],
    [{ kind: 'times', min: 2, max: Number.NaN }, 'times(2, NaN)'],
  ] as const)('bad-quantifier: %j', (quantifier, written) => {
    expect(validatePattern(model([event('a', { connection: 'begin', quantifier })]))).toEqual([
      {
        code: 'bad-quantifier',
        step: 'a',
        message: `step 'a': ${written} needs whole numbers with 1 <= min <= max; write times(0, n) as times(1, n).optional()`,
      },
    ]);
  });

  it.each([
    [0, 'timesOrMore(0)'],
    [2.5, 'timesOrMore(2.5)'],
    [Number.POSITIVE_INFINITY, 'timesOrMore(Infinity)'],
  ])('bad-quantifier: loop with min %s', (min, written) => {
    expect(validatePattern(model([event('a', { connection: 'begin', quantifier: { kind: 'loop', min } })]))).toEqual([
      { code: 'bad-quantifier', step: 'a', message: `step 'a': ${written} needs a whole number >= 1; write timesOrMore(0) as oneOrMore().optional()` },
    ]);
  });

  it('repeat-limit', () => {
    expect(issuesOf(begin('a').times(2, 1001).followedBy('b').timesOrMore(5000))).toEqual([
      {
        code: 'repeat-limit',
        step: 'a',
        message:
          "step 'a': times(2, 1001) exceeds the limit of 1000 repetitions (each counted event is a state of the automaton); use a smaller count, or oneOrMore() with a condition that counts ctx.eventsFor(...)",
      },
      {
        code: 'repeat-limit',
        step: 'b',
        message:
          "step 'b': timesOrMore(5000) exceeds the limit of 1000 repetitions (each counted event is a state of the automaton); use a smaller count, or oneOrMore() with a condition that counts ctx.eventsFor(...)",
      },
    ]);
  });

  it.each([0, -1000, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('bad-window: %s', (withinMs) => {
    expect(validatePattern(model([event('a', { connection: 'begin' })], withinMs))).toEqual([
      {
        code: 'bad-window',
        step: null,
        message: `within(...) needs a positive whole number of milliseconds, not ${withinMs}; use a duration such as '15m' or 900000`,
      },
    ]);
  });

  it('bad-window: within(0) from the builder', () => {
    expect(issuesOf(begin('a').within(0)).map((found) => found.code)).toEqual(['bad-window']);
  });

  it('skip-target-unknown', () => {
    expect(issuesOf(begin('a').followedBy('b').withSkipStrategy(AfterMatchSkipStrategy.skipToFirst('c')))).toEqual([
      {
        code: 'skip-target-unknown',
        step: null,
        message: "skipToFirst('c') must name an event step at the top level of the pattern (they are 'a', 'b'); name one of them or choose another skip strategy",
      },
    ]);
  });

  it('skip-target-unknown: a group is not an event step', () => {
    const pattern = Pattern.begin<Ev>(begin('a').next('b'), AfterMatchSkipStrategy.skipToLast('(a next b)', { throwOnMiss: true }));
    expect(issuesOf(pattern).map((found) => found.message)).toEqual([
      "skipToLast('(a next b)') must name an event step at the top level of the pattern (it has none); choose another skip strategy",
    ]);
    expect(validatePattern({ ...model([]), skip: AfterMatchSkipStrategy.skipToFirst('a') }).map((found) => found.message)).toEqual([
      'a pattern needs at least one step; start it with Pattern.begin(name)',
      "skipToFirst('a') must name an event step at the top level of the pattern (it has none); choose another skip strategy",
    ]);
  });

  // Flink's NFACompiler looks the target up along the pattern's top-level steps only.
  it('skip-target-in-group', () => {
    const pattern = begin('x').followedBy(begin('a').next('b')).oneOrMore().followedBy('y').withSkipStrategy(AfterMatchSkipStrategy.skipToFirst('b'));
    expect(issuesOf(pattern)).toEqual([
      {
        code: 'skip-target-in-group',
        step: null,
        message:
          "skipToFirst('b') names step 'b', which is inside the group (a next b); as in Flink, a skip strategy can only name an event step at the top level of the pattern (they are 'x', 'y'); name one of them or choose another skip strategy",
      },
    ]);
  });

  it('skip-target-in-group: the first step of a group that begins the pattern, and a nested group', () => {
    const beginsWithGroup = Pattern.begin<Ev>(begin('a').next('b'), AfterMatchSkipStrategy.skipToLast('a', { throwOnMiss: true })).oneOrMore();
    expect(issuesOf(beginsWithGroup).map((found) => found.message)).toEqual([
      "skipToLast('a') names step 'a', which is inside the group (a next b); as in Flink, a skip strategy can only name an event step at the top level of the pattern (it has none); choose another skip strategy",
    ]);
    const nested = begin('x').followedBy(begin('a').followedBy(begin('b').next('c'))).withSkipStrategy(AfterMatchSkipStrategy.skipToFirst('c'));
    expect(issuesOf(nested).map((found) => [found.code, found.message])).toEqual([
      [
        'skip-target-in-group',
        "skipToFirst('c') names step 'c', which is inside the group (a followedBy (b next c)); as in Flink, a skip strategy can only name an event step at the top level of the pattern (they are 'x'); name one of them or choose another skip strategy",
      ],
    ]);
    expect(() => assertValidPattern(nested.toModel())).toThrow(PatternError);
  });
});

describe('validatePattern: several issues', () => {
  it('reports all of them in step order, pattern-wide ones last', () => {
    const pattern = begin('$a')
      .greedy()
      .followedBy(begin('b').next('c').consecutive().notNext('d'))
      .optional()
      .notFollowedBy('e')
      .times(2)
      .followedBy('b')
      .withSkipStrategy(AfterMatchSkipStrategy.skipToFirst('zz'))
      .within(0);
    expect(issuesOf(pattern).map((found) => [found.code, found.step])).toEqual([
      ['reserved-name', '$a'],
      ['greedy-not-repeated', '$a'],
      ['consecutive-not-repeated', 'c'],
      ['negation-ends-group', 'd'],
      ['negation-after-optional', 'e'],
      ['negation-quantified', 'e'],
      ['duplicate-name', 'b'],
      ['bad-window', null],
      ['skip-target-unknown', null],
    ]);
  });

  it('reports one greedy issue per step, under the most basic rule', () => {
    expect(issuesOf(begin('a').allowCombinations().greedy()).map((found) => found.code)).toEqual(['greedy-not-repeated', 'combinations-not-repeated']);
    expect(issuesOf(begin('a').oneOrMore().allowCombinations().greedy()).map((found) => found.code)).toEqual(['greedy-with-combinations']);
    expect(issuesOf(begin('a').notNext('b').greedy().followedBy('c')).map((found) => found.code)).toEqual(['negation-quantified']);
  });

  it('never throws, and assertValidPattern throws them all in one PatternError', () => {
    const broken = begin('a').greedy().followedBy('a').toModel();
    expect(validatePattern(broken)).toHaveLength(2);
    let thrown: unknown;
    try {
      assertValidPattern(broken);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(PatternError);
    const error = thrown as PatternError;
    expect(error.issues).toEqual(validatePattern(broken));
    expect(error.message).toBe(
      [
        '2 problems in pattern:',
        "  - step 'a': greedy() only applies to a repeated step (times, timesOrMore or oneOrMore) and this step takes exactly one event; remove greedy() or repeat the step",
        "  - step 'a': another step already has this name; step names must be unique in the whole pattern, groups included, so rename one of them",
      ].join('\n'),
    );
  });

  it('ignores what conditions are: a condition is never checked', () => {
    const withCondition = model([event('a', { connection: 'begin', condition: predicate<Ev>(() => false, 'never') })]);
    expect(validatePattern(withCondition)).toEqual([]);
  });
});
