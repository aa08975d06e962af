// The syntax stage of one file: lexing, parsing with error recovery, the AST of every whole
// declaration, and all lexical and syntax diagnostics. Never throws.
import type { IToken } from 'chevrotain';
import type { FileAst } from './ast.js';
import { buildFileAst, declarationsOf } from './cst-to-ast.js';
import type { Diagnostic } from './diagnostics.js';
import { lex } from './lex.js';
import { cepParser, parseTokens } from './parser.js';
import { syntaxDiagnostics } from './syntax-errors.js';
import { withoutByteOrderMark } from './source-text.js';

/** A file after the syntax stage. */
export interface ParsedFile {
  readonly file: string;
  readonly text: string;
  readonly ast: FileAst;
  /** Lexical and syntax problems, in position order. */
  readonly diagnostics: readonly Diagnostic[];
}

/** Lexes and parses one file. */
export function parseFile(source: string, file: string): ParsedFile {
  const text = withoutByteOrderMark(source);
  const lexed = lex(text, file);
  if (!lexed.parsable) return { file, text, ast: { file, declarations: [], brokenNames: [] }, diagnostics: lexed.diagnostics };
  const cst = parseTokens(lexed.tokens);
  const errors = [...cepParser.errors];
  const lexicalOffsets = lexed.diagnostics.map((d) => d.offset);
  const errorOffsets = errors.map((error) => (Number.isNaN(error.token.startOffset) ? text.length : error.token.startOffset));
  // A declaration touched by any lexical or syntax error is left out of the analysis.
  const declarations = declarationsOf(cst, [...errorOffsets, ...lexicalOffsets]);
  const starts = declarations
    .map(({ node }) => lexed.tokens.findIndex((token) => token.startOffset === node.location?.startOffset))
    .filter((index) => index >= 0);
  // A lexical error explains the syntax errors that follow it in its declaration.
  const syntax = syntaxDiagnostics(errors, lexed.tokens, starts, text, file, lexicalOffsets);
  const diagnostics = [...lexed.diagnostics, ...syntax].sort((a, b) => a.offset - b.offset);
  const ast = buildFileAst(file, declarations, docComments(text, lexed.comments));
  return { file, text, ast, diagnostics };
}

/**
 * Doc comments: the `//` lines directly above a declaration, each alone on its line, joined
 * with newlines and stripped of the slashes and one following space.
 */
function docComments(text: string, comments: readonly IToken[]): (start: IToken) => string | null {
  const alone = comments.filter((comment) => /^[ \t]*$/.test(text.slice(text.lastIndexOf('\n', comment.startOffset - 1) + 1, comment.startOffset)));
  const byLine = new Map(alone.map((comment) => [comment.startLine ?? 0, comment]));
  return (start) => {
    const lines: string[] = [];
    for (let line = (start.startLine ?? 0) - 1; byLine.has(line); line--) lines.unshift(byLine.get(line)!.image.replace(/^\/\/ ?/, ''));
    return lines.length === 0 ? null : lines.join('\n');
  };
}
