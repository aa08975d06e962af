// Streams for patterns written in the DSL: a value generator per field of the declared event type,
// leaning towards the values the patterns' conditions test (the literals they compare a field
// with, the regexes they match it against), so that random events satisfy conditions often.
import fc from 'fast-check';
import type { DslResult } from '../dsl/analyze.js';
import type { EventRecord } from '../dsl/compile-expression.js';
import type { PatternDefinition } from '../dsl/definition.js';
import { isExpression, type Expr } from '../dsl/expression.js';
import type { EventSchema, SchemaType } from '../dsl/schema.js';
import type { Condition } from '../pattern/condition.js';
import type { Step } from '../pattern/model.js';
import { parseFieldPath, type Key } from '../runtime/record-fields.js';
import { withTableLayout } from './event-table.js';
import { arrange, placement, type TimelineOptions } from './event-stream.js';

/** Options of {@link fieldsFor}. */
export interface SchemaFieldOptions {
  /** Declared event types by name, to follow fields typed with another event type (`DslResult.schemas`). */
  readonly schemas?: ReadonlyMap<string, EventSchema>;
}

/** Options of {@link eventStreamFor}. */
export interface SchemaStreamOptions extends SchemaFieldOptions {
  /** Generators that replace the derived ones, by top-level field name. */
  readonly fields?: Readonly<Record<string, fc.Arbitrary<unknown>>>;
  /** Key values written to each pattern's `key by` field (default `k1`, `k2`; `1`, `2` for a number field). */
  readonly keys?: readonly Key[];
  /** How the `time by` field advances (default: gaps of 0–1000 ms from 0, in order). */
  readonly time?: TimelineOptions;
  /** Fewest events (default 0). */
  readonly minLength?: number;
  /** Most events (default 20). */
  readonly maxLength?: number;
}

type Literal = string | number | boolean | null;

/** What the conditions reveal about one field path. */
interface Hints {
  readonly literals: Literal[];
  readonly regexes: RegExp[];
}

type Source = PatternDefinition | readonly PatternDefinition[] | DslResult;

function definitionsOf(source: Source): readonly PatternDefinition[] {
  if ('definitions' in source) return source.definitions;
  return Array.isArray(source) ? source : [source as PatternDefinition];
}

/**
 * A generator per top-level field of the patterns' event type (`pattern … on Type`), without
 * the `key by` and `time by` fields. Without a declared type, the fields the conditions read.
 * Strings draw from the literals and regexes the conditions test the field with (and a few
 * short words), numbers from small integers and the literals compared with, ±1 at a bound;
 * nested objects and lists follow their declared types. Pass the result to `eventStream` with
 * your own key and time settings, overriding any field.
 */
export function fieldsFor(source: Source, options: SchemaFieldOptions = {}): Record<string, fc.Arbitrary<unknown>> {
  const definitions = definitionsOf(source);
  const schemas = options.schemas ?? ('schemas' in source ? (source as DslResult).schemas : new Map<string, EventSchema>());
  const hints = collectHints(definitions);
  // Top-level key and time fields are written by the stream; nested ones inside generated objects.
  const reserved = new Set(definitions.flatMap((d) => [d.keyBy, d.timeField].flatMap((path) => (path === null || parseFieldPath(path).length > 1 ? [] : [path]))));
  const declared = new Map<string, SchemaType>();
  for (const definition of definitions) for (const field of definition.eventType?.fields ?? []) if (!declared.has(field.name)) declared.set(field.name, field.type);
  const names = [...declared.keys(), ...[...hints.keys()].map((path) => path.split('\u0000')[0]!).filter((name) => !declared.has(name))];
  const fields: Record<string, fc.Arbitrary<unknown>> = {};
  for (const name of new Set(names)) {
    if (reserved.has(name)) continue;
    fields[name] = valueOf(declared.get(name) ?? null, [name], hints, schemas, 0);
  }
  return fields;
}

