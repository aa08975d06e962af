// CST → AST for conditions and paths. Operators of a MANY loop come back from chevrotain as
// separate lists, so they are put back between their operands by position.
import type { CstNode, IToken } from 'chevrotain';
import type { ArithmeticOp, CompareOp, ExprAst, PathAst, PathSegmentAst } from './ast.js';
import { has, identOf, nodeOf, nodesOf, tokenOf, tokensOf, type Children } from './cst-support.js';
import { joinSpans, type Span } from './diagnostics.js';
import { tokenSpan } from './lex.js';
import { durationValue, unquote } from './literals.js';
import { cepParser } from './parser.js';
import { Event } from './tokens.js';

const BaseVisitor = cepParser.getBaseCstVisitorConstructorWithDefaults();

/** Builds condition ASTs from CST nodes of the expression rules. */
export class ExpressionVisitor extends BaseVisitor {
  constructor() {
    super();
  }

  /** The AST of an `expression` node (or any node of the expression rules). */
  expr(node: CstNode): ExprAst {
    return this.visit(node) as ExprAst;
  }

  expression(ctx: Children): ExprAst {
    return this.chain(ctx, 'andExpr', ['Or'], (_, left, right, span) => ({ kind: 'or', left, right, span }));
  }

  andExpr(ctx: Children): ExprAst {
    return this.chain(ctx, 'notExpr', ['And'], (_, left, right, span) => ({ kind: 'and', left, right, span }));
  }

  notExpr(ctx: Children): ExprAst {
    if (has(ctx, 'Not')) {
      const operand = this.expr(nodeOf(ctx, 'notExpr'));
      return { kind: 'not', operand, span: joinSpans(tokenSpan(tokenOf(ctx, 'Not')), operand.span) };
    }
    return this.expr(nodeOf(ctx, 'predicate'));
  }

  predicate(ctx: Children): ExprAst {
    const operands = nodesOf(ctx, 'additive').map((node) => this.expr(node));
    const left = operands[0]!;
    if (has(ctx, 'compareOp')) {
      const op = tokenOf(nodeOf(ctx, 'compareOp').children, firstKey(nodeOf(ctx, 'compareOp'))).image as CompareOp;
      const right = operands[1]!;
      return { kind: 'compare', op, left, right, span: joinSpans(left.span, right.span) };
    }
    if (has(ctx, 'In')) {
      const listNode = nodeOf(ctx, 'list');
      const list = nodesOf(listNode.children, 'additive').map((node) => this.expr(node));
      const close = tokenOf(listNode.children, 'RBracket');
      return { kind: 'in', operand: left, list, negated: has(ctx, 'Not'), span: joinSpans(left.span, tokenSpan(close)) };
    }
    if (has(ctx, 'Contains') || has(ctx, 'Starts') || has(ctx, 'Ends')) {
      const op = has(ctx, 'Contains') ? 'contains' : has(ctx, 'Starts') ? 'startsWith' : 'endsWith';
      const right = operands[1]!;
      return { kind: 'text', op, left, right, span: joinSpans(left.span, right.span) };
    }
    if (has(ctx, 'Matches')) {
      const token = has(ctx, 'RegexLiteral') ? tokenOf(ctx, 'RegexLiteral') : tokenOf(ctx, 'StringLiteral');
      const { source, flags } = has(ctx, 'RegexLiteral') ? splitRegex(token.image) : { source: stringValue(token), flags: '' };
      const regexSpan = tokenSpan(token);
      return { kind: 'matches', operand: left, source, flags, regexSpan, span: joinSpans(left.span, regexSpan) };
    }
    if (has(ctx, 'Is')) {
      const last = has(ctx, 'Null') ? tokenOf(ctx, 'Null') : tokenOf(ctx, 'Missing');
      return { kind: 'check', operand: left, test: has(ctx, 'Null') ? 'null' : 'missing', negated: has(ctx, 'Not'), span: joinSpans(left.span, tokenSpan(last)) };
    }
    return left;
  }

  additive(ctx: Children): ExprAst {
    return this.chain(ctx, 'multiplicative', ['Plus', 'Minus'], arithmetic);
  }

  multiplicative(ctx: Children): ExprAst {
    return this.chain(ctx, 'unary', ['Star', 'Slash', 'Percent'], arithmetic);
  }

