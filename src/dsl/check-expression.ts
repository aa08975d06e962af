// Checks a condition and resolves it: names to fields and steps, `== null` to a null check, and
// the type of every operator's operands where the schema (or a literal) makes it known.
import type { ExprAst } from './ast.js';
import { AGGREGATE_FUNCTIONS, type AggregateFn, type Expr } from './expression.js';
import { formatExpression } from './format-expression.js';
import { DSL_LIMITS } from './lex.js';
import { durationProblem } from './literals.js';
import { aggregateTarget, report, resolvePath, type ConditionScope } from './resolve-names.js';
import { pathText } from './schema.js';
import { didYouMean } from './suggest.js';
import { ANY, BOOLEAN, comparable, describeValueType, known, NULL, NUMBER, STRING, valueTypeOf, type ValueType } from './value-types.js';

interface Checked {
  readonly expr: Expr;
  readonly type: ValueType;
  readonly ast: ExprAst;
  /**
   * Whether a problem inside was already reported (an unknown field, step or function): its
   * `expr` holds a stand-in, so type problems about it would only repeat that one, misquoted.
   */
  readonly broken?: boolean;
}

/** The stand-in for an operand whose problem was reported. */
function brokenOperand(ast: ExprAst): Checked {
  return { expr: { kind: 'literal', value: null }, type: ANY, ast, broken: true };
}

/** Checks a `where` or `until` condition; returns the resolved expression, or `null` after reporting problems. */
export function checkCondition(ast: ExprAst, scope: ConditionScope): Expr | null {
  // Checking, compiling and evaluating recurse over the operators: bound them first.
  const operators = countOperators(ast);
  if (operators > DSL_LIMITS.maxOperators) {
    report(scope, ast.span, 'too-complex', `this condition has ${operators} operators, more than the limit of ${DSL_LIMITS.maxOperators}; split it over several steps or simplify it`);
    return null;
  }
  const before = scope.diagnostics.length;
  const checked = new ConditionChecker(scope).check(ast);
  expectBoolean(checked, 'a condition', scope);
  return scope.diagnostics.length === before ? checked.expr : null;
}

class ConditionChecker {
  constructor(private readonly scope: ConditionScope) {}

  check(ast: ExprAst): Checked {
    const scope = this.scope;
    const done = (expr: Expr, type: ValueType, ...operands: Checked[]): Checked =>
      operands.some((operand) => operand.broken === true) ? { expr, type, ast, broken: true } : { expr, type, ast };
    switch (ast.kind) {
      case 'number':
        if (!Number.isFinite(ast.value)) report(scope, ast.span, 'bad-number', 'this number is too large to be represented');
        return done({ kind: 'literal', value: ast.value }, NUMBER);
      case 'duration': {
        const problem = durationProblem(ast.ms);
        if (problem !== null) report(scope, ast.span, 'bad-number', problem);
        return done({ kind: 'duration', ms: ast.ms }, NUMBER);
      }
      case 'string':
        return done({ kind: 'literal', value: ast.value }, STRING);
      case 'boolean':
        return done({ kind: 'literal', value: ast.value }, BOOLEAN);
      case 'null':
        return done({ kind: 'literal', value: null }, NULL);
      case 'path': {
        const resolved = resolvePath(ast, scope);
        if (resolved.kind === 'error') return brokenOperand(ast);
        const type = resolved.type === null ? ANY : valueTypeOf(resolved.type, scope.schemas);
        const time = resolved.type?.kind === 'time';
        if (resolved.kind === 'field') return done({ kind: 'field', path: resolved.path, time }, type);
        if (resolved.step.multi) {
          const name = resolved.step.name;
          const field = `${name}.${pathText(resolved.path)}`;
          report(scope, ast.span, 'several-events', `step '${name}' can match several events; say which: first(${field}), last(${field}), or an aggregate such as sum(${field})`);
        }
        return done({ kind: 'stepField', step: resolved.step.name, path: resolved.path, time }, type);
      }
      case 'call':
        return this.call(ast);
      case 'negate': {
        const operand = this.check(ast.operand);
        this.expectNumber(operand, "'-'");
        return done({ kind: 'negate', operand: operand.expr }, NUMBER, operand);
      }
      case 'arithmetic': {
        const left = this.check(ast.left);
        const right = this.check(ast.right);
        this.expectNumber(left, `'${ast.op}'`);
        this.expectNumber(right, `'${ast.op}'`);
        return done({ kind: 'arithmetic', op: ast.op, left: left.expr, right: right.expr }, NUMBER, left, right);
      }
      case 'compare': {
        const left = this.check(ast.left);
        const right = this.check(ast.right);
        if ((ast.op === '==' || ast.op === '!=') && (left.type.kind === 'null' || right.type.kind === 'null')) {
          // `x == null` is the null check `x is null` (and `!=` its negation).
          const operand = left.type.kind === 'null' ? right : left;
          return done({ kind: 'check', operand: operand.expr, test: 'null', negated: ast.op === '!=' }, BOOLEAN, operand);
        }
        if (ast.op === '==' || ast.op === '!=') this.expectComparable(left, right);
        else this.expectOrdered(left, right, ast.op);
        return done({ kind: 'compare', op: ast.op, left: left.expr, right: right.expr }, BOOLEAN, left, right);
      }
      case 'in': {
        const operand = this.check(ast.operand);
        const list = ast.list.map((item) => this.check(item));
        for (const item of list) this.expectComparable(operand, item);
        return done({ kind: 'in', operand: operand.expr, list: list.map((item) => item.expr), negated: ast.negated }, BOOLEAN, operand, ...list);
      }
      case 'text': {
        const left = this.check(ast.left);
        const right = this.check(ast.right);
        this.checkText(ast.op, left, right);
        return done({ kind: 'text', op: ast.op, left: left.expr, right: right.expr }, BOOLEAN, left, right);
      }
      case 'matches': {
        const operand = this.check(ast.operand);
        this.expectType(operand, STRING, "'matches' needs a string");
        const source = regexSource(ast.source, ast.flags);
        if (typeof source !== 'string') report(scope, ast.regexSpan, 'bad-regex', source.error);
        return done({ kind: 'matches', operand: operand.expr, source: typeof source === 'string' ? source : ast.source, flags: ast.flags }, BOOLEAN, operand);
      }
      case 'check': {
        const operand = this.check(ast.operand);
        return done({ kind: 'check', operand: operand.expr, test: ast.test, negated: ast.negated }, BOOLEAN, operand);
      }
      case 'and':
      case 'or': {
        const left = this.check(ast.left);
        const right = this.check(ast.right);
        expectBoolean(left, `'${ast.kind}'`, scope);
        expectBoolean(right, `'${ast.kind}'`, scope);
        return done({ kind: ast.kind, left: left.expr, right: right.expr }, BOOLEAN, left, right);
      }
      case 'not': {
        const operand = this.check(ast.operand);
        expectBoolean(operand, "'not'", scope);
        return done({ kind: 'not', operand: operand.expr }, BOOLEAN, operand);
      }
    }
  }