/**
 * Random streams of records for patterns loaded from `.cep` text: each record has the fields of
 * {@link fieldsFor}, a key from `keys` in every pattern's `key by` field and a timestamp in its
 * `time by` field (default `timestamp`), in arrival order as `eventStream` makes them.
 *
 * @example
 * const [spam] = definePatterns(await readFile('spam-comments.cep', 'utf8'));
 * const comments = eventStreamFor(spam, { keys: ['alice', 'bob'], time: { gap: { min: 0, max: 20_000 } } });
 */
export function eventStreamFor(source: Source, options: SchemaStreamOptions = {}): fc.Arbitrary<EventRecord[]> {
  const definitions = definitionsOf(source);
  const fields = { ...fieldsFor(source, options), ...options.fields };
  const timePaths = unique(definitions.map((d) => d.timeField ?? 'timestamp'));
  const keyPaths = unique(definitions.flatMap((d) => (d.keyBy === null ? [] : [d.keyBy])));
  const numberKeys = keyPaths.some((path) => declaredType(definitions, path)?.kind === 'number');
  const keys = options.keys ?? (numberKeys ? [1, 2] : ['k1', 'k2']);
  if (keyPaths.length > 0 && keys.length === 0) throw new RangeError('eventStreamFor: keys is empty; give at least one key');
  const item = fc.record({ placed: placement(options.time ?? {}), key: keyPaths.length === 0 ? fc.constant(null) : fc.constantFrom(...keys), fields: fc.record(fields) });
  return fc.array(item, { minLength: options.minLength ?? 0, maxLength: options.maxLength ?? 20, size: 'max' }).map((items) => {
    const records = arrange(
      items.map(({ placed, key, fields: values }) => {
        let record: EventRecord = {};
        for (const path of timePaths) record = setPath(record, path, 0);
        for (const path of keyPaths) record = setPath(record, path, key);
        record = { ...record, ...values };
        for (const path of keyPaths) record = setPath(record, path, key);
        return { placed, record };
      }),
      options.time?.start ?? 0,
      (record, timestamp) => {
        for (const path of timePaths) Object.assign(record, setPath(record, path, timestamp));
      },
    );
    return withTableLayout(records, { timestamp: timePaths[0]!, ...(keyPaths.length === 1 && !keyPaths[0]!.includes('.') ? { key: keyPaths[0]! } : {}) });
  });
}

const unique = <T>(list: readonly T[]): T[] => [...new Set(list)];

function declaredType(definitions: readonly PatternDefinition[], path: string): SchemaType | undefined {
  const [head] = parseFieldPath(path);
  for (const definition of definitions) {
    const field = definition.eventType?.fields.find((f) => f.name === head);
    if (field !== undefined) return field.type;
  }
  return undefined;
}

/**
 * A copy of `record` with `value` at a field path (`user.id`, `items[0]`): objects and lists on
 * the way are copied (generated values are never changed in place) or created.
 */
function setPath(record: EventRecord, path: string, value: unknown): EventRecord {
  const put = (target: unknown, parts: readonly (string | number)[]): unknown => {
    const [head, ...rest] = parts;
    const copy = (
      Array.isArray(target) ? [...target] : target !== null && typeof target === 'object' ? { ...target } : typeof head === 'number' ? [] : {}
    ) as Record<string | number, unknown>;
    copy[head!] = rest.length === 0 ? value : put(copy[head!], rest);
    return copy;
  };
  return put(record, parseFieldPath(path)) as EventRecord;
}

// ---- hints from conditions ---------------------------------------------------------------------

const pathKey = (path: readonly (string | number)[]): string => path.join('\u0000');

