// The fluent, immutable pattern builder with Flink CEP's vocabulary. Every call returns a new
// Pattern; the model it builds is plain data (see model.ts) and is checked by validatePattern.
import {
  andCondition,
  orCondition,
  predicate,
  TRUE_CONDITION,
  type Condition,
  type ConditionContext,
  type TypeGuard,
} from './condition.js';
import { parseDuration, type Duration } from './duration.js';
import type { Connection, EventStep, GroupStep, PatternModel, Quantifier, Step, WithinType } from './model.js';
import { issue, PatternError } from './pattern-error.js';
import { AfterMatchSkipStrategy, type SkipStrategy } from './skip-strategy.js';

/**
 * A condition over the events of the current step (typed `F`, narrowed by `subtype`), with the
 * context of the partial match (events of the whole stream type `E`).
 */
export type StepCondition<E, F extends E> = (event: F, ctx: ConditionContext<E>) => boolean;

/**
 * A pattern under construction: a sequence of steps, a window and a skip strategy.
 *
 * `E` is the type of the stream's events; `F` the type of the events of the step being
 * configured (the last one), narrowed by {@link Pattern.subtype}.
 *
 * @example
 * const unpaid = Pattern.begin<Order>('created').where((o) => o.type === 'created')
 *   .followedBy('paid').where((o) => o.type === 'paid')
 *   .within('15m');
 */
export class Pattern<E, F extends E = E> {
  /**
   * @param model what the pattern means so far.
   * @param windowBeforeLastStep the shortest pattern-wide window written on the steps before the
   *   last one, or inside the last one if it is a group; `null` for none. Flink keeps a window
   *   per step and its compiler takes the shortest, so `within` on the last step replaces only
   *   what was written on that step: `model.withinMs` is the shorter of this and that window.
   */
  private constructor(
    private readonly model: PatternModel<E>,
    private readonly windowBeforeLastStep: number | null = null,
  ) {}

  /**
   * Starts a pattern with a step named `name`, or with a group (a nested pattern). Windows
   * written inside a group bound the whole match (see {@link Pattern.within}).
   */
  static begin<E>(name: string, skip?: SkipStrategy): Pattern<E, E>;
  static begin<E>(group: Pattern<E, E> | Pattern<E, any>, skip?: SkipStrategy): Pattern<E, E>;
  static begin<E>(nameOrGroup: string | Pattern<E, any>, skip: SkipStrategy = AfterMatchSkipStrategy.noSkip()): Pattern<E, E> {
    const windowMs = windowInside(nameOrGroup);
    return new Pattern<E, E>({ steps: [newStep(nameOrGroup, 'begin')], withinMs: windowMs, skip }, windowMs);
  }

  /**
   * Builds a pattern from a model (e.g. one produced by the DSL), for further chaining. The
   * model's window counts as written on its last step: `within` before another step is added
   * replaces it.
   */
  static fromModel<E>(model: PatternModel<E>): Pattern<E, E> {
    return new Pattern<E, E>(model);
  }

  /** The plain-data model this pattern stands for. */
  toModel(): PatternModel<E> {
    return this.model;
  }

  /** Name of the step being configured. */
  get currentStepName(): string {
    return this.last().name;
  }

  /** Appends a step that must match the very next event (strict contiguity). */
  next(nameOrGroup: string | Pattern<E, any>): Pattern<E, E> {
    return this.append(nameOrGroup, 'next');
  }

  /** Appends a step that may skip events that do not match it (relaxed contiguity). */
  followedBy(nameOrGroup: string | Pattern<E, any>): Pattern<E, E> {
    return this.append(nameOrGroup, 'followedBy');
  }

  /** Appends a step that may match any later event (non-deterministic relaxed contiguity). */
  followedByAny(nameOrGroup: string | Pattern<E, any>): Pattern<E, E> {
    return this.append(nameOrGroup, 'followedByAny');
  }

  /** Appends a negation: the event right after the previous step must not match it. */
  notNext(name: string): Pattern<E, E> {
    return this.append(name, 'notNext');
  }

  /**
   * Appends a negation: no event matching it may occur between the previous step and the next
   * one. As the last step it needs `within`: the match completes when the window ends.
   */
  notFollowedBy(name: string): Pattern<E, E> {
    return this.append(name, 'notFollowedBy');
  }

