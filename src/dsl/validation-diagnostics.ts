// The core's pattern rules (validatePattern) reported on a .cep file: each issue placed on the
// step it names, and worded with the DSL's words instead of the fluent API's calls.
import type { PatternIssue } from '../pattern/pattern-error.js';
import { diagnosticAt, type Diagnostic, type Span } from './diagnostics.js';

/** Where the parts of one pattern are written. */
export interface PatternPlaces {
  readonly file: string;
  /** The pattern's name: where pattern-wide issues go. */
  readonly pattern: Span;
  /** Step names and group display names → where the step is written (the first occurrence). */
  readonly steps: ReadonlyMap<string, Span>;
  /** Step and group names → where their quantifier is written: where issues with it go. */
  readonly quantifiers: ReadonlyMap<string, Span>;
  readonly within: Span | null;
  /** The step named by `skip to first|last <step>`: where issues with the skip target go. */
  readonly skipTarget: Span | null;
}

/** Issues the analysis reports itself, with better places and suggestions. */
const OWN_CHECKS: ReadonlySet<string> = new Set(['duplicate-name', 'skip-target-unknown']);

/** Issues with a step's count of events: shown under its quantifier (`times 5..2`), not its name. */
const QUANTIFIER_ISSUES: ReadonlySet<string> = new Set(['bad-quantifier', 'repeat-limit']);

/** Pattern-wide issues with the skip strategy: shown under the step name the clause gives. */
const SKIP_ISSUES: ReadonlySet<string> = new Set(['skip-target-in-group']);

/** Converts validation issues to diagnostics at the place of the step they concern. */
export function validationDiagnostics(issues: readonly PatternIssue[], places: PatternPlaces): Diagnostic[] {
  return issues
    .filter((issue) => !OWN_CHECKS.has(issue.code))
    .map((issue) => {
      const quantifier = issue.step !== null && QUANTIFIER_ISSUES.has(issue.code) ? places.quantifiers.get(issue.step) : undefined;
      const span =
        quantifier ??
        (issue.step === null ? null : places.steps.get(issue.step)) ??
        (issue.code === 'bad-window' ? places.within : null) ??
        (SKIP_ISSUES.has(issue.code) ? places.skipTarget : null) ??
        places.pattern;
      return diagnosticAt(places.file, span, issue.code, inDslWords(issue.message));
    });
}

/** Fluent API calls in messages → the words of a .cep file, in order (specific before general). */
const WORDING: readonly (readonly [RegExp, string])[] = [
  [/within\(\d+, 'previous-and-current'\)/g, "the step's 'within'"],
  [/the pattern's within\(\d+\)/g, "the pattern's 'within' clause"],
  [/the pattern-wide within/g, "the pattern's 'within' clause"],
  [/a duration such as '5m' or 300000/g, 'a duration such as 5 minutes'],
  [/; write times\(0, n\) as times\(1, n\)\.optional\(\)/g, ''],
  [/; write timesOrMore\(0\) as oneOrMore\(\)\.optional\(\)/g, ''],
  [/\(times, timesOrMore or oneOrMore\)/g, '(times n, n or more, one or more)'],
  [/\(oneOrMore or timesOrMore\)/g, '(one or more, n or more)'],
  [/oneOrMore\(\) with a condition that counts ctx\.eventsFor\(\.\.\.\)/g, 'one or more with a condition that uses count(...)'],
  [/times\((\d+), (\d+)\)/g, 'times $1..$2'],
  [/times\((\d+)\)/g, 'times $1'],
  [/timesOrMore\((\d+)\)/g, '$1 or more'],
  [/oneOrMore\(\)/g, 'one or more'],
  [/allowCombinations\(\)/g, 'allow combinations'],
  [/\b(greedy|consecutive|optional)\(\)/g, '$1'],
  [/notFollowedBy\('x'\)\.where\(\.\.\.\)/g, 'not followed by x where …'],
  [/\b(until|where|within)\((\.\.\.)?\)/g, "'$1'"],
  [/followedByAny\(\.\.\.\)/g, "'followed by any'"],
  [/\bnext\(\.\.\.\)/g, "'next'"],
  [/\bnotFollowedBy\b/g, 'not followed by'],
  [/\bnotNext\b/g, 'not next'],
  [/\bfollowedByAny\b/g, 'followed by any'],
  [/\bfollowedBy\b/g, 'followed by'],
  [/skipToFirst\('([^']*)'\)/g, "'skip to first $1'"],
  [/skipToLast\('([^']*)'\)/g, "'skip to last $1'"],
  [/a duration such as '15m' or 900000/g, 'a duration such as 15 minutes'],
];

/** Rewrites a validation message from fluent API terms to DSL terms. */
export function inDslWords(message: string): string {
  return WORDING.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), message);
}
