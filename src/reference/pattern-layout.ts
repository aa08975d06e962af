// What the reference matcher needs to know about a pattern, read straight off the model: counts,
// which negations are in force where, and what comes after each step. No automaton is built.
import type { EventStep, PatternModel, Step } from '../pattern/model.js';
import { isNegation, windowOfStep } from '../pattern/model.js';

/** Where a run waits once an element of the pattern is done with (Flink: the element's sink). */
export type After =
  | { readonly kind: 'entry' | 'notNext' | 'pending'; readonly element: number }
  | { readonly kind: 'final' };

/** A pattern model read as a flat list of event steps, with the facts the reference rules use. */
export interface PatternLayout<E> {
  /** The model's steps (negations included), in order; index = element number. */
  readonly elements: readonly EventStep<E>[];
  readonly withinMs: number | null;
  /** For each element: its own window (Flink's PREVIOUS_AND_CURRENT), or `null`. */
  readonly stepWindows: readonly (number | null)[];
  /**
   * For each element: the `notFollowedBy` elements that ban events while a run waits for this
   * element's first event. They are the negations between it and the closest earlier step that
   * is neither optional nor a `notFollowedBy` (Flink: `getCurrentNotCondition`).
   */
  readonly bansBefore: readonly (readonly number[])[];
  /** For each element: the `notFollowedBy` right after it, which bans events from its 2nd state on. */
  readonly banAfter: readonly (number | null)[];
  /** For each element: where a run goes when it is done with the element. */
  readonly after: readonly After[];
  /**
   * For each element: the greedy step whose following state is this element's waiting state, so
   * that every edge there also requires NOT(that step's condition) (Flink: `updateWithGreedyCondition`).
   */
  readonly greedyBefore: readonly (number | null)[];
}

/** Fewest events a step takes when it is not skipped. */
export function minCount(step: Step<unknown>): number {
  return step.quantifier.kind === 'once' ? 1 : step.quantifier.min;
}

/** Most events a step takes (`Infinity` for loops). */
export function maxCount(step: Step<unknown>): number {
  switch (step.quantifier.kind) {
    case 'once':
      return 1;
    case 'times':
      return step.quantifier.max;
    case 'loop':
      return Infinity;
  }
}

/** `greedy()` changes nothing on `times(n)`: Flink applies it only when the count can vary. */
export function isEffectivelyGreedy(step: Step<unknown>): boolean {
  if (!step.greedy) return false;
  return step.quantifier.kind === 'loop' || (step.quantifier.kind === 'times' && step.quantifier.min < step.quantifier.max);
}

/** Reads the model; groups are not supported by the reference and are rejected here. */
export function layoutOf<E>(model: PatternModel<E>): PatternLayout<E> {
  const elements = model.steps.map((step) => {
    if (step.kind === 'group') throw new Error(`reference matcher: groups are not supported (step '${step.name}')`);
    return step;
  });
  const count = elements.length;
  const isNotFollowedBy = (i: number): boolean => elements[i]!.connection === 'notFollowedBy';

  const bansBefore = elements.map((_, i) => {
    const bans: number[] = [];
    for (let j = i - 1; j >= 0; j--) {
      const previous = elements[j]!;
      if (isNotFollowedBy(j)) bans.push(j);
      else if (isNegation(previous) || !previous.optional) break;
    }
    return bans;
  });

  const banAfter = elements.map((_, i) => (i + 1 < count && isNotFollowedBy(i + 1) ? i + 1 : null));

  const afterOf = (i: number): After => {
    const k = i + 1;
    if (k >= count) return { kind: 'final' };
    const next = elements[k]!;
    if (!isNegation(next)) return { kind: 'entry', element: k };
    if (next.connection === 'notNext') return { kind: 'notNext', element: k };
    // A notFollowedBy has a state of its own only at the end; elsewhere it only adds bans.
    return k === count - 1 ? { kind: 'pending', element: k } : afterOf(k);
  };
  const after = elements.map((_, i) => afterOf(i));

  const greedyBefore: (number | null)[] = elements.map(() => null);
  elements.forEach((step, i) => {
    const target = after[i]!;
    if (!isNegation(step) && isEffectivelyGreedy(step) && target.kind !== 'final') greedyBefore[target.element] = i;
  });

  const stepWindows = elements.map((step) => windowOfStep(step));
  return { elements, withinMs: model.withinMs, stepWindows, bansBefore, banAfter, after, greedyBefore };
}
