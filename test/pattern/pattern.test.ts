import { describe, expect, expectTypeOf, it } from 'vitest';
import { TRUE_CONDITION, type Condition, type ConditionContext } from '../../src/pattern/condition.js';
import type { EventStep, GroupStep, PatternModel, Step } from '../../src/pattern/model.js';
import { Pattern } from '../../src/pattern/pattern.js';
import { PatternError } from '../../src/pattern/pattern-error.js';
import { AfterMatchSkipStrategy } from '../../src/pattern/skip-strategy.js';

interface Order {
  readonly type: 'created' | 'paid';
  readonly amount: number;
}
interface Refund {
  readonly type: 'refund';
  readonly reason: string;
}
type Ev = Order | Refund;

const isRefund = (event: Ev): event is Refund => event.type === 'refund';

/** The fields every fresh step has. */
const defaults = {
  quantifier: { kind: 'once' },
  optional: false,
  greedy: false,
  consecutive: false,
  allowCombinations: false,
  until: null,
} as const;

const ctx: ConditionContext<Ev> = { eventsFor: () => [], getEventsForPattern: () => [], timestamp: 0 };
const order = (amount: number): Order => ({ type: 'created', amount });
const refund: Refund = { type: 'refund', reason: 'late' };

function stepsOf(pattern: Pattern<Ev, any>): readonly Step<Ev>[] {
  return pattern.toModel().steps;
}

function lastStep(pattern: Pattern<Ev, any>): Step<Ev> {
  const steps = stepsOf(pattern);
  return steps[steps.length - 1]!;
}

function lastEvent(pattern: Pattern<Ev, any>): EventStep<Ev> {
  const step = lastStep(pattern);
  if (step.kind !== 'event') throw new Error('expected an event step');
  return step;
}

function evaluate(condition: Condition<Ev>, event: Ev): boolean {
  switch (condition.kind) {
    case 'true':
      return true;
    case 'predicate':
      return condition.test(event, ctx);
    case 'and':
      return evaluate(condition.left, event) && evaluate(condition.right, event);
    case 'or':
      return evaluate(condition.left, event) || evaluate(condition.right, event);
    case 'not':
      return !evaluate(condition.operand, event);
  }
}

function thrownBy(build: () => unknown): PatternError {
  try {
    build();
  } catch (error) {
    if (error instanceof PatternError) return error;
    throw error;
  }
  throw new Error('expected a PatternError');
}

