// Prints a resolved condition in canonical DSL text, with only the parentheses precedence needs,
// so that reading the text back gives exactly the same expression.
import { assertNever } from '../pattern/condition.js';
import type { Expr, PathSegment } from './expression.js';
import { formatDurationLiteral, formatName, formatNumber, quoteString } from './literals.js';

/** What the printer must know about the pattern: which names are steps (they shadow fields). */
export interface ExpressionNames {
  readonly steps: ReadonlySet<string>;
}

// Binding strength, loosest first: or, and, not, tests, + -, * / %, unary minus, primary.
const OR = 1;
const AND = 2;
const NOT = 3;
const TEST = 4;
const SUM = 5;
const PRODUCT = 6;
const UNARY = 7;
const PRIMARY = 8;

/** Canonical text of an expression, e.g. `type == "paid" and amount >= created.amount`. */
export function formatExpression(expr: Expr, names: ExpressionNames): string {
  return print(expr, OR, names);
}

function print(expr: Expr, min: number, names: ExpressionNames): string {
  const [text, strength] = printBare(expr, names);
  return strength < min ? `(${text})` : text;
}

function printBare(expr: Expr, names: ExpressionNames): [string, number] {
  const p = (e: Expr, min: number): string => print(e, min, names);
  switch (expr.kind) {
    case 'literal':
      return [literal(expr.value), typeof expr.value === 'number' && (expr.value < 0 || Object.is(expr.value, -0)) ? UNARY : PRIMARY];
    case 'duration':
      return [formatDurationLiteral(expr.ms), PRIMARY];
    case 'field':
      return [fieldPath(expr.path, names), PRIMARY];
    case 'stepField':
      return [formatStepPath(expr.step, expr.path), PRIMARY];
    case 'aggregate':
      return [`${expr.fn}(${formatStepPath(expr.step, expr.path)})`, PRIMARY];
    case 'timestamp':
      return ['timestamp()', PRIMARY];
    case 'negate': {
      // `-5` reads back as the number -5, so the negation of a number literal keeps parentheses.
      const operand = expr.operand.kind === 'literal' && typeof expr.operand.value === 'number' ? `(${p(expr.operand, OR)})` : p(expr.operand, UNARY);
      return [`-${operand.startsWith('-') ? ' ' : ''}${operand}`, UNARY];
    }
    case 'arithmetic': {
      const strength = expr.op === '+' || expr.op === '-' ? SUM : PRODUCT;
      return [`${p(expr.left, strength)} ${expr.op} ${p(expr.right, strength + 1)}`, strength];
    }
    case 'compare':
      return [`${p(expr.left, SUM)} ${expr.op} ${p(expr.right, SUM)}`, TEST];
    case 'in':
      return [`${p(expr.operand, SUM)} ${expr.negated ? 'not in' : 'in'} [${expr.list.map((e) => p(e, SUM)).join(', ')}]`, TEST];
    case 'text': {
      const op = expr.op === 'contains' ? 'contains' : expr.op === 'startsWith' ? 'starts with' : 'ends with';
      return [`${p(expr.left, SUM)} ${op} ${p(expr.right, SUM)}`, TEST];
    }
    case 'matches':
      return [`${p(expr.operand, SUM)} matches /${expr.source}/${expr.flags}`, TEST];
    case 'check':
      return [`${p(expr.operand, SUM)} is ${expr.negated ? 'not ' : ''}${expr.test}`, TEST];
    case 'and':
      return [`${p(expr.left, AND)} and ${p(expr.right, NOT)}`, AND];
    case 'or':
      return [`${p(expr.left, OR)} or ${p(expr.right, AND)}`, OR];
    case 'not':
      return [`not ${p(expr.operand, NOT)}`, NOT];
    default:
      return assertNever(expr);
  }
}

function literal(value: string | number | boolean | null): string {
  if (typeof value === 'string') return quoteString(value);
  if (typeof value === 'number') return formatNumber(value);
  return String(value);
}

/**
 * A field of the current event. A first segment that names a step, or is the word `event`, is
 * written after `event.` so that it is not read as a step. `matches` is quoted so that a `/`
 * after it stays division.
 */
function fieldPath(path: readonly PathSegment[], names: ExpressionNames): string {
  const head = path[0];
  if (head === undefined) return 'event';
  if (typeof head === 'number' || names.steps.has(head) || head === 'event') return `event${rest(path)}`;
  return `${formatName(head, ['matches'])}${rest(path.slice(1))}`;
}

function stepName(step: string): string {
  return formatName(step, ['event', 'matches']);
}

/**
 * How a condition must write a step, or a path into its events, to read that step: in backticks
 * when the bare word would mean something else (`` `event`.price ``, `` count(`true`) ``).
 */
export function formatStepPath(step: string, path: readonly PathSegment[]): string {
  return `${stepName(step)}${rest(path)}`;
}

function rest(path: readonly PathSegment[]): string {
  return path.map((segment) => (typeof segment === 'number' ? `[${segment}]` : `.${formatName(segment)}`)).join('');
}
