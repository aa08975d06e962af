// Conditions become plain JavaScript closures once, at load time; no text of a .cep file is ever
// evaluated as code. Values are read defensively: a missing field, a null, or a value of the
// wrong type makes the comparison false; nothing here throws on any event.
import type { Condition, ConditionContext } from '../pattern/condition.js';
import type { Expr } from './expression.js';
import { formatExpression, type ExpressionNames } from './format-expression.js';
import { isAbsent, pathReader as reader } from './read-path.js';

/** The records DSL patterns run on: JSON-like objects. */
export type EventRecord = Record<string, unknown>;
type Ctx = ConditionContext<EventRecord>;
type Value = (event: EventRecord, ctx: Ctx) => unknown;
type Test = (event: EventRecord, ctx: Ctx) => boolean;

/**
 * Turns a resolved condition into a condition tree: top-level `and` / `or` / `not` become the
 * model's own nodes, every other part a predicate leaf that keeps its expression and canonical text.
 */
export function conditionOf(expr: Expr, names: ExpressionNames): Condition<EventRecord> {
  switch (expr.kind) {
    case 'and':
    case 'or':
      return { kind: expr.kind, left: conditionOf(expr.left, names), right: conditionOf(expr.right, names) };
    case 'not':
      return { kind: 'not', operand: conditionOf(expr.operand, names) };
    default:
      return { kind: 'predicate', test: compileTest(expr), label: formatExpression(expr, names), expression: expr };
  }
}

/** Compiles an expression used as a condition: true only when it evaluates to `true`. */
function compileTest(expr: Expr): Test {
  switch (expr.kind) {
    case 'compare':
      return compileCompare(expr);
    case 'in':
      return compileIn(expr);
    case 'text': {
      const left = compileValue(expr.left);
      const right = compileValue(expr.right);
      if (expr.op === 'contains') {
        return (e, c) => {
          const l = left(e, c);
          const r = right(e, c);
          if (typeof l === 'string') return typeof r === 'string' && l.includes(r);
          return Array.isArray(l) && r !== undefined && r !== null && l.includes(r);
        };
      }
      const starts = expr.op === 'startsWith';
      return (e, c) => {
        const l = left(e, c);
        const r = right(e, c);
        return typeof l === 'string' && typeof r === 'string' && (starts ? l.startsWith(r) : l.endsWith(r));
      };
    }
    case 'matches': {
      const operand = compileValue(expr.operand);
      const regex = new RegExp(expr.source, expr.flags);
      return (e, c) => {
        const v = operand(e, c);
        return typeof v === 'string' && regex.test(v);
      };
    }
    case 'check': {
      const operand = compileValue(expr.operand);
      const { negated } = expr;
      if (expr.test === 'missing') return (e, c) => (operand(e, c) === undefined) !== negated;
      return (e, c) => {
        const v = operand(e, c);
        return (v === undefined || v === null) !== negated;
      };
    }
    case 'and': {
      const left = compileTest(expr.left);
      const right = compileTest(expr.right);
      return (e, c) => left(e, c) && right(e, c);
    }
    case 'or': {
      const left = compileTest(expr.left);
      const right = compileTest(expr.right);
      return (e, c) => left(e, c) || right(e, c);
    }
    case 'not': {
      const operand = compileTest(expr.operand);
      return (e, c) => !operand(e, c);
    }
    default: {
      const value = compileValue(expr);
      return (e, c) => value(e, c) === true;
    }
  }
}

function compileCompare(expr: Extract<Expr, { kind: 'compare' }>): Test {
  const left = compileValue(expr.left);
  const literal = expr.right.kind === 'literal' || expr.right.kind === 'duration' ? (expr.right.kind === 'literal' ? expr.right.value : expr.right.ms) : undefined;
  // The common case, a field against a literal, gets a closure of its own.
  if (literal !== undefined && literal !== null) {
    switch (expr.op) {
      case '==':
        return (e, c) => left(e, c) === literal;
      case '!=':
        return (e, c) => {
          const l = left(e, c);
          return l !== undefined && l !== null && l !== literal;
        };
      default:
        if (typeof literal === 'number') return numberAgainst(left, expr.op, literal);
    }
  }
  const right = compileValue(expr.right);
  switch (expr.op) {
    case '==':
      return (e, c) => {
        const l = left(e, c);
        return l !== undefined && l !== null && l === right(e, c);
      };
    case '!=':
      return (e, c) => {
        const l = left(e, c);
        const r = right(e, c);
        return l !== undefined && l !== null && r !== undefined && r !== null && l !== r;
      };
    default: {
      const order = ORDER[expr.op];
      return (e, c) => {
        const l = left(e, c);
        const r = right(e, c);
        return ((typeof l === 'number' && typeof r === 'number') || (typeof l === 'string' && typeof r === 'string')) && order(l, r);
      };
    }
  }
}

const ORDER: Record<'<' | '<=' | '>' | '>=', (l: number | string, r: number | string) => boolean> = {
  '<': (l, r) => l < r,
  '<=': (l, r) => l <= r,
  '>': (l, r) => l > r,
  '>=': (l, r) => l >= r,
};

