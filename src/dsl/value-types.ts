// The types the condition checker reasons with: what a value can be at run time, as far as the
// schema (or a literal) says. `any` means unknown, and unknown types are never reported.
import { resolveType, type SchemaTable, type SchemaType } from './schema.js';

/** A value's type in a condition. `time` fields are numbers here (epoch milliseconds). */
export type ValueType = { readonly kind: 'string' | 'number' | 'boolean' | 'any' | 'null' | 'object' } | { readonly kind: 'list'; readonly element: ValueType };

/** An unknown type: never reported. */
export const ANY: ValueType = { kind: 'any' };
/** Numbers (and durations, and `time` fields). */
export const NUMBER: ValueType = { kind: 'number' };
/** Strings. */
export const STRING: ValueType = { kind: 'string' };
/** `true` or `false`. */
export const BOOLEAN: ValueType = { kind: 'boolean' };
/** The literal `null`. */
export const NULL: ValueType = { kind: 'null' };

/** The checker's view of a schema type. */
export function valueTypeOf(type: SchemaType, schemas: SchemaTable): ValueType {
  const resolved = resolveType(type, schemas);
  switch (resolved.kind) {
    case 'time':
    case 'number':
      return NUMBER;
    case 'string':
      return STRING;
    case 'boolean':
      return BOOLEAN;
    case 'any':
    case 'named':
      return ANY;
    case 'object':
      return { kind: 'object' };
    case 'list':
      return { kind: 'list', element: valueTypeOf(resolved.element, schemas) };
  }
}

/** Whether the type is known (not `any`). */
export function known(type: ValueType): boolean {
  return type.kind !== 'any';
}

/** Whether two values of these types can ever be equal (unknown types always can). */
export function comparable(a: ValueType, b: ValueType): boolean {
  if (!known(a) || !known(b) || a.kind === 'null' || b.kind === 'null') return true;
  return a.kind === b.kind && a.kind !== 'list' && a.kind !== 'object';
}

/** `a string`, `a number`, `true or false`, `null`, `a list of numbers`, `an object`. */
export function describeValueType(type: ValueType): string {
  switch (type.kind) {
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'true or false';
    case 'null':
      return 'null';
    case 'any':
      return 'any value';
    case 'object':
      return 'an object';
    case 'list':
      if (type.element.kind === 'boolean') return 'a list of booleans';
      return known(type.element) ? `a list of ${describeValueType(type.element).replace(/^an? /, '')}s` : 'a list';
  }
}
