// Fingerprints identify a pattern, each of its steps and how it is keyed, so a checkpoint knows
// whether the pattern it is restored into is the one that wrote it, and what changed.
import { createHash } from 'node:crypto';
import { assertNever, type Condition } from '../pattern/condition.js';
import { formatQuantifier, windowOfStep, type PatternModel, type Step } from '../pattern/model.js';
import { formatSkipStrategy } from '../pattern/skip-strategy.js';
import type { KeySelector, TimestampSelector } from '../runtime/record-fields.js';

/**
 * Fingerprint of one step: its name, how it attaches, its quantifier and flags, its conditions
 * and its own window (so restoring into a changed window is a changed step).
 */
export function stepFingerprint<E>(step: Step<E>): string {
  return hash(describeStep(step));
}

/** Fingerprint of a whole pattern: its steps, window and skip strategy. */
export function patternFingerprint<E>(model: PatternModel<E>): string {
  return hash(JSON.stringify([model.steps.map(describeStep), model.withinMs, formatSkipStrategy(model.skip)]));
}

/**
 * Fingerprint of a pattern's key selector: its field path, or a function's whole source (as
 * conditions are counted). Partial matches saved under one key cannot go on under another: a
 * `created` of order o-1 waits under key `o-1`, and a `paid` keyed by user would never reach it.
 */
export function keyFingerprint<E>(keyBy: KeySelector<E>): string {
  return selectorFingerprint(keyBy);
}

/**
 * Fingerprint of the event-time timestamp selector, made as the key's is. Partial matches and
 * buffered events hold times read with it; read another way (another field, say), the times of
 * the events still to come are on another time line.
 */
export function timestampFingerprint<E>(timestamp: TimestampSelector<E>): string {
  return selectorFingerprint(timestamp);
}

function selectorFingerprint(selector: string | ((event: never) => unknown)): string {
  return hash(typeof selector === 'function' ? `function:${selector.toString()}` : `field:${selector}`);
}

/**
 * Event steps by name with their fingerprints, descending into groups. A step's fingerprint covers
 * the step itself, the groups around it and the step before it (a partial match waiting in `b`
 * of `a b` cannot go on in `a x b`); a negation's also says whether it ends the pattern (a
 * trailing `notFollowedBy` waits for the window, a middle one only guards the next step).
 */
export function stepFingerprints<E>(steps: readonly Step<E>[], within: string[] = [], endsPattern = true): { name: string; fingerprint: string }[] {
  const result: { name: string; fingerprint: string }[] = [];
  steps.forEach((step, index) => {
    const previous = index === 0 ? null : steps[index - 1]!.name;
    const last = endsPattern && index === steps.length - 1;
    if (step.kind === 'event') {
      const negation = step.connection === 'notNext' || step.connection === 'notFollowedBy';
      result.push({ name: step.name, fingerprint: hash(JSON.stringify([within, previous, negation ? last : null, describeStep(step)])) });
    } else {
      result.push(...stepFingerprints(step.steps, [...within, JSON.stringify([previous, describeStep({ ...step, steps: [] })])], last && step.quantifier.kind === 'once'));
    }
  });
  return result;
}

function describeStep<E>(step: Step<E>): string {
  const common = [
    step.kind,
    step.name,
    step.connection,
    formatQuantifier(step.quantifier),
    step.optional,
    step.greedy,
    step.consecutive,
    step.allowCombinations,
    step.until === null ? null : conditionIdentity(step.until),
  ];
  const described = step.kind === 'event' ? [...common, conditionIdentity(step.condition)] : [...common, step.steps.map(describeStep)];
  // Only a step with a window says so: steps without one keep the fingerprints they always had.
  const window = windowOfStep(step);
  return JSON.stringify(window === null ? described : [...described, { withinPreviousMs: window }]);
}

/** A condition's full identity: labels can be shortened, so user functions count by their whole source. */
function conditionIdentity<E>(condition: Condition<E>): string {
  switch (condition.kind) {
    case 'true':
      return 'true';
    case 'predicate':
      return `${condition.label}\u0000${condition.test.toString()}`;
    case 'and':
    case 'or':
      return `${condition.kind}(${conditionIdentity(condition.left)},${conditionIdentity(condition.right)})`;
    case 'not':
      return `not(${conditionIdentity(condition.operand)})`;
    default:
      return assertNever(condition);
  }
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}