describe('Pattern: the model of each call', () => {
  it('begin makes a one-step model without window, skipping nothing', () => {
    expect(Pattern.begin<Ev>('a').toModel()).toEqual<PatternModel<Ev>>({
      steps: [{ kind: 'event', name: 'a', connection: 'begin', condition: TRUE_CONDITION, ...defaults }],
      withinMs: null,
      skip: { kind: 'noSkip' },
    });
  });

  it('begin takes a skip strategy; withSkipStrategy replaces it', () => {
    const pattern = Pattern.begin<Ev>('a', AfterMatchSkipStrategy.skipPastLastEvent());
    expect(pattern.toModel().skip).toEqual({ kind: 'skipPastLastEvent' });
    expect(pattern.withSkipStrategy(AfterMatchSkipStrategy.skipToFirst('a', { throwOnMiss: true })).toModel().skip).toEqual({
      kind: 'skipToFirst',
      step: 'a',
      throwOnMiss: true,
    });
  });

  it('each connection appends a step with that connection', () => {
    const pattern = Pattern.begin<Ev>('a').next('b').followedBy('c').followedByAny('d').notNext('e').notFollowedBy('f');
    expect(stepsOf(pattern).map((step) => [step.name, step.connection])).toEqual([
      ['a', 'begin'],
      ['b', 'next'],
      ['c', 'followedBy'],
      ['d', 'followedByAny'],
      ['e', 'notNext'],
      ['f', 'notFollowedBy'],
    ]);
    expect(stepsOf(pattern).every((step) => step.kind === 'event' && step.condition === TRUE_CONDITION)).toBe(true);
    expect(pattern.currentStepName).toBe('f');
  });

  it('where keeps the function and label; several where calls are AND-combined', () => {
    const big = (event: Ev) => event.type !== 'refund' && event.amount > 10;
    const one = lastEvent(Pattern.begin<Ev>('a').where(big, 'big'));
    expect(one.condition).toEqual({ kind: 'predicate', test: big, label: 'big' });

    const two = lastEvent(Pattern.begin<Ev>('a').where(big, 'big').where((e) => e.type === 'created', 'created'));
    expect(two.condition).toMatchObject({ kind: 'and', left: { label: 'big' }, right: { label: 'created' } });
    expect(evaluate(two.condition, order(20))).toBe(true);
    expect(evaluate(two.condition, order(5))).toBe(false);
  });

  it('where without a label uses the source text', () => {
    const paid = (e: Ev) => e.type === 'paid';
    const step = lastEvent(Pattern.begin<Ev>('a').where(paid));
    expect(step.condition).toMatchObject({ kind: 'predicate', label: paid.toString() });
  });

  it('or OR-combines with the conditions so far', () => {
    const step = lastEvent(
      Pattern.begin<Ev>('a')
        .where((e) => e.type === 'paid', 'paid')
        .or((e) => e.type === 'refund', 'refund'),
    );
    expect(step.condition).toMatchObject({ kind: 'or', left: { label: 'paid' }, right: { label: 'refund' } });
    expect(evaluate(step.condition, refund)).toBe(true);
    expect(evaluate(step.condition, order(1))).toBe(false);
  });

  it('subtype narrows the events later conditions see', () => {
    const pattern = Pattern.begin<Ev>('a')
      .subtype(isRefund)
      .where((event) => event.reason === 'late', 'late');
    // compile-time: `reason` exists only on Refund, so this only type-checks because of the narrowing
    expectTypeOf(pattern).toEqualTypeOf<Pattern<Ev, Refund>>();
    const step = lastEvent(pattern);
    expect(step.condition).toMatchObject({ kind: 'and', left: { kind: 'predicate', label: 'isRefund' }, right: { label: 'late' } });
    expect(evaluate(step.condition, refund)).toBe(true);
    expect(evaluate(step.condition, { type: 'refund', reason: 'broken' })).toBe(false);
    expect(evaluate(step.condition, order(1))).toBe(false);
    // a new step starts again with the stream's type
    expectTypeOf(pattern.followedBy('b')).toEqualTypeOf<Pattern<Ev, Ev>>();
  });

  it('until sets the stop condition; a second until is OR-combined', () => {
    const once = lastEvent(Pattern.begin<Ev>('a').oneOrMore().until((e) => e.type === 'refund', 'refund'));
    expect(once.until).toMatchObject({ kind: 'predicate', label: 'refund' });
    const twice = lastEvent(
      Pattern.begin<Ev>('a')
        .oneOrMore()
        .until((e) => e.type === 'refund', 'refund')
        .until((e) => e.type === 'paid', 'paid'),
    );
    expect(twice.until).toMatchObject({ kind: 'or', left: { label: 'refund' }, right: { label: 'paid' } });
    expect(twice.condition).toBe(TRUE_CONDITION);
  });

  it.each<[string, (p: Pattern<Ev>) => Pattern<Ev>, Partial<Step<Ev>>]>([
    ['times(3)', (p) => p.times(3), { quantifier: { kind: 'times', min: 3, max: 3 }, optional: false }],
    ['times(2, 4)', (p) => p.times(2, 4), { quantifier: { kind: 'times', min: 2, max: 4 }, optional: false }],
    ['times(0, 4) is times(1, 4).optional()', (p) => p.times(0, 4), { quantifier: { kind: 'times', min: 1, max: 4 }, optional: true }],
    ['timesOrMore(3)', (p) => p.timesOrMore(3), { quantifier: { kind: 'loop', min: 3 }, optional: false }],
    ['oneOrMore()', (p) => p.oneOrMore(), { quantifier: { kind: 'loop', min: 1 }, optional: false }],
    ['optional()', (p) => p.optional(), { quantifier: { kind: 'once' }, optional: true }],
    ['greedy()', (p) => p.oneOrMore().greedy(), { greedy: true }],
    ['consecutive()', (p) => p.oneOrMore().consecutive(), { consecutive: true, allowCombinations: false }],
    ['allowCombinations()', (p) => p.oneOrMore().allowCombinations(), { consecutive: false, allowCombinations: true }],
  ])('%s', (_label, apply, expected) => {
    const pattern = apply(Pattern.begin<Ev>('a').followedBy('b'));
    expect(lastStep(pattern)).toMatchObject({ name: 'b', ...expected });
    expect(stepsOf(pattern)[0]).toMatchObject({ name: 'a', ...defaults });
  });

  it('flags apply in any order relative to the quantifier', () => {
    expect(lastStep(Pattern.begin<Ev>('a').optional().greedy().oneOrMore())).toMatchObject({
      quantifier: { kind: 'loop', min: 1 },
      optional: true,
      greedy: true,
    });
  });

  it('within converts the duration; again on the same step it replaces the window, on another the shorter stays', () => {
    expect(Pattern.begin<Ev>('a').within('15m').toModel().withinMs).toBe(900_000);
    expect(Pattern.begin<Ev>('a').within(1500).toModel().withinMs).toBe(1500);
    expect(Pattern.begin<Ev>('a').within('1h').within('15m').toModel().withinMs).toBe(900_000);
    expect(Pattern.begin<Ev>('a').within('15m').within('1h').toModel().withinMs).toBe(3_600_000);
    expect(Pattern.begin<Ev>('a').within('15m').followedBy('b').within('1h').toModel().withinMs).toBe(900_000);
    expect(Pattern.begin<Ev>('a').within('1h').followedBy('b').within('15m').within('2h').toModel().withinMs).toBe(3_600_000);
  });

  it('within rejects a duration it cannot read', () => {
    expect(() => Pattern.begin<Ev>('a').within('soon')).toThrow(RangeError);
  });

  it('a group is a step holding the nested steps, named by its contents', () => {
    const inner = Pattern.begin<Ev>('b').where((e) => e.type === 'paid', 'paid').next('c');
    const pattern = Pattern.begin<Ev>('a').followedBy(inner).oneOrMore().optional().followedBy('d');
    const group = stepsOf(pattern)[1] as GroupStep<Ev>;
    expect(group).toEqual<GroupStep<Ev>>({
      kind: 'group',
      name: '(b next c)',
      connection: 'followedBy',
      steps: inner.toModel().steps,
      ...defaults,
      quantifier: { kind: 'loop', min: 1 },
      optional: true,
    });
    expect(group.steps[0]).toMatchObject({ name: 'b', connection: 'begin', condition: { label: 'paid' } });
    expect(stepsOf(pattern).map((step) => step.name)).toEqual(['a', '(b next c)', 'd']);
  });

  it('a pattern can begin with a group; next and followedByAny take groups too', () => {
    const pattern = Pattern.begin<Ev>(Pattern.begin<Ev>('a').followedBy('b'))
      .next(Pattern.begin<Ev>('c'))
      .followedByAny(Pattern.begin<Ev>('d').notNext('e'));
    expect(stepsOf(pattern).map((step) => [step.kind, step.name, step.connection])).toEqual([
      ['group', '(a followedBy b)', 'begin'],
      ['group', '(c)', 'next'],
      ['group', '(d notNext e)', 'followedByAny'],
    ]);
  });

  it("a window written inside a group bounds the whole pattern, the group's last step included", () => {
    expect(Pattern.begin<Ev>('a').followedBy(Pattern.begin<Ev>('b').within('1m')).toModel().withinMs).toBe(60_000);
    expect(Pattern.begin<Ev>(Pattern.begin<Ev>('b').within('1m').next('c')).toModel().withinMs).toBe(60_000);
    const group = Pattern.begin<Ev>('b').within('1m').next('c').within('2m');
    expect(Pattern.begin<Ev>('a').within('1h').followedBy(group).toModel().withinMs).toBe(60_000);
    // within() on the group step itself is that step's window: it does not replace the group's.
    expect(Pattern.begin<Ev>('a').followedBy(group).within('1h').within('3h').toModel().withinMs).toBe(60_000);
    expect(Pattern.begin<Ev>('a').followedBy(Pattern.begin<Ev>('b').within('1h')).within('1m').toModel().withinMs).toBe(60_000);
  });

  it('fromModel continues from a model', () => {
    const model = Pattern.begin<Ev>('a').within('1s').toModel();
    const pattern = Pattern.fromModel(model).followedBy('b');
    expect(pattern.toModel()).toMatchObject({ withinMs: 1000, steps: [{ name: 'a' }, { name: 'b', connection: 'followedBy' }] });
    expect(Pattern.fromModel(model).toModel()).toBe(model);
  });

  it('does not validate: models are checked when they are compiled', () => {
    expect(() => Pattern.begin<Ev>('a').greedy().consecutive().notFollowedBy('a').oneOrMore().within(0)).not.toThrow();
  });
});

