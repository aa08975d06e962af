// CST → AST for declarations: events with their field types, patterns with their clauses and
// steps. Declarations that contain a syntax error are left out (their errors are reported by the
// syntax stage), so the visitor can rely on every child being present.
import type { CstNode, IToken } from 'chevrotain';
import type { Connection } from '../pattern/model.js';
import type { Clause, EventDecl, FieldDecl, FileAst, PathAst, PatternDecl, SequenceAst, SkipAst, StepAst, StepOptionAst, TypeAst } from './ast.js';
import { has, identOf, nodeOf, nodesOf, tokenOf, tokensOf, type Children } from './cst-support.js';
import { ExpressionVisitor } from './cst-expression.js';
import { joinSpans } from './diagnostics.js';
import { tokenSpan } from './lex.js';
import { durationValue } from './literals.js';
import { cepParser } from './parser.js';
import { Where } from './tokens.js';

const BaseVisitor = cepParser.getBaseCstVisitorConstructorWithDefaults();

class DeclarationVisitor extends BaseVisitor {
  private readonly expressions = new ExpressionVisitor();

  constructor(private readonly docOf: (start: IToken) => string | null) {
    super();
  }

  eventDecl(ctx: Children): EventDecl {
    const keyword = tokenOf(ctx, 'Event');
    const name = identOf(tokenOf(ctx, 'Name'));
    return { kind: 'event', name, fields: this.fieldList(nodeOf(ctx, 'fieldList').children), doc: this.docOf(keyword), span: name.span };
  }

  fieldList(ctx: Children): FieldDecl[] {
    return nodesOf(ctx, 'fieldDecl').map((node) => ({
      name: identOf(tokenOf(node.children, 'Name')),
      type: this.typeExpr(nodeOf(node.children, 'typeExpr').children),
    }));
  }

  typeExpr(ctx: Children): TypeAst {
    if (has(ctx, 'Name')) return { kind: 'named', name: identOf(tokenOf(ctx, 'Name')) };
    if (has(ctx, 'Any')) return { kind: 'named', name: identOf(tokenOf(ctx, 'Any')) };
    if (has(ctx, 'fieldList')) {
      const list = nodeOf(ctx, 'fieldList').children;
      return { kind: 'object', fields: this.fieldList(list), span: joinSpans(tokenSpan(tokenOf(list, 'LCurly')), tokenSpan(tokenOf(list, 'RCurly'))) };
    }
    return { kind: 'list', element: this.typeExpr(nodeOf(ctx, 'typeExpr').children), span: tokenSpan(tokenOf(ctx, 'LBracket')) };
  }

  patternDecl(ctx: Children): PatternDecl {
    const keyword = tokenOf(ctx, 'Pattern');
    const names = tokensOf(ctx, 'Name');
    const name = identOf(names[0]!);
    return {
      kind: 'pattern',
      name,
      eventType: names[1] === undefined ? null : identOf(names[1]),
      clauses: nodesOf(ctx, 'clause').map((node) => this.clause(node)),
      sequence: this.sequence(nodeOf(ctx, 'sequence').children),
      doc: this.docOf(keyword),
      span: name.span,
    };
  }

  private clause(node: CstNode): Clause {
    const [kind, inner] = Object.entries(node.children)[0]! as [string, CstNode[]];
    const ctx = inner[0]!.children;
    switch (kind) {
      case 'keyClause':
        return { kind: 'key', path: this.path(ctx), span: joinSpans(tokenSpan(tokenOf(ctx, 'Key')), tokenSpan(tokenOf(ctx, 'By'))) };
      case 'timeClause':
        return { kind: 'time', path: this.path(ctx), span: joinSpans(tokenSpan(tokenOf(ctx, 'Time')), tokenSpan(tokenOf(ctx, 'By'))) };
      case 'withinClause': {
        const duration = tokenOf(ctx, 'DurationLiteral');
        return { kind: 'within', ms: durationValue(duration.image), span: joinSpans(tokenSpan(tokenOf(ctx, 'Within')), tokenSpan(duration)) };
      }
      default:
        return { kind: 'skip', strategy: this.skip(ctx), span: joinSpans(tokenSpan(tokenOf(ctx, 'After')), tokenSpan(tokenOf(ctx, 'Match'))) };
    }
  }

  private path(ctx: Children): PathAst {
    return this.expressions.expr(nodeOf(ctx, 'path')) as PathAst;
  }

  private skip(ctx: Children): SkipAst {
    if (has(ctx, 'No')) return { kind: 'noSkip' };
    if (has(ctx, 'Past')) return { kind: 'skipPastLastEvent' };
    const to = nodeOf(ctx, 'skipTo').children;
    if (has(to, 'Next')) return { kind: 'skipToNext' };
    return { kind: has(to, 'First') ? 'skipToFirst' : 'skipToLast', step: identOf(tokenOf(to, 'Name')), throwOnMiss: has(to, 'Fail') };
  }

  sequence(ctx: Children): SequenceAst {
    const bodies = nodesOf(ctx, 'stepBody');
    const connections = nodesOf(ctx, 'connection');
    const steps = bodies.map((body, i) => {
      if (i === 0) return this.step(body.children, 'begin', tokenSpan(tokenOf(ctx, 'Begin')));
      const connection = connections[i - 1]!.children;
      return this.step(body.children, connectionOf(connection), connectionSpan(connection));
    });
    return { steps };
  }

