// One pattern declaration → the pattern model the fluent API would build, plus its settings.
// Problems are collected, not thrown; a pattern with any problem yields no definition.
import { compile } from '../nfa/compile.js';
import { TRUE_CONDITION, type Condition } from '../pattern/condition.js';
import type { EventStep, GroupStep, PatternModel, Step } from '../pattern/model.js';
import { PatternError } from '../pattern/pattern-error.js';
import type { SkipStrategy } from '../pattern/skip-strategy.js';
import { validatePattern } from '../pattern/validate.js';
import type { ConditionClause, ExprAst, PatternDecl, SequenceAst, StepAst } from './ast.js';
import { checkCondition } from './check-expression.js';
import { conditionOf, type EventRecord } from './compile-expression.js';
import type { PatternDefinition } from './definition.js';
import { diagnosticAt, type Diagnostic, type Span } from './diagnostics.js';
import { readStepOptions } from './step-options.js';
import type { ConditionScope, StepInfo } from './resolve-names.js';
import type { SchemaTable, SchemaType } from './schema.js';
import { readSettings, type PatternSettings } from './pattern-settings.js';
import { buildStepTable, type StepTable } from './step-table.js';
import { didYouMean } from './suggest.js';
import { validationDiagnostics, type PatternPlaces } from './validation-diagnostics.js';

/** What the whole load shares while building one pattern. */
export interface BuildContext {
  readonly file: string;
  readonly schemas: SchemaTable;
  /** Event types whose declarations had syntax errors: using them is not reported again. */
  readonly brokenTypes: ReadonlySet<string>;
  readonly diagnostics: Diagnostic[];
}

/** Builds a pattern; returns `null` (with diagnostics added) when anything is wrong with it. */
export function buildPattern(decl: PatternDecl, context: BuildContext): PatternDefinition | null {
  const { file, diagnostics } = context;
  const before = diagnostics.length;
  const schema = eventTypeOf(decl, context);
  const root: SchemaType | null = schema === null ? null : { kind: 'object', fields: schema.fields };
  const settings = readSettings(decl, root, schema?.name ?? null, context);
  const table = buildStepTable(decl.sequence, file, diagnostics);
  const builder = new ModelBuilder(context, table, root, schema?.name ?? null);
  const steps = builder.sequence(decl.sequence);
  const skip = skipStrategy(decl, settings, table, context);
  const model: PatternModel<EventRecord> = { steps, withinMs: settings.within?.ms ?? null, skip };
  const places: PatternPlaces = {
    file,
    pattern: decl.name.span,
    steps: builder.places,
    quantifiers: builder.quantifierPlaces,
    within: settings.within?.span ?? null,
    skipTarget: settings.skip !== null && 'step' in settings.skip ? settings.skip.step.span : null,
  };
  diagnostics.push(...validationDiagnostics(validatePattern(model), places));
  if (diagnostics.length > before) return null;
  try {
    compile(model);
  } catch (error) {
    if (!(error instanceof PatternError)) throw error;
    diagnostics.push(...validationDiagnostics(error.issues, places));
    return null;
  }
  return {
    name: decl.name.text,
    model,
    keyBy: settings.keyBy,
    timeField: settings.timeField,
    eventType: schema,
    doc: decl.doc,
    source: { file, line: decl.name.span.line, column: decl.name.span.column },
  };
}

function eventTypeOf(decl: PatternDecl, context: BuildContext) {
  const type = decl.eventType;
  if (type === null) return null;
  const schema = context.schemas.get(type.text);
  if (schema === undefined && !context.brokenTypes.has(type.text)) {
    const names = [...context.schemas.keys()];
    const known = names.length === 0 ? 'none is declared' : `declared: ${names.join(', ')}`;
    context.diagnostics.push(
      diagnosticAt(context.file, type.span, 'unknown-event-type', `unknown event type '${type.text}' (${known}); declare it with event ${type.text} { … }`, {
        suggestion: didYouMean(type.text, names),
      }),
    );
  }
  return schema ?? null;
}

/**
 * The skip strategy as written. A target the pattern does not have is reported here, with a
 * suggestion among the steps it may name: those at the top level, as in Flink (a step inside a
 * group is reported by validation, as `skip-target-in-group`).
 */
