// The public surface of `cepheus/testing`: the testing kit for property-based suites of your own
// patterns, built on fast-check (a peer dependency) and usable from any test runner.
// Everything a user imports from `cepheus/testing` comes from here; nothing else is API.

// ---- Streams ------------------------------------------------------------------------------------
export {
  eventStream,
  type EventStreamSpec,
  type FieldArbitraries,
  type StreamEvent,
  type StreamKeys,
  type StreamTime,
  type TimelineOptions,
} from './event-stream.js';
export { eventStreamFor, fieldsFor, type SchemaFieldOptions, type SchemaStreamOptions } from './schema-fields.js';

// ---- Random patterns for engine-level suites ----------------------------------------------------
export {
  patternRecipe,
  patternModel,
  recipeToModel,
  recipeCondition,
  formatRecipe,
  BALANCED_RECIPES,
  NEGATION_HEAVY_RECIPES,
  RECIPE_CONDITIONS,
  type AbcEvent,
  type PatternRecipe,
  type RecipeBias,
  type RecipeCondition,
  type StepRecipe,
} from './pattern-recipe.js';
export { abcEvents, keyedAbcEvents, type AbcStreamOptions, type KeyedAbcEvent, type KeyedAbcStreamOptions } from './abc-events.js';

// ---- Running patterns -----------------------------------------------------------------------------
export { runPattern, runEngine, engineOptionsOf, byKind, isPatternDefinition, type PatternRun, type PatternSource, type RunPatternOptions } from './run-pattern.js';

// ---- The slow oracle ------------------------------------------------------------------------------
export {
  referenceMatches,
  compareWithReference,
  referenceProperty,
  assertAgreesWithReference,
  timedEvents,
  modelOf,
  type ReferenceCheckOptions,
  type ReferenceMismatch,
} from './reference.js';
export type { ReferenceOptions, TieBreak, TiedMatch } from '../reference/reference-matcher.js';
export { canonicalOutputs, sameCanonical, followMatcher, outputsOfKey, type CanonicalOutputs, type EventNamer } from './compare-outputs.js';

// ---- Checkpoints ----------------------------------------------------------------------------------
export {
  assertRestoreEqualsUninterrupted,
  restoreProperty,
  restoreMismatch,
  runWithRestarts,
  restartThroughBytes,
  type EngineSetup,
  type RestoreCheckOptions,
} from './restore-property.js';

// ---- Readable counter-examples ----------------------------------------------------------------------
export { formatEventTable, formatOutputTable, withTableLayout, tableLayoutOf, eventRowNamer, type TableLayout } from './event-table.js';
export { assertPattern, counterexampleReporter, formatFailure, describeCounterexample, describeValue, PropertyFailure } from './counterexample-report.js';