function collectHints(definitions: readonly PatternDefinition[]): Map<string, Hints> {
  const hints = new Map<string, Hints>();
  const at = (path: readonly (string | number)[]): Hints | null => {
    if (path.some((segment) => typeof segment === 'number')) return null;
    const key = pathKey(path);
    let entry = hints.get(key);
    if (entry === undefined) hints.set(key, (entry = { literals: [], regexes: [] }));
    return entry;
  };
  const visitSteps = (steps: readonly Step<EventRecord>[]): void => {
    for (const step of steps) {
      if (step.kind === 'group') visitSteps(step.steps);
      else visitCondition(step.condition);
      if (step.until !== null) visitCondition(step.until);
    }
  };
  const visitCondition = (condition: Condition<EventRecord>): void => {
    switch (condition.kind) {
      case 'true':
        return;
      case 'and':
      case 'or':
        visitCondition(condition.left);
        visitCondition(condition.right);
        return;
      case 'not':
        visitCondition(condition.operand);
        return;
      case 'predicate':
        if (isExpression(condition.expression)) visitExpr(condition.expression, at);
        return;
    }
  };
  for (const definition of definitions) visitSteps(definition.model.steps);
  return hints;
}

function literalOf(expr: Expr): Literal | undefined {
  if (expr.kind === 'literal') return expr.value;
  if (expr.kind === 'negate' && expr.operand.kind === 'literal' && typeof expr.operand.value === 'number') return -expr.operand.value;
  return undefined;
}

function visitExpr(expr: Expr, at: (path: readonly (string | number)[]) => Hints | null): void {
  const fieldOf = (e: Expr): Hints | null => (e.kind === 'field' && !e.time ? at(e.path) : null);
  switch (expr.kind) {
    case 'compare': {
      for (const [field, other] of [
        [expr.left, expr.right],
        [expr.right, expr.left],
      ] as const) {
        const hints = fieldOf(field);
        const value = literalOf(other);
        if (hints === null || value === undefined) continue;
        hints.literals.push(value);
        // A bound: the values on both sides of it.
        if (typeof value === 'number' && expr.op !== '==' && expr.op !== '!=') hints.literals.push(value - 1, value + 1);
      }
      visitExpr(expr.left, at);
      visitExpr(expr.right, at);
      return;
    }
    case 'in': {
      const hints = fieldOf(expr.operand);
      if (hints !== null) for (const item of expr.list) if (literalOf(item) !== undefined) hints.literals.push(literalOf(item)!);
      return;
    }
    case 'text': {
      const hints = fieldOf(expr.left);
      const value = literalOf(expr.right);
      if (hints !== null && typeof value === 'string') hints.literals.push(value, `x${value}`, `${value}x`);
      return;
    }
    case 'matches': {
      const hints = fieldOf(expr.operand);
      if (hints !== null) {
        try {
          hints.regexes.push(new RegExp(expr.source, expr.flags));
        } catch {
          // not a regex this runtime reads: no hint
        }
      }
      return;
    }
    case 'check': {
      const hints = fieldOf(expr.operand);
      if (hints !== null && expr.test === 'null') hints.literals.push(null);
      return;
    }
    case 'and':
    case 'or':
    case 'arithmetic':
      visitExpr(expr.left, at);
      visitExpr(expr.right, at);
      return;
    case 'not':
    case 'negate':
      visitExpr(expr.operand, at);
      return;
    default:
      return;
  }
}

// ---- value generators ----------------------------------------------------------------------------

const WORDS = fc.constantFrom('', 'a', 'b', 'hello');
const SMALL_INT = fc.integer({ min: 0, max: 10 });
const MAX_DEPTH = 4;