function skipStrategy(decl: PatternDecl, settings: PatternSettings, table: StepTable, context: BuildContext): SkipStrategy {
  const skip = settings.skip;
  if (skip === null) return { kind: 'noSkip' };
  if (skip.kind !== 'skipToFirst' && skip.kind !== 'skipToLast') return { kind: skip.kind };
  const name = skip.step.text;
  if (!table.steps.has(name)) {
    const names = decl.sequence.steps.flatMap((step) => (step.target.kind === 'event' ? [step.target.name.text] : []));
    const known = names.length === 0 ? 'a skip strategy can only name a step outside groups, and there is none' : `steps: ${names.join(', ')}`;
    const suggestion = didYouMean(name, names);
    // A near miss inside a group would be the next error: say at once why it cannot be named.
    const inGroup = suggestion === null ? didYouMean(name, [...table.steps.keys()].filter((step) => !names.includes(step))) : null;
    const why = inGroup === null ? '' : `; step '${inGroup}' is close, but it is inside a group, and as in Flink a skip strategy can only name a step outside groups`;
    context.diagnostics.push(
      diagnosticAt(context.file, skip.step.span, 'unknown-step', `the skip strategy names step '${name}', and the pattern has no such event step (${known})${why}`, { suggestion }),
    );
  }
  return { kind: skip.kind, step: name, throwOnMiss: skip.throwOnMiss };
}

class ModelBuilder {
  /** Step and group names → where they are written, for validation issues. */
  readonly places = new Map<string, Span>();
  /** Step and group names → where their quantifier is written, for issues with the quantifier. */
  readonly quantifierPlaces = new Map<string, Span>();
  private readonly stepNames: ReadonlySet<string>;

  constructor(
    private readonly context: BuildContext,
    private readonly table: StepTable,
    private readonly root: SchemaType | null,
    private readonly rootName: string | null,
  ) {
    this.stepNames = new Set(table.steps.keys());
  }

  sequence(sequence: SequenceAst): Step<EventRecord>[] {
    return sequence.steps.map((step) => this.step(step));
  }

  private step(ast: StepAst): Step<EventRecord> {
    const { withinPreviousMs, ...flags } = readStepOptions(ast, this.context.file, this.context.diagnostics);
    // Only a step with a window has the field, as the fluent builder makes it.
    const options = withinPreviousMs === null ? flags : { ...flags, withinPreviousMs };
    const info = this.table.byAst.get(ast)!;
    const label = ast.target.kind === 'event' ? `step '${ast.target.name.text}'` : 'a group';
    const untilClause = this.single(ast.until, 'until', label);
    const until = untilClause === null ? null : this.condition(untilClause.expr, info);
    const common = { connection: ast.connection, ...options, until };
    if (ast.target.kind === 'event') {
      const name = ast.target.name;
      if (!this.places.has(name.text)) this.places.set(name.text, name.span);
      this.placeQuantifier(name.text, ast);
      const whereClause = this.single(ast.where, 'where', label);
      const condition = whereClause === null ? TRUE_CONDITION : (this.condition(whereClause.expr, info) ?? TRUE_CONDITION);
      const step: EventStep<EventRecord> = { kind: 'event', name: name.text, condition, ...common };
      return step;
    }
    const steps = this.sequence(ast.target.sequence);
    for (const clause of ast.where) {
      this.context.diagnostics.push(
        diagnosticAt(this.context.file, clause.span, 'condition-on-group', "a group has no condition of its own; put 'where' on the steps inside it"),
      );
    }
    const group: GroupStep<EventRecord> = { kind: 'group', name: groupName(steps), steps, ...common };
    if (!this.places.has(group.name)) this.places.set(group.name, ast.target.span);
    this.placeQuantifier(group.name, ast);
    return group;
  }

  private placeQuantifier(name: string, ast: StepAst): void {
    const quantifier = ast.options.find((option) => option.kind === 'times' || option.kind === 'orMore');
    if (quantifier !== undefined && !this.quantifierPlaces.has(name)) this.quantifierPlaces.set(name, quantifier.span);
  }

  /** The one clause of a kind; a second one is reported (conditions are combined with `and`, not repeated). */
  private single(clauses: readonly ConditionClause[], word: 'where' | 'until', label: string): ConditionClause | null {
    for (const extra of clauses.slice(1)) {
      this.context.diagnostics.push(
        diagnosticAt(this.context.file, extra.span, 'duplicate-clause', `${label} has '${word}' twice; combine the conditions with 'and' (or 'or') in one '${word}'`),
      );
    }
    return clauses[0] ?? null;
  }

  private condition(expr: ExprAst, current: StepInfo): Condition<EventRecord> | null {
    const { file, schemas, diagnostics } = this.context;
    const scope: ConditionScope = { file, root: this.root, rootName: this.rootName, schemas, steps: this.table.steps, current, diagnostics };
    const checked = checkCondition(expr, scope);
    return checked === null ? null : conditionOf(checked, { steps: this.stepNames });
  }
}

/**
 * The display name of a group, derived from its steps exactly as the fluent builder derives it
 * (`(a followedBy b)`), so that both produce equal models.
 */
export function groupName(steps: readonly Step<unknown>[]): string {
  return `(${steps.map((step, i) => (i === 0 ? step.name : `${step.connection} ${step.name}`)).join(' ')})`;
}