  /** Adds a condition to the current step; several `where` calls are AND-combined. */
  where(condition: StepCondition<E, F>, label?: string): Pattern<E, F> {
    return this.updateCondition((current) => andCondition(current, predicate(condition as never, label)));
  }

  /** OR-combines a condition with the current step's conditions so far (Flink's `or`). */
  or(condition: StepCondition<E, F>, label?: string): Pattern<E, F> {
    return this.updateCondition((current) => orCondition(current, predicate(condition as never, label)));
  }

  /** Restricts the current step to events that pass a type guard; later conditions see the subtype. */
  subtype<G extends F>(guard: TypeGuard<F, G>, label?: string): Pattern<E, G> {
    const test = (event: E): boolean => guard(event as F);
    return this.updateCondition((current) => andCondition(current, predicate(test, label ?? guard.name ?? 'subtype'))) as never;
  }

  /** Stops a looping step at the first event that satisfies `condition` (that event is not taken). */
  until(condition: StepCondition<E, F>, label?: string): Pattern<E, F> {
    const step = this.last();
    const added = predicate<E>(condition as never, label);
    return this.replaceLast({ ...step, until: step.until === null ? added : orCondition(step.until, added) });
  }

  /** The current step takes exactly `n` events. */
  times(n: number): Pattern<E, F>;
  /** The current step takes between `min` and `max` events; `min` 0 makes it optional. */
  times(min: number, max: number): Pattern<E, F>;
  times(min: number, max?: number): Pattern<E, F> {
    const upper = max ?? min;
    const step = this.last();
    if (!Number.isInteger(min) || !Number.isInteger(upper) || min < 0 || upper < Math.max(min, 1)) {
      throw new PatternError([
        issue('bad-quantifier', step.name, `times(${min}${max === undefined ? '' : `, ${max}`}) needs whole numbers with 0 <= min <= max and max >= 1`),
      ]);
    }
    if (min === 0) return this.quantify({ kind: 'times', min: 1, max: upper }).optional();
    return this.quantify({ kind: 'times', min, max: upper });
  }

  /**
   * The current step takes `n` (at least 1) or more events. As in Flink, `timesOrMore(0)` is an
   * error: zero or more events is `oneOrMore().optional()`.
   */
  timesOrMore(n: number): Pattern<E, F> {
    if (!Number.isInteger(n) || n < 1) {
      throw new PatternError([
        issue('bad-quantifier', this.last().name, `timesOrMore(${n}) needs a whole number >= 1; write timesOrMore(0) as oneOrMore().optional()`),
      ]);
    }
    return this.quantify({ kind: 'loop', min: n });
  }

  /** The current step takes one or more events. */
  oneOrMore(): Pattern<E, F> {
    return this.quantify({ kind: 'loop', min: 1 });
  }

  /** The current step (or group) may be skipped; an unmatched optional step is absent from matches. */
  optional(): Pattern<E, F> {
    return this.replaceLast({ ...this.last(), optional: true });
  }

  /** A repeated step takes as many events as it can instead of emitting every shorter match. */
  greedy(): Pattern<E, F> {
    return this.replaceLast({ ...this.last(), greedy: true });
  }

  /** Strict contiguity between the events of a repeated step. */
  consecutive(): Pattern<E, F> {
    return this.replaceLast({ ...this.last(), consecutive: true });
  }

  /** Non-deterministic relaxed contiguity between the events of a repeated step. */
  allowCombinations(): Pattern<E, F> {
    return this.replaceLast({ ...this.last(), allowCombinations: true });
  }

  /**
   * Sets a time window on the current step, as Flink's `within(duration, withinType)`. Each step
   * keeps one window of each type; calling `within` again on the same step replaces that step's
   * window of that type (Flink keeps the last one).
   *
   * `'first-and-last'` (the default) limits a whole match to `[first event time, first event time
   * + duration)`. Written on several steps, the shortest bounds the match, as Flink's compiler
   * takes it: `begin('a').within('1h').followedBy('b').within('2h')` has a one-hour window, while
   * `followedBy('b').within('1h').within('2h')` has a two-hour one. Windows written inside a
   * group count like those of any other step, on every step of the group, and bound the whole
   * match, not just the group's part of it. (Flink ignores the one on a group's last step;
   * Cepheus applies it.)
   *
   * `'previous-and-current'` is a window on the current step only: the event it takes must come
   * less than `duration` after the event the partial match took before it, or the partial match
   * times out at that previous event's time + `duration`. It applies to a single-event step
   * after the first (inside a group too), a `notNext`, or a trailing `notFollowedBy` (which then
   * completes its match `duration` after the previous event); it may not exceed the pattern-wide
   * window.
   *
   * @example
   * // a payment at most 10 minutes after the order, the whole match within an hour
   * Pattern.begin<Order>('ordered').followedBy('paid').where(isPayment)
   *   .within('10m', 'previous-and-current').within('1h');
   */
  within(duration: Duration, type: WithinType = 'first-and-last'): Pattern<E, F> {
    const ms = parseDuration(duration);
    if (type === 'previous-and-current') return this.replaceLast({ ...this.last(), withinPreviousMs: ms });
    if (type !== 'first-and-last') {
      throw new RangeError(`within(${JSON.stringify(duration)}, ${JSON.stringify(type)}): the window type is 'first-and-last' or 'previous-and-current'`);
    }
    return this.withModel({ ...this.model, withinMs: shorter(this.windowBeforeLastStep, ms) });
  }

