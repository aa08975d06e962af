// After-match skip strategies decide which partial matches survive once a match is emitted.
// They prune by the start event of each partial match, exactly as Flink CEP does.

/**
 * The after-match skip strategy of a pattern.
 * - `noSkip`: every match is emitted.
 * - `skipToNext`: drop partial matches that started at the same event as the emitted match.
 * - `skipPastLastEvent`: drop partial matches that started at or before the match's last event.
 * - `skipToFirst` / `skipToLast`: drop partial matches that started before the first / last event
 *   the match assigned to `step`. With `throwOnMiss`, a match in which `step` has no event (or
 *   whose target is the match's own first event) is reported as an error instead of being emitted.
 */
export type SkipStrategy =
  | { readonly kind: 'noSkip' }
  | { readonly kind: 'skipToNext' }
  | { readonly kind: 'skipPastLastEvent' }
  | { readonly kind: 'skipToFirst'; readonly step: string; readonly throwOnMiss: boolean }
  | { readonly kind: 'skipToLast'; readonly step: string; readonly throwOnMiss: boolean };

/** Constructors with Flink CEP's names. */
export const AfterMatchSkipStrategy = {
  /** Emit every match (the default). */
  noSkip: (): SkipStrategy => ({ kind: 'noSkip' }),
  /** After a match, drop other partial matches that started with the same event. */
  skipToNext: (): SkipStrategy => ({ kind: 'skipToNext' }),
  /** After a match, drop partial matches that started at or before its last event. */
  skipPastLastEvent: (): SkipStrategy => ({ kind: 'skipPastLastEvent' }),
  /** After a match, drop partial matches that started before the first event of `step`. */
  skipToFirst: (step: string, options: { throwOnMiss?: boolean } = {}): SkipStrategy => ({
    kind: 'skipToFirst',
    step,
    throwOnMiss: options.throwOnMiss ?? false,
  }),
  /** After a match, drop partial matches that started before the last event of `step`. */
  skipToLast: (step: string, options: { throwOnMiss?: boolean } = {}): SkipStrategy => ({
    kind: 'skipToLast',
    step,
    throwOnMiss: options.throwOnMiss ?? false,
  }),
} as const;

/** Prints a strategy as it is written in code, e.g. `skipToFirst('b')`. */
export function formatSkipStrategy(strategy: SkipStrategy): string {
  switch (strategy.kind) {
    case 'noSkip':
    case 'skipToNext':
    case 'skipPastLastEvent':
      return `${strategy.kind}()`;
    case 'skipToFirst':
    case 'skipToLast':
      return `${strategy.kind}('${strategy.step}'${strategy.throwOnMiss ? ', { throwOnMiss: true }' : ''})`;
  }
}
