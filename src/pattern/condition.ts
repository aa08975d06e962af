// Conditions are a small tree of plain data so the compiler can combine them (AND, OR, NOT)
// into edge guards and print them, while the leaves keep the user's functions.

/**
 * What a condition can see besides the event itself: the events that the partial match being
 * extended has already assigned to a step (Flink's `getEventsForPattern`) and the event's time.
 */
export interface ConditionContext<E> {
  /** Events already matched by the step named `step` in this partial match, oldest first. */
  eventsFor(step: string): readonly E[];
  /** Flink's name for {@link ConditionContext.eventsFor}. */
  getEventsForPattern(step: string): readonly E[];
  /** Timestamp of the event being tested, in milliseconds. */
  readonly timestamp: number;
}

/**
 * A user condition. A simple condition looks only at the event; an iterative one also uses the
 * context (events matched so far). Conditions must be pure: the matcher may evaluate them more
 * than once and caches their results per partial match and event.
 */
export type ConditionFn<E> = {
  // Method syntax makes the parameter bivariant, so a model of `E` can be read as a model of
  // `unknown` by code (dumps, validation) that never calls the condition.
  check(event: E, ctx: ConditionContext<E>): boolean;
}['check'];

/** A type guard used by `subtype`: later conditions of the step see the narrowed type. */
export type TypeGuard<E, F extends E> = (event: E) => event is F;

/** A condition as plain data: leaves hold functions, inner nodes combine them. */
export type Condition<E> =
  | { readonly kind: 'true' }
  | {
      readonly kind: 'predicate';
      readonly test: ConditionFn<E>;
      /** Shown in dumps and error messages; defaults to the function's source text. */
      readonly label: string;
      /**
       * The DSL expression this predicate was compiled from (a `src/dsl` expression tree, plain
       * data); absent for predicates written in code. Lets the formatter print the model as text.
       */
      readonly expression?: unknown;
    }
  | { readonly kind: 'and'; readonly left: Condition<E>; readonly right: Condition<E> }
  | { readonly kind: 'or'; readonly left: Condition<E>; readonly right: Condition<E> }
  | { readonly kind: 'not'; readonly operand: Condition<E> };

/** The condition that accepts every event (a step without `where`). */
export const TRUE_CONDITION: { readonly kind: 'true' } = Object.freeze({ kind: 'true' as const });

/** Wraps a user function as a condition leaf, with a readable label for dumps. */
export function predicate<E>(test: ConditionFn<E>, label?: string): Condition<E> {
  return { kind: 'predicate', test, label: label ?? labelOf(test) };
}

/** `left AND right`, dropping `true` operands so dumps stay short. */
export function andCondition<E>(left: Condition<E>, right: Condition<E>): Condition<E> {
  if (left.kind === 'true') return right;
  if (right.kind === 'true') return left;
  return { kind: 'and', left, right };
}

/** `left OR right`; `true` absorbs the other side. */
export function orCondition<E>(left: Condition<E>, right: Condition<E>): Condition<E> {
  if (left.kind === 'true' || right.kind === 'true') return TRUE_CONDITION;
  return { kind: 'or', left, right };
}

/** Prints a condition tree, e.g. `(price > 10) and not (isRefund)`. */
export function formatCondition(condition: Condition<unknown>): string {
  switch (condition.kind) {
    case 'true':
      return 'true';
    case 'predicate':
      return condition.label;
    case 'and':
      return `(${formatCondition(condition.left)}) and (${formatCondition(condition.right)})`;
    case 'or':
      return `(${formatCondition(condition.left)}) or (${formatCondition(condition.right)})`;
    case 'not':
      return `not (${formatCondition(condition.operand)})`;
    default:
      return assertNever(condition);
  }
}

function labelOf(fn: (...args: never[]) => unknown): string {
  const source = fn.toString().replace(/\s+/g, ' ').trim();
  return source.length > 60 ? `${source.slice(0, 57)}...` : source;
}

/** Exhaustiveness guard for switches over discriminated unions. */
export function assertNever(value: never): never {
  throw new Error(`unexpected variant: ${JSON.stringify(value)}`);
}
