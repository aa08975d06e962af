// What a name in a condition refers to. A path whose first name is a step of the pattern reads
// that step's event; any other path reads the event being tested; `event.x` always reads the
// event being tested. Also which steps a condition may read, and how (see grammar/README.md).
import type { ExprAst, PathAst } from './ast.js';
import { diagnosticAt, type Diagnostic, type Span } from './diagnostics.js';
import type { PathSegment } from './expression.js';
import { formatStepPath } from './format-expression.js';
import { formatName } from './literals.js';
import { typeAtPath, type SchemaTable, type SchemaType } from './schema.js';
import { didYouMean } from './suggest.js';

/** What the analysis knows about each event step when it checks conditions. */
export interface StepInfo {
  readonly name: string;
  /** Position in the pattern, counting event steps from 0 in the order they are written. */
  readonly order: number;
  readonly negation: boolean;
  /** Whether the step can hold several events (it repeats, or sits in a repeated group). */
  readonly multi: boolean;
  /** Ids of the repeated groups around the step. */
  readonly loopGroups: readonly number[];
}

/** Everything a condition is checked against. */
export interface ConditionScope {
  readonly file: string;
  /** The declared event type of the pattern, or `null` when it has none (nothing is typed). */
  readonly root: SchemaType | null;
  readonly rootName: string | null;
  readonly schemas: SchemaTable;
  readonly steps: ReadonlyMap<string, StepInfo>;
  /** The step whose `where` or `until` this is. */
  readonly current: StepInfo;
  readonly diagnostics: Diagnostic[];
}

/** A resolved path: the current event's field, or a step's. `type` is `null` when unknown. */
export type ResolvedPath =
  | { readonly kind: 'field'; readonly path: readonly PathSegment[]; readonly type: SchemaType | null }
  | { readonly kind: 'step'; readonly step: StepInfo; readonly path: readonly PathSegment[]; readonly type: SchemaType | null; readonly stepSpan: Span }
  | { readonly kind: 'error' };

/** Resolves a path written in a condition, reporting unknown fields and invisible steps. */
export function resolvePath(path: PathAst, scope: ConditionScope): ResolvedPath {
  const segments = segmentsOf(path, scope);
  if (segments === null) return { kind: 'error' };
  if (path.eventKeyword) {
    if (segments.length === 0) {
      const step = scope.steps.has('event') ? `, or ${formatStepPath('event', ['field'])} / count(${formatStepPath('event', [])}) to read step 'event'` : '';
      report(scope, path.span, 'step-is-not-a-value', `'event' alone is not a value; write event.field for a field of the event being tested${step}`);
      return { kind: 'error' };
    }
    return typed({ kind: 'field', path: segments, type: null }, path, 1, scope);
  }
  const step = scope.steps.get(path.head.text);
  if (step === undefined) return typed({ kind: 'field', path: [path.head.text, ...segments], type: null }, path, 0, scope);
  if (segments.length === 0) {
    const name = path.head.text;
    report(
      scope,
      path.span,
      'step-is-not-a-value',
      `'${name}' names a step, not a value; write ${formatStepPath(name, ['field'])} for a field of its event, count(${formatStepPath(name, [])}) for how many events it matched, or event.${formatName(name)} for a field of the event being tested`,
    );
    return { kind: 'error' };
  }
  if (!canRead(step, path.head.span, scope)) return { kind: 'error' };
  return typed({ kind: 'step', step, path: segments, type: null, stepSpan: path.head.span }, path, 1, scope);
}

/**
 * Whether the current step's condition may read `step`'s events: earlier steps, later steps in
 * the same repeated group (events of earlier rounds), and its own events when it repeats; never
 * a negation, which holds no events.
 */
function canRead(step: StepInfo, span: Span, scope: ConditionScope): boolean {
  const current = scope.current;
  if (step.negation) {
    report(scope, span, 'negation-has-no-events', `step '${step.name}' is a negation and never holds events, so a condition cannot read it`);
    return false;
  }
  if (step.name === current.name) {
    if (current.multi) return true;
    report(
      scope,
      span,
      'own-event',
      `step '${step.name}' takes one event and has none yet while its own condition is tested; read the event being tested directly (event.field)`,
    );
    return false;
  }
  if (step.order < current.order || step.loopGroups.some((group) => current.loopGroups.includes(group))) return true;
  report(
    scope,
    span,
    'later-step',
    `step '${step.name}' comes after '${current.name}', so it has no events yet when '${current.name}' is tested; a condition can read earlier steps only`,
  );
  return false;
}