function numberAgainst(left: Value, op: '<' | '<=' | '>' | '>=', n: number): Test {
  switch (op) {
    case '<':
      return (e, c) => {
        const l = left(e, c);
        return typeof l === 'number' && l < n;
      };
    case '<=':
      return (e, c) => {
        const l = left(e, c);
        return typeof l === 'number' && l <= n;
      };
    case '>':
      return (e, c) => {
        const l = left(e, c);
        return typeof l === 'number' && l > n;
      };
    case '>=':
      return (e, c) => {
        const l = left(e, c);
        return typeof l === 'number' && l >= n;
      };
  }
}

function compileIn(expr: Extract<Expr, { kind: 'in' }>): Test {
  const operand = compileValue(expr.operand);
  const { negated } = expr;
  const items = expr.list.map(compileValue);
  const constant = expr.list.every((item) => item.kind === 'literal' || item.kind === 'duration');
  // `null` in the list matches a null or missing value; otherwise a missing value is never in (or not in) it.
  const set = new Set<unknown>();
  let hasNull = false;
  if (constant) {
    for (const item of expr.list) {
      const value = item.kind === 'literal' ? item.value : item.kind === 'duration' ? item.ms : null;
      if (value === null) hasNull = true;
      else set.add(value);
    }
  }
  if (constant) {
    return (e, c) => {
      const v = operand(e, c);
      if (v === undefined || v === null) return !negated && hasNull;
      return set.has(v) !== negated;
    };
  }
  // Items read from the event compare as `==` / `!=` do: an item that is missing or null equals
  // nothing, and `not in` with one is false (`x != y` is false when `y` is missing). Only a
  // `null` written in the list matches a missing or null value.
  const nullWritten = expr.list.map((item) => item.kind === 'literal' && item.value === null);
  const anyNullWritten = nullWritten.includes(true);
  return (e, c) => {
    const v = operand(e, c);
    if (v === undefined || v === null) return !negated && anyNullWritten;
    let found = false;
    let unknown = false;
    for (let i = 0; i < items.length; i++) {
      if (nullWritten[i]) continue;
      const item = items[i]!(e, c);
      if (isAbsent(item)) unknown = true;
      else if (item === v) found = true;
    }
    return negated ? !found && !unknown : found;
  };
}


/** Compiles an expression to a function giving its value (`undefined` when it has none). */
function compileValue(expr: Expr): Value {
  switch (expr.kind) {
    case 'literal': {
      const { value } = expr;
      return () => value;
    }
    case 'duration': {
      const { ms } = expr;
      return () => ms;
    }
    case 'field':
      return reader(expr.path, expr.time);
    case 'stepField': {
      const read = reader(expr.path, expr.time);
      const { step } = expr;
      return (_, c) => {
        const events = c.eventsFor(step);
        return events.length === 0 ? undefined : read(events[events.length - 1]);
      };
    }
    case 'aggregate':
      return compileAggregate(expr);
    case 'timestamp':
      return (_, c) => c.timestamp;
    case 'negate': {
      const operand = compileValue(expr.operand);
      return (e, c) => {
        const v = operand(e, c);
        return typeof v === 'number' ? -v : undefined;
      };
    }
    case 'arithmetic': {
      const left = compileValue(expr.left);
      const right = compileValue(expr.right);
      const apply = ARITHMETIC[expr.op];
      return (e, c) => {
        const l = left(e, c);
        const r = right(e, c);
        if (typeof l !== 'number' || typeof r !== 'number') return undefined;
        const result = apply(l, r);
        return Number.isFinite(result) ? result : undefined;
      };
    }
    default:
      return compileTest(expr);
  }
}

const ARITHMETIC: Record<'+' | '-' | '*' | '/' | '%', (l: number, r: number) => number> = {
  '+': (l, r) => l + r,
  '-': (l, r) => l - r,
  '*': (l, r) => l * r,
  '/': (l, r) => l / r,
  '%': (l, r) => l % r,
};

function compileAggregate(expr: Extract<Expr, { kind: 'aggregate' }>): Value {
  const { step, fn } = expr;
  if (fn === 'count' && expr.path.length === 0) return (_, c) => c.eventsFor(step).length;
  const read = reader(expr.path, expr.time);
  switch (fn) {
    case 'count':
      return (_, c) => {
        let n = 0;
        for (const event of c.eventsFor(step)) if (!isAbsent(read(event))) n++;
        return n;
      };
    case 'first':
      return (_, c) => {
        const events = c.eventsFor(step);
        return events.length === 0 ? undefined : read(events[0]);
      };
    case 'last':
      return (_, c) => {
        const events = c.eventsFor(step);
        return events.length === 0 ? undefined : read(events[events.length - 1]);
      };
    default:
      return (_, c) => fold(fn, c.eventsFor(step), read);
  }
}

/** sum (0 when there are no numbers), avg / min / max (`undefined` when there are none). Non-numbers are skipped. */
function fold(fn: 'sum' | 'avg' | 'min' | 'max', events: readonly unknown[], read: (record: unknown) => unknown): number | undefined {
  let count = 0;
  let total = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const event of events) {
    const v = read(event);
    if (typeof v !== 'number') continue;
    count++;
    total += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (fn === 'sum') return total;
  if (count === 0) return undefined;
  return fn === 'avg' ? total / count : fn === 'min' ? min : max;
}
