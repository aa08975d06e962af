// Turns diagnostics into text a person can act on: where, what, the line, a caret, a fix.
import type { Diagnostic } from './diagnostics.js';

/**
 * Renders one diagnostic:
 *
 * ```text
 * orders.cep:7:26: error: event Order has no field 'ammount' [unknown-field]
 *    7 |   followed by paid where ammount > 10
 *      |                          ^^^^^^^ did you mean 'amount'?
 * ```
 *
 * Without `source` (or for a position outside it) only the first line is printed, followed by the
 * suggestion. Tabs before the caret are kept so that the caret lines up in any tab width.
 */
export function renderDiagnostic(diagnostic: Diagnostic, source?: string): string {
  const { file, line, column, message, code, suggestion } = diagnostic;
  const head = `${file}:${line}:${column}: error: ${message} [${code}]`;
  const hint = suggestion === undefined ? '' : ` did you mean '${suggestion}'?`;
  const text = source === undefined ? undefined : sourceLine(source, line);
  if (text === undefined) return hint === '' ? head : `${head}\n  ${hint.trim()}`;
  const number = String(line);
  const gutter = ' '.repeat(number.length);
  const before = text.slice(0, Math.max(0, column - 1)).replace(/[^\t]/g, ' ');
  const width = Math.max(1, Math.min(diagnostic.length ?? 1, text.length - (column - 1)));
  return `${head}\n ${number} | ${text}\n ${gutter} | ${before}${'^'.repeat(width)}${hint}`;
}

/** Renders every diagnostic, each with the text of its own file from `sources`, blank-line separated. */
export function renderDiagnostics(diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, string> = new Map()): string {
  return diagnostics.map((diagnostic) => renderDiagnostic(diagnostic, sources.get(diagnostic.file))).join('\n\n');
}

function sourceLine(source: string, line: number): string | undefined {
  const lines = source.split(/\r\n|\r|\n/);
  return line >= 1 && line <= lines.length ? lines[line - 1] : undefined;
}