function valueOf(type: SchemaType | null, path: readonly string[], hints: ReadonlyMap<string, Hints>, schemas: ReadonlyMap<string, EventSchema>, depth: number): fc.Arbitrary<unknown> {
  const hint = hints.get(pathKey(path));
  const kind = type?.kind ?? inferredKind(hint, path, hints);
  switch (kind) {
    case 'string':
      return lean(hintPool(hint, (v) => typeof v === 'string'), WORDS, hint?.regexes ?? []);
    case 'number':
      return lean(hintPool(hint, (v) => typeof v === 'number'), SMALL_INT, []);
    case 'time':
      return lean(hintPool(hint, (v) => typeof v === 'number'), fc.integer({ min: 0, max: 100_000 }), []);
    case 'boolean':
      return fc.boolean();
    case 'any':
      return lean(hintPool(hint, () => true), fc.oneof(SMALL_INT, WORDS, fc.boolean(), fc.constant(null)), hint?.regexes ?? []);
    case 'list': {
      const element = type !== null && type.kind === 'list' ? type.element : null;
      // `list contains x` hints at the elements: they share the list's hints.
      return depth >= MAX_DEPTH ? fc.constant([]) : fc.array(elementOf(element, path, hints, schemas, depth + 1), { maxLength: 3 });
    }
    case 'named':
    case 'object': {
      if (depth >= MAX_DEPTH) return fc.constant({});
      let fields: readonly { name: string; type: SchemaType | null }[];
      if (type !== null && type.kind === 'object') fields = type.fields;
      else if (type !== null && type.kind === 'named') fields = schemas.get(type.name)?.fields ?? subPaths(path, hints);
      else fields = subPaths(path, hints);
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const field of fields) record[field.name] = valueOf(field.type, [...path, field.name], hints, schemas, depth + 1);
      return fc.record(record);
    }
  }
}

function elementOf(type: SchemaType | null, path: readonly string[], hints: ReadonlyMap<string, Hints>, schemas: ReadonlyMap<string, EventSchema>, depth: number): fc.Arbitrary<unknown> {
  const hint = hints.get(pathKey(path));
  if (type === null || hint === undefined || (type.kind !== 'string' && type.kind !== 'number' && type.kind !== 'any')) return valueOf(type, [...path, '[]'], hints, schemas, depth);
  const keep = type.kind === 'string' ? (v: Literal) => typeof v === 'string' : type.kind === 'number' ? (v: Literal) => typeof v === 'number' : () => true;
  return lean(hintPool(hint, keep), valueOf(type, [...path, '[]'], hints, schemas, depth), []);
}

/** Fields below `path` that conditions read, for records without a declared type. */
function subPaths(path: readonly string[], hints: ReadonlyMap<string, Hints>): { name: string; type: null }[] {
  const prefix = pathKey(path) + '\u0000';
  const names = [...hints.keys()].filter((key) => key.startsWith(prefix)).map((key) => key.slice(prefix.length).split('\u0000')[0]!);
  return [...new Set(names)].map((name) => ({ name, type: null }));
}

/** The type of an undeclared field, from what the conditions test it with. */
function inferredKind(hint: Hints | undefined, path: readonly string[], hints: ReadonlyMap<string, Hints>): SchemaType['kind'] {
  if (subPaths(path, hints).length > 0) return 'object';
  if (hint === undefined) return 'any';
  if (hint.regexes.length > 0 || hint.literals.some((v) => typeof v === 'string')) return 'string';
  if (hint.literals.some((v) => typeof v === 'number')) return 'number';
  if (hint.literals.some((v) => typeof v === 'boolean')) return 'boolean';
  return 'any';
}

function hintPool(hint: Hints | undefined, keep: (value: Literal) => boolean): Literal[] {
  return [...new Set((hint?.literals ?? []).filter(keep))];
}

/** Mostly the values conditions test (literals, strings matching their regexes), sometimes any other. */
function lean(pool: readonly Literal[], other: fc.Arbitrary<unknown>, regexes: readonly RegExp[]): fc.Arbitrary<unknown> {
  const hinted: fc.Arbitrary<unknown>[] = [];
  if (pool.length > 0) hinted.push(fc.constantFrom(...pool));
  for (const regex of regexes) {
    try {
      // Strings matching the regex without `i`, `m`, `s` also match with them (fast-check reads
      // none of these flags).
      hinted.push(fc.stringMatching(new RegExp(regex.source, regex.flags.replace(/[^u]/g, '')), { size: 'xsmall' }));
    } catch {
      // a regex fast-check cannot generate from: no hint
    }
  }
  if (hinted.length === 0) return other;
  return fc.oneof({ weight: 1, arbitrary: other }, ...hinted.map((arbitrary) => ({ weight: 3, arbitrary })));
}
