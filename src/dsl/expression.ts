// A DSL condition after names are resolved: plain data with no positions, kept on each predicate
// of the pattern model (`Condition.expression`) so that the formatter can print the model again.
import type { ArithmeticOp, CompareOp, TextOp } from './ast.js';

/** One step of a field path: a property name or a list index. */
export type PathSegment = string | number;

/** Aggregates over the events a step has matched so far. */
export type AggregateFn = 'count' | 'sum' | 'avg' | 'min' | 'max' | 'first' | 'last';

/** The aggregate functions, in the order the documentation lists them. */
export const AGGREGATE_FUNCTIONS: readonly AggregateFn[] = ['count', 'sum', 'avg', 'min', 'max', 'first', 'last'];

/**
 * A resolved condition expression.
 * - `field`: a field of the event being tested; `stepField`: a field of the one event an earlier
 *   single-event step matched; `aggregate`: over the events a step has matched so far (`count`
 *   with an empty path counts events). `time` marks fields declared `time` in the event schema,
 *   read as epoch milliseconds.
 * - `timestamp`: the time of the event being tested (`timestamp()`).
 */
export type Expr =
  | { readonly kind: 'literal'; readonly value: string | number | boolean | null }
  | { readonly kind: 'duration'; readonly ms: number }
  | { readonly kind: 'field'; readonly path: readonly PathSegment[]; readonly time: boolean }
  | { readonly kind: 'stepField'; readonly step: string; readonly path: readonly PathSegment[]; readonly time: boolean }
  | { readonly kind: 'aggregate'; readonly fn: AggregateFn; readonly step: string; readonly path: readonly PathSegment[]; readonly time: boolean }
  | { readonly kind: 'timestamp' }
  | { readonly kind: 'negate'; readonly operand: Expr }
  | { readonly kind: 'arithmetic'; readonly op: ArithmeticOp; readonly left: Expr; readonly right: Expr }
  | { readonly kind: 'compare'; readonly op: CompareOp; readonly left: Expr; readonly right: Expr }
  | { readonly kind: 'in'; readonly operand: Expr; readonly list: readonly Expr[]; readonly negated: boolean }
  | { readonly kind: 'text'; readonly op: TextOp; readonly left: Expr; readonly right: Expr }
  | { readonly kind: 'matches'; readonly operand: Expr; readonly source: string; readonly flags: string }
  | { readonly kind: 'check'; readonly operand: Expr; readonly test: 'null' | 'missing'; readonly negated: boolean }
  | { readonly kind: 'and' | 'or'; readonly left: Expr; readonly right: Expr }
  | { readonly kind: 'not'; readonly operand: Expr };

const KINDS: ReadonlySet<string> = new Set([
  'literal',
  'duration',
  'field',
  'stepField',
  'aggregate',
  'timestamp',
  'negate',
  'arithmetic',
  'compare',
  'in',
  'text',
  'matches',
  'check',
  'and',
  'or',
  'not',
]);

/** Whether a value (e.g. `Condition.expression`) is a DSL expression. */
export function isExpression(value: unknown): value is Expr {
  return value !== null && typeof value === 'object' && KINDS.has((value as { kind?: unknown }).kind as string);
}