/** The step named by an aggregate's argument (`count(comments)`, `sum(prices.value)`). */
export function aggregateTarget(
  fn: string,
  arg: ExprAst | undefined,
  argCount: number,
  span: Span,
  scope: ConditionScope,
): { readonly step: StepInfo; readonly path: readonly PathSegment[]; readonly type: SchemaType | null } | null {
  const example = `${fn}(${formatStepPath(scope.current.name, fn === 'count' ? [] : ['price'])})`;
  if (argCount === 1 && arg !== undefined && reportMisreadStep(fn, arg, scope)) return null;
  if (argCount !== 1 || arg === undefined || arg.kind !== 'path' || arg.eventKeyword) {
    const rule = `${fn}(...) takes one step${fn === 'count' ? ' (or a field of it)' : "'s field"}, e.g. ${example}`;
    const why = arg !== undefined && arg.kind === 'path' && arg.eventKeyword ? "; the bare word 'event' is the event being tested, not a step" : '';
    report(scope, span, 'bad-arguments', `${rule}${why}`);
    return null;
  }
  const step = scope.steps.get(arg.head.text);
  if (step === undefined) {
    const names = [...scope.steps.keys()];
    report(scope, arg.head.span, 'unknown-step', `${fn}(...) reads the events of a step, and there is no step '${arg.head.text}' (steps: ${names.join(', ')})`, didYouMean(arg.head.text, names));
    return null;
  }
  const segments = segmentsOf(arg, scope);
  if (segments === null || !canRead(step, arg.head.span, scope)) return null;
  if (segments.length === 0 && fn !== 'count') {
    report(scope, arg.span, 'bad-arguments', `${fn}(...) needs a field of the step's events, e.g. ${fn}(${formatStepPath(step.name, ['price'])})`);
    return null;
  }
  const resolved = typed({ kind: 'step', step, path: segments, type: null, stepSpan: arg.head.span }, arg, 1, scope);
  return resolved.kind === 'step' ? { step, path: resolved.path, type: resolved.type } : null;
}

/**
 * An aggregate's argument is always a step, but a few bare words keep their own meaning there
 * too: `event` (the event being tested) and the literals `true`, `false`, `null`. When the
 * pattern has a step of that name, the user meant the step; say how to write it (in backticks)
 * instead of reporting a wrong argument. Returns whether it reported.
 */
function reportMisreadStep(fn: string, arg: ExprAst, scope: ConditionScope): boolean {
  let word: string;
  let meaning: string;
  if (arg.kind === 'path' && arg.eventKeyword) {
    word = 'event';
    meaning = 'the event being tested';
  } else if (arg.kind === 'boolean' || arg.kind === 'null') {
    word = arg.kind === 'null' ? 'null' : String(arg.value);
    meaning = `the value ${word}`;
  } else {
    return false;
  }
  if (!scope.steps.has(word)) return false;
  const path = arg.kind === 'path' ? segmentsOf(arg, scope) : [];
  if (path === null) return true;
  // Only count takes a step alone; the others read a field, so the text to write needs one too
  // (sum(`true`) would only earn the next error).
  const needsField = path.length === 0 && fn !== 'count';
  const what = needsField ? `${fn}(${formatStepPath(word, ['field'])}) to read a field of` : `${fn}(${formatStepPath(word, path)}) to read`;
  report(
    scope,
    arg.span,
    'step-needs-quotes',
    `the bare word '${word}' is ${meaning}, not step '${word}'; write ${what} the events of step '${word}'`,
  );
  return true;
}

function segmentsOf(path: PathAst, scope: ConditionScope): PathSegment[] | null {
  const out: PathSegment[] = [];
  for (const segment of path.segments) {
    if (segment.kind === 'name') {
      out.push(segment.name.text);
    } else if (!Number.isSafeInteger(segment.index)) {
      report(scope, segment.span, 'bad-number', `a list index is a whole number, not ${segment.index}`);
      return null;
    } else {
      out.push(segment.index);
    }
  }
  return out;
}

/** Attaches the schema type of the path (reporting a field the schema does not have). */
function typed<R extends ResolvedPath & { path: readonly PathSegment[] }>(resolved: R, ast: PathAst, firstSegment: number, scope: ConditionScope): R | { kind: 'error' } {
  if (scope.root === null) return resolved;
  const found = typeAtPath(scope.root, resolved.path, scope.schemas, `event ${scope.rootName}`);
  if ('segment' in found) {
    const spans = [ast.head.span, ...ast.segments.map((s) => (s.kind === 'name' ? s.name.span : s.span))];
    // The path's segments are offset by one when its head is a step or `event`, not a field.
    const span = spans[found.segment + firstSegment] ?? ast.span;
    report(scope, span, 'unknown-field', found.message, found.suggestion);
    return { kind: 'error' };
  }
  return { ...resolved, type: found };
}

/** Records a diagnostic in the scope. */
export function report(scope: ConditionScope, span: Span, code: Diagnostic['code'], message: string, suggestion: string | null = null): void {
  scope.diagnostics.push(diagnosticAt(scope.file, span, code, message, { suggestion }));
}

