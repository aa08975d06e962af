// Problems in .cep files are values with a position; DslError carries them across the API edge.
import type { PatternIssueCode } from '../pattern/pattern-error.js';
import { renderDiagnostics } from './render-diagnostics.js';
import { counted } from '../text/counted.js';

/** Codes of problems found by the DSL itself (lexing, parsing, names, types, files). */
export type DslDiagnosticCode =
  | 'unexpected-character'
  | 'unterminated-string'
  | 'unterminated-name'
  | 'bad-escape'
  | 'too-deep'
  | 'too-complex'
  | 'syntax-error'
  | 'duplicate-pattern'
  | 'duplicate-event'
  | 'duplicate-clause'
  | 'duplicate-field'
  | 'duplicate-modifier'
  | 'unknown-event-type'
  | 'unknown-type'
  | 'reserved-type-name'
  | 'unknown-step'
  | 'unknown-field'
  | 'unknown-function'
  | 'bad-arguments'
  | 'type-mismatch'
  | 'bad-regex'
  | 'bad-number'
  | 'bad-null'
  | 'step-is-not-a-value'
  | 'step-needs-quotes'
  | 'several-events'
  | 'own-event'
  | 'later-step'
  | 'negation-has-no-events'
  | 'unsupported-path'
  | 'file-not-found'
  | 'no-files'
  | 'read-error';

/** Every diagnostic code: the DSL's own plus the pattern rules of `validatePattern`. */
export type DiagnosticCode = DslDiagnosticCode | PatternIssueCode;

/**
 * One problem in a `.cep` file. Positions are 1-based; `column` counts UTF-16 code units, as
 * editors do. `length` is how many characters the caret underlines.
 */
export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly message: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** 0-based offset of the position in the file's text. */
  readonly offset: number;
  readonly length?: number;
  /** For syntax errors: what the grammar allowed at this place, as written in a file. */
  readonly expected?: readonly string[];
  /** A likely fix, e.g. the keyword or name a misspelling was probably meant to be. */
  readonly suggestion?: string;
}

/** A place in a file: offset, 1-based line and column, and how many characters it spans. */
export interface Span {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
  readonly length: number;
}

/** Extra fields of a diagnostic besides code, message and place. */
export interface DiagnosticExtras {
  readonly expected?: readonly string[];
  readonly suggestion?: string | null;
}

/** Makes a diagnostic at `span` of `file`. */
export function diagnosticAt(file: string, span: Span, code: DiagnosticCode, message: string, extras: DiagnosticExtras = {}): Diagnostic {
  return {
    code,
    message,
    file,
    line: span.line,
    column: span.column,
    offset: span.offset,
    length: Math.max(1, span.length),
    ...(extras.expected !== undefined && extras.expected.length > 0 ? { expected: extras.expected } : {}),
    ...(extras.suggestion !== undefined && extras.suggestion !== null ? { suggestion: extras.suggestion } : {}),
  };
}

/** The span of `offset` (clamped to the text), with line and column computed from the text. */
export function spanAt(text: string, offset: number, length = 1): Span {
  const at = Math.max(0, Math.min(offset, text.length));
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < at; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { offset: at, line, column: at - lineStart + 1, length };
}

/** The smallest span covering both spans (`a` must start first). */
export function joinSpans(a: Span, b: Span): Span {
  return { offset: a.offset, line: a.line, column: a.column, length: Math.max(a.length, b.offset + b.length - a.offset) };
}

/** Orders diagnostics by file (in the given order of files), then by position. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[], files: readonly string[]): Diagnostic[] {
  const rank = new Map(files.map((file, i) => [file, i]));
  return [...diagnostics].sort((a, b) => (rank.get(a.file) ?? files.length) - (rank.get(b.file) ?? files.length) || a.offset - b.offset);
}

/**
 * Thrown at the API edge when `.cep` text has problems. `diagnostics` lists all of them (all
 * files, all errors); the message renders each with its source line and a caret.
 */
export class DslError extends Error {
  readonly diagnostics: readonly Diagnostic[];

  /** `sources` maps file names to their text, so the message can quote the offending lines. */
  constructor(diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, string> = new Map()) {
    super(`${counted(diagnostics.length, 'problem')} in pattern files:\n${renderDiagnostics(diagnostics, sources)}`);
    this.name = 'DslError';
    this.diagnostics = diagnostics;
  }
}