  unary(ctx: Children): ExprAst {
    if (!has(ctx, 'Minus')) return this.expr(nodeOf(ctx, 'primary'));
    const inner = nodeOf(ctx, 'unary');
    const operand = this.expr(inner);
    const span = joinSpans(tokenSpan(tokenOf(ctx, 'Minus')), operand.span);
    // `-5` is the number -5, so that a formatted negative number reads back as the same literal;
    // `-(5)` stays a negation.
    const literal = nodesOf(inner.children, 'primary')[0]?.children['NumberLiteral'] !== undefined;
    if (literal && operand.kind === 'number') return { kind: 'number', value: -operand.value, span };
    return { kind: 'negate', operand, span };
  }

  primary(ctx: Children): ExprAst {
    if (has(ctx, 'NumberLiteral')) {
      const token = tokenOf(ctx, 'NumberLiteral');
      return { kind: 'number', value: Number(token.image), span: tokenSpan(token) };
    }
    if (has(ctx, 'DurationLiteral')) {
      const token = tokenOf(ctx, 'DurationLiteral');
      return { kind: 'duration', ms: durationValue(token.image), span: tokenSpan(token) };
    }
    if (has(ctx, 'StringLiteral')) {
      const token = tokenOf(ctx, 'StringLiteral');
      return { kind: 'string', value: stringValue(token), span: tokenSpan(token) };
    }
    if (has(ctx, 'True') || has(ctx, 'False')) {
      const token = has(ctx, 'True') ? tokenOf(ctx, 'True') : tokenOf(ctx, 'False');
      return { kind: 'boolean', value: has(ctx, 'True'), span: tokenSpan(token) };
    }
    if (has(ctx, 'Null')) return { kind: 'null', span: tokenSpan(tokenOf(ctx, 'Null')) };
    if (has(ctx, 'call')) return this.expr(nodeOf(ctx, 'call'));
    if (has(ctx, 'path')) return this.expr(nodeOf(ctx, 'path'));
    return this.expr(nodeOf(ctx, 'expression'));
  }

  call(ctx: Children): ExprAst {
    const name = identOf(tokenOf(ctx, 'Name'));
    const args = nodesOf(ctx, 'expression').map((node) => this.expr(node));
    return { kind: 'call', name, args, span: joinSpans(name.span, tokenSpan(tokenOf(ctx, 'RParen'))) };
  }

  path(ctx: Children): PathAst {
    const names = tokensOf(ctx, 'Name');
    const headToken = names[0]!;
    const parts: { offset: number; segment: PathSegmentAst }[] = [];
    for (const token of names.slice(1)) parts.push({ offset: token.startOffset, segment: { kind: 'name', name: identOf(token) } });
    for (const token of tokensOf(ctx, 'NumberLiteral')) {
      parts.push({ offset: token.startOffset, segment: { kind: 'index', index: Number(token.image), span: tokenSpan(token) } });
    }
    parts.sort((a, b) => a.offset - b.offset);
    const segments = parts.map((part) => part.segment);
    const head = identOf(headToken);
    const closers = [...tokensOf(ctx, 'RBracket'), ...names.slice(1)].sort((a, b) => b.startOffset - a.startOffset);
    const span: Span = closers.length === 0 ? head.span : joinSpans(head.span, tokenSpan(closers[0]!));
    return { kind: 'path', head, eventKeyword: headToken.tokenType === Event, segments, span };
  }

  /** A left-associative chain `a op b op c` → `((a op b) op c)`. */
  private chain(ctx: Children, operandRule: string, operators: readonly string[], build: Build): ExprAst {
    const operands = nodesOf(ctx, operandRule).map((node) => this.expr(node));
    const ops = operators.flatMap((name) => tokensOf(ctx, name)).sort((a, b) => a.startOffset - b.startOffset);
    let result = operands[0]!;
    ops.forEach((token, i) => {
      const right = operands[i + 1]!;
      result = build(token, result, right, joinSpans(result.span, right.span));
    });
    return result;
  }
}

type Build = (operator: IToken, left: ExprAst, right: ExprAst, span: Span) => ExprAst;

const arithmetic: Build = (operator, left, right, span) => ({ kind: 'arithmetic', op: operator.image as ArithmeticOp, left, right, span });

function firstKey(node: CstNode): string {
  return Object.keys(node.children)[0]!;
}

function stringValue(token: IToken): string {
  const read = unquote(token.image);
  return read.ok ? read.value : token.image.slice(1);
}

/** `/a\/b/i` → source `a\/b`, flags `i`. */
function splitRegex(image: string): { source: string; flags: string } {
  const end = image.lastIndexOf('/');
  return { source: image.slice(1, end), flags: image.slice(end + 1) };
}