  private call(ast: Extract<ExprAst, { kind: 'call' }>): Checked {
    const scope = this.scope;
    const name = ast.name.text;
    if (name === 'timestamp') {
      if (ast.args.length > 0) report(scope, ast.span, 'bad-arguments', 'timestamp() takes no arguments; it is the time of the event being tested');
      return { expr: { kind: 'timestamp' }, type: NUMBER, ast };
    }
    const fn = AGGREGATE_FUNCTIONS.find((f) => f === name);
    if (fn === undefined) {
      const known = [...AGGREGATE_FUNCTIONS, 'timestamp'];
      report(scope, ast.name.span, 'unknown-function', `unknown function '${name}'; the functions are ${known.map((f) => `${f}()`).join(', ')}`, didYouMean(name, known));
      return brokenOperand(ast);
    }
    const target = aggregateTarget(fn, ast.args[0], ast.args.length, ast.span, scope);
    if (target === null) return brokenOperand(ast);
    const fieldType = target.type === null ? ANY : valueTypeOf(target.type, scope.schemas);
    const time = target.type?.kind === 'time';
    const expr: Expr = { kind: 'aggregate', fn, step: target.step.name, path: target.path, time };
    if (needsNumbers(fn) && known(fieldType) && fieldType.kind !== 'number') {
      const field = `'${target.step.name}.${pathText(target.path)}'`;
      report(scope, ast.args[0]!.span, 'type-mismatch', `${fn}(...) needs numbers, and ${field} is ${describeValueType(fieldType)}`);
    }
    return { expr, type: fn === 'first' || fn === 'last' ? fieldType : NUMBER, ast };
  }

  private checkText(op: 'contains' | 'startsWith' | 'endsWith', left: Checked, right: Checked): void {
    const written = op === 'contains' ? "'contains'" : op === 'startsWith' ? "'starts with'" : "'ends with'";
    if (op === 'contains' && left.type.kind === 'list') {
      if (!comparable(left.type.element, right.type)) {
        this.mismatch(right, `${this.describe(right)} (${describeValueType(right.type)}) is never an element of ${this.describe(left)}, ${describeValueType(left.type)}`, left);
      }
      return;
    }
    this.expectType(left, STRING, op === 'contains' ? `${written} needs a string or a list on its left` : `${written} needs strings`);
    // An unknown left side may be a list, which can hold anything.
    if (op !== 'contains' || known(left.type)) this.expectType(right, STRING, `${written} needs a string on its right`);
  }

