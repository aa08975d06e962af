// The public surface of Cepheus. Everything a user imports comes from here; nothing else is API.

export { Pattern, type StepCondition } from './pattern/pattern.js';
export {
  predicate,
  andCondition,
  orCondition,
  formatCondition,
  TRUE_CONDITION,
  type Condition,
  type ConditionContext,
  type ConditionFn,
  type TypeGuard,
} from './pattern/condition.js';
export { AfterMatchSkipStrategy, formatSkipStrategy, type SkipStrategy } from './pattern/skip-strategy.js';
export { parseDuration, formatMilliseconds, type Duration } from './pattern/duration.js';
export {
  LIMITS,
  eventStepNames,
  formatQuantifier,
  innerContiguity,
  isNegation,
  windowOfStep,
  type Connection,
  type EventStep,
  type GroupStep,
  type InnerContiguity,
  type PatternModel,
  type Quantifier,
  type Step,
  type StepCommon,
  type WithinType,
} from './pattern/model.js';
export { PatternError, type PatternIssue, type PatternIssueCode } from './pattern/pattern-error.js';
export { validatePattern, assertValidPattern } from './pattern/validate.js';

export { compile, FINAL_STATE_NAME } from './nfa/compile.js';
export { dumpNfa } from './nfa/dump.js';
export { nfaToDot, nfaToMermaid } from './nfa/diagram.js';
export type { Nfa, NfaState, NfaEdge, NfaCondition, NfaStateKind, EdgeAction, Guard } from './nfa/nfa.js';
export { Matcher, runMatcher, type MatcherOptions, type TimedEvent } from './nfa/matcher.js';
export { initialState, consumeEvent, advanceTime, type MatcherState, type StepOptions, type StepResult } from './nfa/step.js';
export type { MatchNode, Run } from './nfa/partial-match.js';
export type {
  MatchOutput,
  TimeoutOutput,
  MatcherErrorOutput,
  MatcherOutput,
  MatchedEvents,
} from './nfa/outputs.js';

export { CepEngine, LineRecord, Watermark, watermark, withLine } from './runtime/engine.js';
export { toNodeStream } from './runtime/node-stream.js';
export {
  DEFAULT_MAX_PARTIAL_MATCHES_PER_KEY,
  type EngineOptions,
  type PatternSpec,
  type EventTimeOptions,
  type ProcessingTimeOptions,
} from './runtime/engine-options.js';
export { ManualClock, systemClock, type Clock } from './runtime/clock.js';
export { compareKeys, fieldReader, toTimestamp, type FieldPath, type Key, type KeySelector, type TimestampSelector } from './runtime/record-fields.js';
export type {
  EngineOutput,
  EngineMatch,
  EngineTimeout,
  EngineLate,
  EngineError,
  EngineErrorCode,
  EngineCapped,
  CapPolicy,
} from './runtime/outputs.js';

export {
  CHECKPOINT_VERSION,
  CheckpointError,
  type CheckpointData,
  type CheckpointErrorCode,
  type CheckpointKey,
  type CheckpointNode,
  type CheckpointPattern,
  type CheckpointRun,
  type CheckpointStep,
  type CheckpointTime,
  type EngineStats,
  type TimeMode,
} from './state/checkpoint.js';
export {
  CHECKPOINT_MAGIC,
  decodeCheckpoint,
  encodeCheckpoint,
  encodeCheckpointSync,
  encodeSnapshot,
  encodeSnapshotAsText,
  readCheckpointHeader,
  type CheckpointHeader,
} from './state/checkpoint-codec.js';
export { type CheckpointText, type EncodedCheckpoint } from './state/encoded-checkpoint.js';
export { snapshotToCheckpoint, snapshotToCheckpointSync, type EngineSnapshot } from './state/snapshot.js';
export { type RestoreOptions, type DroppedState } from './state/restore-plan.js';
export { FileCheckpointStore, MemoryCheckpointStore, type CheckpointStore, type StoredCheckpoint } from './state/checkpoint-store.js';
export { keyFingerprint, patternFingerprint, stepFingerprint } from './state/fingerprint.js';
export { saveCheckpoint, type SavedCheckpoint } from './state/save-checkpoint.js';

export { readJsonLinesFile, readJsonLinesBatches, splitJsonLines, splitJsonLinesBatches, type JsonLinesItem, type JsonLinesPosition } from './io/jsonl-source.js';
export { JsonLinesFileSink, type OutputSink } from './io/jsonl-sink.js';
export { runJsonLines, type CheckpointPolicy, type JobEvent, type JobResult, type JsonLinesJob } from './io/run-json-lines.js';

// ---- Checkpoint inspection and editing (state/inspect.ts, state/compact-checkpoint.ts) ----------
export {
  summarizeCheckpoint,
  listPartialMatches,
  removeKey,
  removePartialMatchesOlderThan,
  type CheckpointSummary,
  type PatternSummary,
  type PartialMatchFilter,
  type PartialMatchInfo,
  type TakenEvent,
  type AgeOptions,
} from './state/inspect.js';
export { compactCheckpoint } from './state/compact-checkpoint.js';

// ---- The pattern language: .cep files (src/dsl/, grammar/README.md) ----------------------------
export { parsePatterns, parseSources, definePatterns, DEFAULT_FILE_NAME, type DslSource } from './dsl/parse-patterns.js';
export { loadPatterns, type LoadOptions } from './dsl/load-patterns.js';
export type { DslResult } from './dsl/analyze.js';
export {
  toPatternSpec,
  engineOptionsFor,
  SINGLE_KEY,
  type PatternDefinition,
  type SpecOptions,
  type DslTimeOptions,
} from './dsl/definition.js';
export { formatPatterns, formatPattern, formatEventType, formatModel, type FormatInput, type FormattableDefinition } from './dsl/format.js';
export { DslError, type Diagnostic, type DiagnosticCode, type DslDiagnosticCode } from './dsl/diagnostics.js';
export { renderDiagnostic, renderDiagnostics } from './dsl/render-diagnostics.js';
export { dumpPatternModel } from './dsl/model-dump.js';
export { isExpression, AGGREGATE_FUNCTIONS, type Expr, type PathSegment, type AggregateFn } from './dsl/expression.js';
export { BUILTIN_TYPES, type EventSchema, type SchemaField, type SchemaType } from './dsl/schema.js';
export type { EventRecord } from './dsl/compile-expression.js';
export { DSL_LIMITS } from './dsl/lex.js';
export { syntaxDiagramsHtml } from './dsl/diagrams.js';
