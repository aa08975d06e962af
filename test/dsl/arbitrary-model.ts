// Random pattern models of the kind the DSL produces: every structural feature (contiguity,
// quantifiers, modifiers, groups, negations, windows, skip strategies) and conditions built from
// every expression form, with names that need quoting. Generated with fc.gen so that each part
// can depend on the parts before it (a condition may only read steps written before it).
import fc from 'fast-check';
import type { Condition } from '../../src/pattern/condition.js';
import type { Connection, PatternModel, Quantifier, Step } from '../../src/pattern/model.js';
import type { SkipStrategy } from '../../src/pattern/skip-strategy.js';
import { groupName } from '../../src/dsl/build-model.js';
import { conditionOf, type EventRecord } from '../../src/dsl/compile-expression.js';
import type { Expr, PathSegment } from '../../src/dsl/expression.js';

type Gen = fc.GeneratorValue;

/** Names, many of which must be quoted or collide with keywords. */
export const nameArbitrary: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('a', 'b', 'start', 'end', 'next', 'times', 'where', 'event', 'first', 'count', 'matches', 'and', 'not', 'null', 'x y', 'é', 'a.b', 'q`t', 'line\nbreak'),
  fc.string({ minLength: 1, maxLength: 6, unit: 'binary' }),
);

/** Whether a name can name a step (the core's rules: non-empty, not reserved). */
export function validStepName(name: string): boolean {
  return name.trim() !== '' && !name.startsWith('$') && name !== '__proto__' && name !== 'constructor';
}

interface Visible {
  /** Earlier single-event steps (their fields can be read directly). */
  readonly single: string[];
  /** Earlier steps that hold events (aggregates can read them). */
  readonly any: string[];
}

const REGEXES: readonly (readonly [string, string])[] = [
  ['a.c', ''],
  ['^x$', 'i'],
  ['https?:\\/\\/', ''],
  ['[/]', 'u'],
  ['\\d+', 'ms'],
];

function path(g: Gen): PathSegment[] {
  const head = g(() => nameArbitrary);
  const rest = g(() => fc.array(fc.oneof(nameArbitrary, fc.nat({ max: 20 })), { maxLength: 2 }));
  return [head, ...rest];
}

function anyValue(g: Gen, visible: Visible): Expr {
  const choice = g(() => fc.nat({ max: visible.single.length > 0 ? 3 : 1 }));
  if (choice <= 1) return { kind: 'field', path: path(g), time: false };
  if (choice === 2) return { kind: 'stepField', step: g(() => fc.constantFrom(...visible.single)), path: path(g), time: false };
  return { kind: 'aggregate', fn: g(() => fc.constantFrom('first', 'last')), step: g(() => fc.constantFrom(...visible.single)), path: path(g), time: false };
}

function numberValue(g: Gen, visible: Visible, depth: number): Expr {
  const choice = g(() => fc.nat({ max: depth > 0 ? 7 : 4 }));
  switch (choice) {
    case 0:
      return { kind: 'literal', value: g(() => fc.double({ noNaN: true, noDefaultInfinity: true })) };
    case 1:
      return { kind: 'duration', ms: g(() => fc.nat({ max: 2_000_000_000 })) };
    case 2:
      return anyValue(g, visible);
    case 3:
      return { kind: 'timestamp' };
    case 4: {
      if (visible.any.length === 0) return { kind: 'literal', value: g(() => fc.integer()) };
      const fn = g(() => fc.constantFrom('count', 'sum', 'avg', 'min', 'max' as const));
      const step = g(() => fc.constantFrom(...visible.any));
      return { kind: 'aggregate', fn, step, path: fn === 'count' && g(() => fc.boolean()) ? [] : path(g), time: false };
    }
    case 5: {
      const operand = numberValue(g, visible, depth - 1);
      // `-5` reads back as a literal, so negate other expressions only.
      return operand.kind === 'literal' ? operand : { kind: 'negate', operand };
    }
    default:
      return {
        kind: 'arithmetic',
        op: g(() => fc.constantFrom('+', '-', '*', '/', '%' as const)),
        left: numberValue(g, visible, depth - 1),
        right: numberValue(g, visible, depth - 1),
      };
  }
}