describe('Pattern: immutability', () => {
  it('every call returns a new pattern and leaves the old one as it was', () => {
    const base = Pattern.begin<Ev>('a').where((e) => e.type === 'created', 'created');
    const before = structuredClone(base.toModel().steps.map((step) => ({ ...step, condition: null })));
    const left = base.next('b').times(2).within('1m');
    const right = base.followedBy('c').where((e) => e.type === 'paid', 'paid').optional();
    const refined = base.or((e) => e.type === 'refund', 'refund').oneOrMore();

    expect(base.toModel().steps.map((step) => ({ ...step, condition: null }))).toEqual(before);
    expect(base.toModel().withinMs).toBeNull();
    expect(lastEvent(base).condition).toMatchObject({ kind: 'predicate', label: 'created' });
    expect(stepsOf(left).map((step) => step.name)).toEqual(['a', 'b']);
    expect(stepsOf(right).map((step) => step.name)).toEqual(['a', 'c']);
    expect(lastStep(left)).toMatchObject({ quantifier: { kind: 'times', min: 2, max: 2 }, optional: false });
    expect(lastStep(right)).toMatchObject({ quantifier: { kind: 'once' }, optional: true });
    expect(lastStep(refined)).toMatchObject({ name: 'a', quantifier: { kind: 'loop', min: 1 } });
    expect(stepsOf(left)[0]).toBe(stepsOf(base)[0]);
  });

  it('a group is a snapshot: later changes to the inner pattern do not reach it', () => {
    const inner = Pattern.begin<Ev>('b');
    const outer = Pattern.begin<Ev>('a').followedBy(inner);
    inner.next('c');
    expect((stepsOf(outer)[1] as GroupStep<Ev>).steps.map((step) => step.name)).toEqual(['b']);
  });
});

