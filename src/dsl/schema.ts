// Event schemas: `event Order { orderId: string, amount: number, ts: time }`. Declared types let
// the analysis check every field a pattern reads, and the type of every comparison, at load time.
import type { EventDecl, FieldDecl, TypeAst } from './ast.js';
import { diagnosticAt, type Diagnostic } from './diagnostics.js';
import type { PathSegment } from './expression.js';
import { formatName } from './literals.js';
import { didYouMean } from './suggest.js';

/** The built-in field types. `time` is epoch milliseconds or ISO-8601 text, read as milliseconds. */
export const BUILTIN_TYPES = ['string', 'number', 'boolean', 'time', 'any'] as const;

/** A field's type: built-in, an inline object, a list, or another declared event type by name. */
export type SchemaType =
  | { readonly kind: (typeof BUILTIN_TYPES)[number] }
  | { readonly kind: 'object'; readonly fields: readonly SchemaField[] }
  | { readonly kind: 'list'; readonly element: SchemaType }
  | { readonly kind: 'named'; readonly name: string };

/** A field of an event or of a nested object. */
export interface SchemaField {
  readonly name: string;
  readonly type: SchemaType;
}

/** A declared event type. */
export interface EventSchema {
  readonly name: string;
  readonly fields: readonly SchemaField[];
  /** The comment above the declaration, if any. */
  readonly doc: string | null;
}

/** Declared event types by name. */
export type SchemaTable = ReadonlyMap<string, EventSchema>;

/** Converts declarations to schemas, reporting duplicate fields, unknown and reserved type names. */
export function buildSchema(decl: EventDecl, file: string, knownTypes: readonly string[], diagnostics: Diagnostic[]): EventSchema {
  if ((BUILTIN_TYPES as readonly string[]).includes(decl.name.text)) {
    diagnostics.push(
      diagnosticAt(file, decl.name.span, 'reserved-type-name', `'${decl.name.text}' is a built-in type (${BUILTIN_TYPES.join(', ')}); name the event type differently`),
    );
  }
  return { name: decl.name.text, fields: buildFields(decl.fields, file, knownTypes, diagnostics), doc: decl.doc };
}

function buildFields(fields: readonly FieldDecl[], file: string, knownTypes: readonly string[], diagnostics: Diagnostic[]): SchemaField[] {
  const seen = new Set<string>();
  const out: SchemaField[] = [];
  for (const field of fields) {
    if (seen.has(field.name.text)) {
      diagnostics.push(diagnosticAt(file, field.name.span, 'duplicate-field', `field '${field.name.text}' is declared twice; remove one of them`));
      continue;
    }
    seen.add(field.name.text);
    out.push({ name: field.name.text, type: buildType(field.type, file, knownTypes, diagnostics) });
  }
  return out;
}

function buildType(type: TypeAst, file: string, knownTypes: readonly string[], diagnostics: Diagnostic[]): SchemaType {
  switch (type.kind) {
    case 'object':
      return { kind: 'object', fields: buildFields(type.fields, file, knownTypes, diagnostics) };
    case 'list':
      return { kind: 'list', element: buildType(type.element, file, knownTypes, diagnostics) };
    case 'named': {
      const name = type.name.text;
      const builtin = BUILTIN_TYPES.find((b) => b === name);
      if (builtin !== undefined) return { kind: builtin };
      if (knownTypes.includes(name)) return { kind: 'named', name };
      const candidates = [...BUILTIN_TYPES, ...knownTypes];
      diagnostics.push(
        diagnosticAt(file, type.name.span, 'unknown-type', `unknown type '${name}'; a field is ${BUILTIN_TYPES.join(', ')}, a declared event type, { … } or [type]`, {
          suggestion: didYouMean(name, candidates),
        }),
      );
      return { kind: 'any' };
    }
  }
}

/** Follows named types to their declaration (a named type becomes an object of its fields). */
export function resolveType(type: SchemaType, schemas: SchemaTable): SchemaType {
  if (type.kind !== 'named') return type;
  const schema = schemas.get(type.name);
  return schema === undefined ? { kind: 'any' } : { kind: 'object', fields: schema.fields };
}

/** Where a path fails against a schema, and why. */
export interface PathProblem {
  /** Index of the segment that cannot be read. */
  readonly segment: number;
  readonly message: string;
  readonly suggestion: string | null;
}

/** The type at `path` inside `root`, or the first segment that does not exist. `what` names the root. */
export function typeAtPath(root: SchemaType, path: readonly PathSegment[], schemas: SchemaTable, what: string): SchemaType | PathProblem {
  let type = resolveType(root, schemas);
  const written = (upTo: number): string => (upTo === 0 ? what : `'${pathText(path.slice(0, upTo))}'`);
  for (let i = 0; i < path.length; i++) {
    const segment = path[i]!;
    if (type.kind === 'any') return type;
    if (typeof segment === 'number') {
      if (type.kind !== 'list') return { segment: i, message: `${written(i)} is ${describeType(type)}, not a list, so it has no [${segment}]`, suggestion: null };
      type = resolveType(type.element, schemas);
      continue;
    }
    if (type.kind !== 'object') return { segment: i, message: `${written(i)} is ${describeType(type)}, so it has no field '${segment}'`, suggestion: null };
    const field = type.fields.find((f) => f.name === segment);
    if (field === undefined) {
      const names = type.fields.map((f) => f.name);
      return { segment: i, message: `${written(i)} has no field '${segment}'`, suggestion: didYouMean(segment, names) };
    }
    type = resolveType(field.type, schemas);
  }
  return type;
}

/** A path as text for messages: `user.id`, `items[0].sku`. */
export function pathText(path: readonly PathSegment[]): string {
  return path.map((segment, i) => (typeof segment === 'number' ? `[${segment}]` : i === 0 ? segment : `.${segment}`)).join('');
}

/** `a string`, `a number`, `a list of string`, `an object`. */
export function describeType(type: SchemaType): string {
  switch (type.kind) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'time':
      return `a ${type.kind}`;
    case 'any':
      return 'any value';
    case 'object':
      return 'an object';
    case 'named':
      return `a ${type.name}`;
    case 'list':
      return `a list of ${describeType(type.element).replace(/^an? /, '')}`;
  }
}

/** Prints a type as it is declared: `string`, `[number]`, `{ id: string }`, `Customer`. */
export function formatType(type: SchemaType): string {
  switch (type.kind) {
    case 'object':
      return type.fields.length === 0 ? '{}' : `{ ${type.fields.map((f) => `${formatName(f.name)}: ${formatType(f.type)}`).join(', ')} }`;
    case 'list':
      return `[${formatType(type.element)}]`;
    case 'named':
      return formatName(type.name);
    default:
      return type.kind;
  }
}
