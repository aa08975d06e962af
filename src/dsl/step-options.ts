// A step's quantifier, modifiers and window as written (`times 0..3 greedy`, `within 5 minutes`)
// → the model's fields, with Flink's conventions: `times 0..n` is `times 1..n` made optional.
// `zero or more` (or `0 or more`) is the language's own spelling of `one or more` made optional,
// the one the formatter writes; the fluent API's `timesOrMore(0)` is an error, as in Flink.
import type { Quantifier } from '../pattern/model.js';
import type { StepAst, StepOptionAst } from './ast.js';
import { diagnosticAt, type Diagnostic } from './diagnostics.js';
import { durationProblem } from './literals.js';

/** The model fields a step's options set. */
export interface StepOptions {
  readonly quantifier: Quantifier;
  readonly optional: boolean;
  readonly greedy: boolean;
  readonly consecutive: boolean;
  readonly allowCombinations: boolean;
  /** `within <duration>`: the step's own window (Flink's PREVIOUS_AND_CURRENT), or `null`. */
  readonly withinPreviousMs: number | null;
}

const MODIFIER_WORDS = {
  optional: 'optional',
  greedy: 'greedy',
  consecutive: 'consecutive',
  allowCombinations: 'allow combinations',
  within: 'within',
} as const;

/**
 * Reads the options of a step, reporting a second quantifier, a repeated modifier, bad counts and
 * an empty window (where the step's window may go is the pattern validation's to say).
 */
export function readStepOptions(step: StepAst, file: string, diagnostics: Diagnostic[]): StepOptions {
  const name = step.target.kind === 'event' ? step.target.name.text : 'group';
  const label = step.target.kind === 'event' ? `step '${name}'` : 'group';
  let quantifier: Quantifier = { kind: 'once' };
  let quantifierOption: StepOptionAst | null = null;
  const flags = { optional: false, greedy: false, consecutive: false, allowCombinations: false };
  let withinPreviousMs: number | null = null;
  const seen = new Set<string>();
  const fail = (option: StepOptionAst, code: Diagnostic['code'], message: string) => diagnostics.push(diagnosticAt(file, option.span, code, `${label}: ${message}`));
  for (const option of step.options) {
    if (option.kind === 'times' || option.kind === 'orMore') {
      if (quantifierOption !== null) {
        fail(option, 'quantifier-twice', 'a quantifier is already given; write one of times n, times n..m, n or more, one or more per step');
        continue;
      }
      quantifierOption = option;
      const counts = option.kind === 'times' ? [option.min, option.max] : [option.min];
      if (!counts.every(Number.isSafeInteger)) {
        fail(option, 'bad-number', `a quantifier counts events in whole numbers, not ${[...new Set(counts.filter((n) => !Number.isSafeInteger(n)))].join(' or ')}`);
        continue;
      }
      if (option.kind === 'orMore') {
        quantifier = { kind: 'loop', min: Math.max(1, option.min) };
        if (option.min === 0) flags.optional = true;
      } else if (option.max === 0) {
        fail(option, 'bad-quantifier', 'times 0 takes no events; remove the step, or make it optional');
      } else {
        quantifier = { kind: 'times', min: option.min === 0 ? 1 : option.min, max: option.max };
        if (option.min === 0) flags.optional = true;
      }
      continue;
    }
    if (seen.has(option.kind)) {
      fail(option, 'duplicate-modifier', `'${MODIFIER_WORDS[option.kind]}' is written twice; once is enough`);
      continue;
    }
    seen.add(option.kind);
    if (option.kind === 'within') {
      const problem = durationProblem(option.ms);
      if (option.ms <= 0) fail(option, 'bad-step-window', 'a step window of 0 never lets an event through; give it a positive duration, e.g. within 5 minutes');
      else if (problem !== null) fail(option, 'bad-number', problem);
      else withinPreviousMs = option.ms;
      continue;
    }
    flags[option.kind] = true;
  }
  return { quantifier, ...flags, withinPreviousMs };
}
