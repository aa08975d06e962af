// The pattern model: what a pattern means, as plain data. Both the fluent builder and the DSL
// produce it; validation, the compiler and the reference matcher only ever read it.
import type { Condition } from './condition.js';
import { formatMilliseconds } from './duration.js';
import type { SkipStrategy } from './skip-strategy.js';

/**
 * How a step attaches to the step before it (Flink's consuming strategy).
 * - `begin`: the first step of a pattern or of a group.
 * - `next`: strict contiguity, the very next event.
 * - `followedBy`: relaxed contiguity, skipping events that do not match.
 * - `followedByAny`: non-deterministic relaxed contiguity, any later matching event.
 * - `notNext` / `notFollowedBy`: the step must not match the next event / any event before the
 *   following step matches (or before the window ends, when it is the last step).
 */
export type Connection = 'begin' | 'next' | 'followedBy' | 'followedByAny' | 'notNext' | 'notFollowedBy';

/** Contiguity between the events of one looping or repeated step. */
export type InnerContiguity = 'strict' | 'relaxed' | 'nondeterministic';

/**
 * How many events a step takes: exactly one, between `min` and `max`, or `min` or more.
 * Optionality is a separate flag, as in Flink (`times(0, n)` becomes `times(1, n).optional()`).
 */
export type Quantifier =
  | { readonly kind: 'once' }
  | { readonly kind: 'times'; readonly min: number; readonly max: number }
  | { readonly kind: 'loop'; readonly min: number };

/** Everything a step has besides what it matches. */
export interface StepCommon<E> {
  /** Unique within the pattern for event steps; a display name for groups. */
  readonly name: string;
  readonly connection: Connection;
  readonly quantifier: Quantifier;
  readonly optional: boolean;
  readonly greedy: boolean;
  /** `consecutive()`: strict contiguity between the events of a repeated step. */
  readonly consecutive: boolean;
  /** `allowCombinations()`: non-deterministic relaxed contiguity between repeated events. */
  readonly allowCombinations: boolean;
  /** `until(cond)`: a looping step stops taking events at the first event that satisfies it. */
  readonly until: Condition<E> | null;
  /**
   * The step's own window (Flink's `within(time, WithinType.PREVIOUS_AND_CURRENT)`): the event it
   * takes must come less than this many milliseconds after the event the partial match took
   * before it, or the partial match times out at `previous.ts + withinPreviousMs`. Absent or
   * `null` for none. Only on a single-event step after the first, a `notNext`, or a trailing
   * `notFollowedBy` (see {@link windowOfStep} and validatePattern for why).
   */
  readonly withinPreviousMs?: number | null;
}

/** A step that matches single events against a condition. */
export interface EventStep<E> extends StepCommon<E> {
  readonly kind: 'event';
  readonly condition: Condition<E>;
}

/** A group: a nested sequence of steps that is quantified and attached as one unit. */
export interface GroupStep<E> extends StepCommon<E> {
  readonly kind: 'group';
  readonly steps: readonly Step<E>[];
}

/** One element of a pattern sequence. */
export type Step<E> = EventStep<E> | GroupStep<E>;

/** A whole pattern: the steps in order, the time window and the after-match skip strategy. */
export interface PatternModel<E> {
  readonly steps: readonly Step<E>[];
  /**
   * The pattern-wide window (Flink's default `WithinType.FIRST_AND_LAST`): a match must start and
   * end within `[first.ts, first.ts + withinMs)`; `null` for no window. Flink keeps one such
   * window per step and bounds the match by the shortest; the builder does that reckoning, and
   * the model holds its result. Steps may add windows of their own
   * ({@link StepCommon.withinPreviousMs}); both kinds apply.
   */
  readonly withinMs: number | null;
  readonly skip: SkipStrategy;
}

/** Implementation limits, written down rather than discovered. */
export const LIMITS = {
  /** Largest `max` of `times(min, max)` and largest `min` of `timesOrMore`: each count is a state. */
  maxRepeat: 1000,
  /** Most NFA states one pattern may compile to. */
  maxStates: 20_000,
} as const;

/** The contiguity between repeated events of a step, derived from its flags. */
export function innerContiguity<E>(step: StepCommon<E>): InnerContiguity {
  if (step.consecutive) return 'strict';
  if (step.allowCombinations) return 'nondeterministic';
  return 'relaxed';
}

/**
 * How `within(duration, type)` measures time, as in Flink's `WithinType`:
 * - `'first-and-last'`: from the first event of the match (the pattern-wide window);
 * - `'previous-and-current'`: from the event taken before the current step's (a per-step window).
 */
export type WithinType = 'first-and-last' | 'previous-and-current';

/** The step's own window in milliseconds, or `null` when it has none. */
export function windowOfStep<E>(step: StepCommon<E>): number | null {
  return step.withinPreviousMs ?? null;
}

/** How dumps and diagrams show a step's own window: `within 5 minutes of previous`. */
export function describeStepWindow(windowMs: number): string {
  return `within ${formatMilliseconds(windowMs)} of previous`;
}

/** Whether the step is a negation (`notNext` / `notFollowedBy`). */
export function isNegation<E>(step: StepCommon<E>): boolean {
  return step.connection === 'notNext' || step.connection === 'notFollowedBy';
}

/** Names of all event steps in pattern order, descending into groups. */
export function eventStepNames<E>(steps: readonly Step<E>[]): string[] {
  const names: string[] = [];
  for (const step of steps) {
    if (step.kind === 'event') names.push(step.name);
    else names.push(...eventStepNames(step.steps));
  }
  return names;
}

/** Prints a quantifier as the fluent call that made it, e.g. `times(2, 4)`. */
export function formatQuantifier(quantifier: Quantifier): string {
  switch (quantifier.kind) {
    case 'once':
      return 'once';
    case 'times':
      return quantifier.min === quantifier.max ? `times(${quantifier.min})` : `times(${quantifier.min}, ${quantifier.max})`;
    case 'loop':
      return quantifier.min === 1 ? 'oneOrMore()' : `timesOrMore(${quantifier.min})`;
  }
}
