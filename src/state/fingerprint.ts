// Fingerprints identify a pattern and each of its steps, so a checkpoint knows whether the
// pattern it is restored into is the one that wrote it, and which steps changed.
import { createHash } from 'node:crypto';
import { formatCondition } from '../pattern/condition.js';
import { formatQuantifier, type PatternModel, type Step } from '../pattern/model.js';
import { formatSkipStrategy } from '../pattern/skip-strategy.js';

/** Fingerprint of one step: its name, how it attaches, its quantifier and flags, its conditions. */
export function stepFingerprint<E>(step: Step<E>): string {
  return hash(describeStep(step));
}

/** Fingerprint of a whole pattern: its steps, window and skip strategy. */
export function patternFingerprint<E>(model: PatternModel<E>): string {
  return hash(JSON.stringify([model.steps.map(describeStep), model.withinMs, formatSkipStrategy(model.skip)]));
}

/** Event steps by name with their fingerprints, descending into groups (their structure counts too). */
export function stepFingerprints<E>(steps: readonly Step<E>[], within: string[] = []): { name: string; fingerprint: string }[] {
  const result: { name: string; fingerprint: string }[] = [];
  for (const step of steps) {
    if (step.kind === 'event') result.push({ name: step.name, fingerprint: hash(JSON.stringify([within, describeStep(step)])) });
    else result.push(...stepFingerprints(step.steps, [...within, describeStep({ ...step, steps: [] })]));
  }
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
    step.until === null ? null : formatCondition(step.until),
  ];
  return JSON.stringify(step.kind === 'event' ? [...common, formatCondition(step.condition)] : [...common, step.steps.map(describeStep)]);
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}