  private expectNumber(operand: Checked, operator: string): void {
    this.expectType(operand, NUMBER, `${operator} needs numbers`);
  }

  private expectType(operand: Checked, type: ValueType, rule: string): void {
    if (operand.type.kind === 'null') {
      report(this.scope, operand.ast.span, 'bad-null', `${rule}, and null is not one; test for null with 'is null'`);
    } else if (known(operand.type) && operand.type.kind !== type.kind) {
      this.mismatch(operand, `${rule}, and ${this.describe(operand)} is ${describeValueType(operand.type)}`);
    }
  }

  private expectComparable(left: Checked, right: Checked): void {
    if (!comparable(left.type, right.type)) {
      this.mismatch(right, `${this.describe(left)} (${describeValueType(left.type)}) and ${this.describe(right)} (${describeValueType(right.type)}) are never equal; compare values of the same type`, left);
    }
  }

  private expectOrdered(left: Checked, right: Checked, op: string): void {
    for (const side of [left, right]) {
      if (side.type.kind === 'null') report(this.scope, side.ast.span, 'bad-null', `'${op}' cannot compare with null; test for null with 'is null'`);
    }
    const orderable = (t: ValueType) => !known(t) || t.kind === 'number' || t.kind === 'string';
    const bad = [left, right].find((side) => side.type.kind !== 'null' && !orderable(side.type));
    if (bad !== undefined) {
      this.mismatch(bad, `'${op}' compares numbers or strings, and ${this.describe(bad)} is ${describeValueType(bad.type)}`);
    } else if (known(left.type) && known(right.type) && left.type.kind !== 'null' && right.type.kind !== 'null' && left.type.kind !== right.type.kind) {
      this.mismatch(right, `'${op}' compares two numbers or two strings, not ${this.describe(left)} (${describeValueType(left.type)}) and ${this.describe(right)} (${describeValueType(right.type)})`, left);
    }
  }

  /** Reports a type problem at `at`, unless it is about an operand whose problem was reported already. */
  private mismatch(at: Checked, message: string, ...about: Checked[]): void {
    if ([at, ...about].some((operand) => operand.broken === true)) return;
    report(this.scope, at.ast.span, 'type-mismatch', message);
  }

  private describe(checked: Checked): string {
    return describeExpr(checked.expr, this.scope);
  }
}

/** Operators in an expression, counted without recursion. */
function countOperators(root: ExprAst): number {
  let count = 0;
  const pending: ExprAst[] = [root];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    switch (node.kind) {
      case 'and':
      case 'or':
      case 'arithmetic':
      case 'compare':
      case 'text':
        count++;
        pending.push(node.left, node.right);
        break;
      case 'not':
      case 'negate':
      case 'matches':
      case 'check':
        count++;
        pending.push(node.operand);
        break;
      case 'in':
        count++;
        pending.push(node.operand, ...node.list);
        break;
      case 'call':
        pending.push(...node.args);
        break;
      default:
        break;
    }
  }
  return count;
}

function expectBoolean(operand: Checked, what: string, scope: ConditionScope): void {
  if (operand.broken !== true && known(operand.type) && operand.type.kind !== 'boolean') {
    const rule = what === 'a condition' ? 'a condition must be true or false' : what === "'not'" ? `${what} needs true or false` : `${what} needs true or false on both sides`;
    report(scope, operand.ast.span, 'type-mismatch', `${rule}, and ${describeExpr(operand.expr, scope)} is ${describeValueType(operand.type)}`);
  }
}

function describeExpr(expr: Expr, scope: ConditionScope): string {
  const text = formatExpression(expr, { steps: new Set(scope.steps.keys()) });
  return expr.kind === 'literal' || expr.kind === 'duration' ? text : `'${text}'`;
}

function needsNumbers(fn: AggregateFn): boolean {
  return fn === 'sum' || fn === 'avg' || fn === 'min' || fn === 'max';
}

/** Flags that keep `RegExp#test` free of state between events. */
const REGEX_FLAGS = /^(?!.*(.).*\1)[imsu]*$/;

/** The normalised source of a regular expression, or why it is not one. */
function regexSource(source: string, flags: string): string | { error: string } {
  if (!REGEX_FLAGS.test(flags)) {
    return { error: `regular expression flags '${flags}' are not allowed; use i, m, s and u, each once (g and y would make a match depend on earlier events)` };
  }
  try {
    return new RegExp(source, flags).source;
  } catch (error) {
    const why = error instanceof Error ? error.message.replace(/^Invalid regular expression: /, '') : String(error);
    return { error: `not a valid regular expression: ${why}` };
  }
}