function stringValue(g: Gen, visible: Visible): Expr {
  return g(() => fc.boolean()) ? { kind: 'literal', value: g(() => fc.string({ maxLength: 8, unit: 'binary' })) } : anyValue(g, visible);
}

/** A literal; `null` only where it stays a literal (`x == null` reads back as `x is null`). */
function literal(g: Gen, allowNull: boolean): Expr {
  const values: fc.Arbitrary<string | number | boolean | null>[] = [fc.string({ maxLength: 5 }), fc.integer(), fc.boolean()];
  return { kind: 'literal', value: g(() => fc.oneof(...values, ...(allowNull ? [fc.constant(null)] : []))) };
}

/** A condition: true or false, using every test and combinator. */
export function booleanExpr(g: Gen, visible: Visible, depth: number): Expr {
  const choice = g(() => fc.nat({ max: depth > 0 ? 11 : 8 }));
  switch (choice) {
    case 0:
      return { kind: 'compare', op: g(() => fc.constantFrom('==', '!=', '<', '<=', '>', '>=' as const)), left: numberValue(g, visible, 1), right: numberValue(g, visible, 1) };
    case 1:
      return { kind: 'compare', op: g(() => fc.constantFrom('==', '!=', '<', '>=' as const)), left: stringValue(g, visible), right: stringValue(g, visible) };
    case 2:
      return { kind: 'in', operand: anyValue(g, visible), list: Array.from({ length: g(() => fc.nat({ max: 3 })) }, () => literal(g, true)), negated: g(() => fc.boolean()) };
    case 3:
      return { kind: 'text', op: g(() => fc.constantFrom('contains', 'startsWith', 'endsWith' as const)), left: anyValue(g, visible), right: { kind: 'literal', value: g(() => fc.string({ maxLength: 4 })) } };
    case 4: {
      const [source, flags] = g(() => fc.constantFrom(...REGEXES));
      return { kind: 'matches', operand: anyValue(g, visible), source: new RegExp(source, flags).source, flags };
    }
    case 5:
      return { kind: 'check', operand: anyValue(g, visible), test: g(() => fc.constantFrom('null', 'missing' as const)), negated: g(() => fc.boolean()) };
    case 6:
      return { kind: 'literal', value: g(() => fc.boolean()) };
    case 7:
      return anyValue(g, visible);
    case 8:
      return { kind: 'compare', op: g(() => fc.constantFrom('==', '!=' as const)), left: anyValue(g, visible), right: literal(g, false) };
    case 9:
      return { kind: 'not', operand: booleanExpr(g, visible, depth - 1) };
    default:
      return { kind: g(() => fc.constantFrom('and', 'or' as const)), left: booleanExpr(g, visible, depth - 1), right: booleanExpr(g, visible, depth - 1) };
  }
}

/** A step before names are known: conditions are expressions until the whole pattern exists. */
type Draft =
  | { kind: 'event'; name: string; connection: Connection; flags: Flags; where: Expr | null; until: Expr | null }
  | { kind: 'group'; steps: Draft[]; connection: Connection; flags: Flags; until: Expr | null };

interface Flags {
  quantifier: Quantifier;
  optional: boolean;
  greedy: boolean;
  consecutive: boolean;
  allowCombinations: boolean;
}

function flags(g: Gen, group: boolean): Flags {
  const quantifier: Quantifier = g(() =>
    fc.oneof(
      fc.constant<Quantifier>({ kind: 'once' }),
      fc.integer({ min: 1, max: 4 }).chain((min) => fc.integer({ min, max: 4 }).map((max): Quantifier => ({ kind: 'times', min, max }))),
      fc.integer({ min: 1, max: 3 }).map((min): Quantifier => ({ kind: 'loop', min })),
    ),
  );
  const repeated = quantifier.kind !== 'once';
  const inner = repeated ? g(() => fc.constantFrom('relaxed', 'consecutive', 'combinations')) : 'relaxed';
  return {
    quantifier,
    optional: g(() => fc.boolean()),
    greedy: !group && repeated && inner !== 'combinations' && g(() => fc.boolean()),
    consecutive: inner === 'consecutive',
    allowCombinations: inner === 'combinations',
  };
}