  /** Replaces the after-match skip strategy (also settable in {@link Pattern.begin}). */
  withSkipStrategy(skip: SkipStrategy): Pattern<E, F> {
    return this.withModel({ ...this.model, skip });
  }

  private append(nameOrGroup: string | Pattern<E, any>, connection: Connection): Pattern<E, E> {
    // The step that was last is done with: its window, and those inside a new group, stay.
    const windowMs = shorter(this.model.withinMs, windowInside(nameOrGroup));
    const steps = [...this.model.steps, newStep(nameOrGroup, connection)];
    return new Pattern<E, E>({ ...this.model, steps, withinMs: windowMs }, windowMs);
  }

  /** The same pattern with another model and the same windows before its last step. */
  private withModel(model: PatternModel<E>): Pattern<E, F> {
    return new Pattern<E, F>(model, this.windowBeforeLastStep);
  }

  private last(): Step<E> {
    return this.model.steps[this.model.steps.length - 1]!;
  }

  private replaceLast(step: Step<E>): Pattern<E, F> {
    return this.withModel({ ...this.model, steps: [...this.model.steps.slice(0, -1), step] });
  }

  private quantify(quantifier: Quantifier): Pattern<E, F> {
    const step = this.last();
    if (step.quantifier.kind !== 'once') {
      throw new PatternError([
        issue('quantifier-twice', step.name, 'a quantifier is already applied; use one of times, timesOrMore or oneOrMore per step'),
      ]);
    }
    return this.replaceLast({ ...step, quantifier });
  }

  private updateCondition(update: (current: Condition<E>) => Condition<E>): Pattern<E, F> {
    const step = this.last();
    if (step.kind === 'group') {
      throw new PatternError([
        issue('condition-on-group', step.name, 'a group has no condition of its own; put where/or/subtype on the steps inside it'),
      ]);
    }
    const updated: EventStep<E> = { ...step, condition: update(step.condition) };
    return this.replaceLast(updated);
  }
}

function newStep<E>(nameOrGroup: string | Pattern<E, any>, connection: Connection): Step<E> {
  const common = {
    connection,
    quantifier: { kind: 'once' } as const,
    optional: false,
    greedy: false,
    consecutive: false,
    allowCombinations: false,
    until: null,
  };
  if (typeof nameOrGroup === 'string') {
    return { kind: 'event', name: nameOrGroup, condition: TRUE_CONDITION, ...common };
  }
  const inner = nameOrGroup.toModel();
  const group: GroupStep<E> = { kind: 'group', name: groupName(inner.steps), steps: inner.steps, ...common };
  return group;
}

/**
 * The pattern-wide window a group brings: the shortest written on any of its steps, its last
 * included. (Flink's NFACompiler reads a group's windows while walking back from its last step
 * with `getPrevious()`, which never reads that last step's own: a window the user wrote would be
 * dropped without a word.)
 */
function windowInside<E>(nameOrGroup: string | Pattern<E, any>): number | null {
  return typeof nameOrGroup === 'string' ? null : nameOrGroup.toModel().withinMs;
}

/** The shorter of two windows, `null` standing for none. */
function shorter(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.min(a, b);
}

/** Groups have no name in Flink; we show them by their contents, e.g. `(a next b)`. */
function groupName<E>(steps: readonly Step<E>[]): string {
  return `(${steps.map((step, i) => (i === 0 ? step.name : `${step.connection} ${step.name}`)).join(' ')})`;
}