describe('Pattern: misuse throws PatternError', () => {
  it('quantifier-twice', () => {
    const error = thrownBy(() => Pattern.begin<Ev>('a').oneOrMore().times(2));
    expect(error.issues).toEqual([
      {
        code: 'quantifier-twice',
        step: 'a',
        message: "step 'a': a quantifier is already applied; use one of times, timesOrMore or oneOrMore per step",
      },
    ]);
    expect(thrownBy(() => Pattern.begin<Ev>('a').times(0, 2).timesOrMore(1)).issues[0]!.code).toBe('quantifier-twice');
  });

  it.each<[string, (p: Pattern<Ev>) => unknown]>([
    ['where', (p) => p.where(() => true)],
    ['or', (p) => p.or(() => true)],
    ['subtype', (p) => p.subtype(isRefund)],
  ])('condition-on-group: %s', (_label, apply) => {
    const error = thrownBy(() => apply(Pattern.begin<Ev>('a').followedBy(Pattern.begin<Ev>('b').next('c'))));
    expect(error.issues).toEqual([
      {
        code: 'condition-on-group',
        step: '(b next c)',
        message: "step '(b next c)': a group has no condition of its own; put where/or/subtype on the steps inside it",
      },
    ]);
  });

  it.each<[string, (p: Pattern<Ev>) => unknown, string]>([
    ['times(-1)', (p) => p.times(-1), 'times(-1) needs whole numbers with 0 <= min <= max and max >= 1'],
    ['times(0)', (p) => p.times(0), 'times(0) needs whole numbers with 0 <= min <= max and max >= 1'],
    ['times(3, 2)', (p) => p.times(3, 2), 'times(3, 2) needs whole numbers with 0 <= min <= max and max >= 1'],
    ['times(1.5)', (p) => p.times(1.5), 'times(1.5) needs whole numbers with 0 <= min <= max and max >= 1'],
    // Flink: timesOrMore(0) fails in Times.of ("The from should be a positive number greater than 0.").
    ['timesOrMore(0)', (p) => p.timesOrMore(0), 'timesOrMore(0) needs a whole number >= 1; write timesOrMore(0) as oneOrMore().optional()'],
    ['timesOrMore(-1)', (p) => p.timesOrMore(-1), 'timesOrMore(-1) needs a whole number >= 1; write timesOrMore(0) as oneOrMore().optional()'],
    ['timesOrMore(NaN)', (p) => p.timesOrMore(Number.NaN), 'timesOrMore(NaN) needs a whole number >= 1; write timesOrMore(0) as oneOrMore().optional()'],
  ])('bad-quantifier: %s', (_label, apply, rule) => {
    expect(thrownBy(() => apply(Pattern.begin<Ev>('a'))).issues).toEqual([{ code: 'bad-quantifier', step: 'a', message: `step 'a': ${rule}` }]);
  });
});