const NONE: Flags = { quantifier: { kind: 'once' }, optional: false, greedy: false, consecutive: false, allowCombinations: false };

function sequence(g: Gen, names: Set<string>, visible: Visible, depth: number, topLevel: boolean): Draft[] {
  const length = g(() => fc.integer({ min: 1, max: topLevel ? 4 : 3 }));
  const steps: Draft[] = [];
  for (let i = 0; i < length; i++) {
    const connection: Connection = i === 0 ? 'begin' : g(() => fc.constantFrom('next', 'followedBy', 'followedByAny', 'notNext', 'notFollowedBy'));
    const negation = connection === 'notNext' || connection === 'notFollowedBy';
    if (!negation && depth > 0 && g(() => fc.nat({ max: 4 })) === 0) {
      const f = flags(g, true);
      const inner = sequence(g, names, { single: [], any: [] }, depth - 1, false);
      steps.push({ kind: 'group', steps: inner, connection, flags: f, until: f.quantifier.kind === 'loop' && g(() => fc.boolean()) ? booleanExpr(g, { single: [], any: [] }, 1) : null });
      continue;
    }
    const name = g(() => nameArbitrary.filter((n) => validStepName(n) && !names.has(n)));
    names.add(name);
    const f = negation ? NONE : flags(g, false);
    const where = g(() => fc.boolean()) ? booleanExpr(g, visible, 2) : null;
    const until = f.quantifier.kind === 'loop' && g(() => fc.boolean()) ? booleanExpr(g, visible, 1) : null;
    steps.push({ kind: 'event', name, connection, flags: f, where, until });
    if (topLevel && !negation) {
      if (f.quantifier.kind === 'once') visible.single.push(name);
      visible.any.push(name);
    }
  }
  return steps;
}

function finish(draft: Draft, steps: ReadonlySet<string>): Step<EventRecord> {
  const lower = (expr: Expr | null): Condition<EventRecord> | null => (expr === null ? null : conditionOf(expr, { steps }));
  if (draft.kind === 'event') {
    return { kind: 'event', name: draft.name, connection: draft.connection, ...draft.flags, until: lower(draft.until), condition: lower(draft.where) ?? { kind: 'true' } };
  }
  const inner = draft.steps.map((step) => finish(step, steps));
  return { kind: 'group', name: groupName(inner), steps: inner, connection: draft.connection, ...draft.flags, until: lower(draft.until) };
}

/** A random pattern model of the DSL's kind (it may still break a pattern rule; filter with validatePattern). */
export function patternModel(g: Gen): PatternModel<EventRecord> {
  const names = new Set<string>();
  const drafts = sequence(g, names, { single: [], any: [] }, 2, true);
  const steps = drafts.map((draft) => finish(draft, names));
  const named = [...names];
  const skip: SkipStrategy = g(() =>
    fc.oneof(
      fc.constant<SkipStrategy>({ kind: 'noSkip' }),
      fc.constant<SkipStrategy>({ kind: 'skipToNext' }),
      fc.constant<SkipStrategy>({ kind: 'skipPastLastEvent' }),
      fc
        .record({ kind: fc.constantFrom('skipToFirst', 'skipToLast' as const), step: fc.constantFrom(...named), throwOnMiss: fc.boolean() })
        .map((skip): SkipStrategy => ({ ...skip })),
    ),
  );
  const withinMs = g(() => fc.option(fc.integer({ min: 1, max: 3_000_000_000 }), { nil: null }));
  return { steps, withinMs, skip };
}