  private step(ctx: Children, connection: Connection, span: StepAst['connectionSpan']): StepAst {
    // Each `where` / `until` keyword is followed by its expression: pair them up by position.
    const keywords = [...tokensOf(ctx, 'Where'), ...tokensOf(ctx, 'Until')].sort((a, b) => a.startOffset - b.startOffset);
    const expressions = nodesOf(ctx, 'expression').sort((a, b) => (a.location?.startOffset ?? 0) - (b.location?.startOffset ?? 0));
    const clauses = keywords.map((keyword, i) => ({ keyword, clause: { expr: this.expressions.expr(expressions[i]!), span: tokenSpan(keyword) } }));
    const where = clauses.filter(({ keyword }) => keyword.tokenType === Where).map(({ clause }) => clause);
    const until = clauses.filter(({ keyword }) => keyword.tokenType !== Where).map(({ clause }) => clause);
    const target: StepAst['target'] = has(ctx, 'Name')
      ? { kind: 'event', name: identOf(tokenOf(ctx, 'Name')) }
      : {
          kind: 'group',
          sequence: this.sequence(nodeOf(nodeOf(ctx, 'group').children, 'sequence').children),
          span: tokenSpan(tokenOf(nodeOf(ctx, 'group').children, 'LParen')),
        };
    return {
      connection,
      connectionSpan: span,
      target,
      options: nodesOf(ctx, 'stepOption').map((node) => stepOption(node.children)),
      where,
      until,
    };
  }
}

function connectionOf(ctx: Children): Connection {
  if (has(ctx, 'Not')) return has(ctx, 'Next') ? 'notNext' : 'notFollowedBy';
  if (has(ctx, 'Next')) return 'next';
  return has(ctx, 'Any') ? 'followedByAny' : 'followedBy';
}

function connectionSpan(ctx: Children): StepAst['connectionSpan'] {
  const tokens = Object.values(ctx).flatMap((list) => (list ?? []) as IToken[]).sort((a, b) => a.startOffset - b.startOffset);
  return joinSpans(tokenSpan(tokens[0]!), tokenSpan(tokens[tokens.length - 1]!));
}

function stepOption(ctx: Children): StepOptionAst {
  const tokens = Object.values(ctx).flatMap((list) => (list ?? []) as IToken[]).sort((a, b) => a.startOffset - b.startOffset);
  const span = joinSpans(tokenSpan(tokens[0]!), tokenSpan(tokens[tokens.length - 1]!));
  const numbers = tokensOf(ctx, 'NumberLiteral').map((token) => Number(token.image));
  if (has(ctx, 'Times')) return { kind: 'times', min: numbers[0]!, max: numbers[1] ?? numbers[0]!, span };
  if (has(ctx, 'More')) return { kind: 'orMore', min: has(ctx, 'One') ? 1 : has(ctx, 'Zero') ? 0 : numbers[0]!, span };
  if (has(ctx, 'Within')) return { kind: 'within', ms: durationValue(tokenOf(ctx, 'DurationLiteral').image), span };
  if (has(ctx, 'Optional')) return { kind: 'optional', span };
  if (has(ctx, 'Greedy')) return { kind: 'greedy', span };
  if (has(ctx, 'Consecutive')) return { kind: 'consecutive', span };
  return { kind: 'allowCombinations', span };
}

/** Which declarations are whole: not recovered by the parser and free of errors at their offsets. */
export interface DeclarationNode {
  readonly node: CstNode;
  readonly broken: boolean;
}

/** Top-level declarations of a file CST, each marked broken when a syntax error touches it. */
export function declarationsOf(cst: CstNode, errorOffsets: readonly number[]): DeclarationNode[] {
  return nodesOf(cst.children, 'declaration').map((node) => {
    const start = node.location?.startOffset ?? NaN;
    const end = node.location?.endOffset ?? NaN;
    const broken =
      node.recoveredNode === true || Number.isNaN(start) || Number.isNaN(end) || errorOffsets.some((offset) => offset >= start && offset <= end);
    return { node, broken };
  });
}

/**
 * Builds the AST of a file from its CST. `docOf` gives the doc comment above a declaration's
 * first token. Broken declarations are skipped; their names are listed so uses are not reported.
 */
export function buildFileAst(file: string, declarations: readonly DeclarationNode[], docOf: (start: IToken) => string | null): FileAst {
  const visitor = new DeclarationVisitor(docOf);
  const built: (PatternDecl | EventDecl)[] = [];
  const brokenNames: string[] = [];
  for (const { node, broken } of declarations) {
    const entry = Object.entries(node.children)[0] as [string, CstNode[]] | undefined;
    const decl = entry?.[1][0];
    if (entry === undefined || decl === undefined) continue;
    const kind = entry[0];
    if (broken) {
      const name = tokensOf(decl.children, 'Name')[0];
      if (name !== undefined) brokenNames.push(identOf(name).text);
      continue;
    }
    built.push(kind === 'patternDecl' ? visitor.patternDecl(decl.children) : visitor.eventDecl(decl.children));
  }
  return { file, declarations: built, brokenNames };
}
