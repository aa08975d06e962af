// Pattern problems are data first (so the DSL can attach file positions), an exception at the API edge.

/** Stable codes for every rule a pattern can break. */
export type PatternIssueCode =
  | 'empty-pattern'
  | 'empty-name'
  | 'reserved-name'
  | 'duplicate-name'
  | 'negation-first'
  | 'negation-last-without-window'
  | 'negation-after-optional'
  | 'optional-after-greedy'
  | 'negation-quantified'
  | 'negation-ends-group'
  | 'negation-group'
  | 'bad-connection'
  | 'greedy-not-repeated'
  | 'greedy-with-combinations'
  | 'greedy-group'
  | 'consecutive-not-repeated'
  | 'combinations-not-repeated'
  | 'consecutive-with-combinations'
  | 'until-not-looping'
  | 'bad-quantifier'
  | 'repeat-limit'
  | 'bad-window'
  | 'bad-step-window'
  | 'step-window-ignored'
  | 'step-window-exceeds-within'
  | 'skip-target-unknown'
  | 'skip-target-in-group'
  | 'quantifier-twice'
  | 'condition-on-group'
  | 'state-limit';

/** One broken rule, naming the step it concerns (or `null` for pattern-wide rules). */
export interface PatternIssue {
  readonly code: PatternIssueCode;
  readonly step: string | null;
  readonly message: string;
}

/** Thrown when a pattern breaks one or more rules; `issues` lists all of them. */
export class PatternError extends Error {
  readonly issues: readonly PatternIssue[];

  constructor(issues: readonly PatternIssue[]) {
    super(
      issues.length === 1
        ? issues[0]!.message
        : `${issues.length} problems in pattern:\n${issues.map((issue) => `  - ${issue.message}`).join('\n')}`,
    );
    this.name = 'PatternError';
    this.issues = issues;
  }
}

/** Builds an issue whose message starts with the step it is about. */
export function issue(code: PatternIssueCode, step: string | null, rule: string): PatternIssue {
  return { code, step, message: step === null ? rule : `step '${step}': ${rule}` };
}
