// Loading the .cep files named on the command line, reporting every problem of every file.
import type { DslResult } from '../dsl/analyze.js';
import type { PatternDefinition } from '../dsl/definition.js';
import type { Diagnostic } from '../dsl/diagnostics.js';
import { loadPatterns } from '../dsl/load-patterns.js';
import { renderDiagnostics } from '../dsl/render-diagnostics.js';
import { readFileSync } from 'node:fs';
import { EXIT } from './exit-codes.js';
import type { Io } from './io.js';
import { counted } from '../text/counted.js';
import { withoutByteOrderMark } from '../dsl/source-text.js';

/** Prints diagnostics with their source lines and carets, then a count. */
export function printDiagnostics(io: Io, diagnostics: readonly Diagnostic[]): void {
  const sources = new Map<string, string>();
  for (const diagnostic of diagnostics) {
    if (sources.has(diagnostic.file)) continue;
    try {
      sources.set(diagnostic.file, withoutByteOrderMark(readFileSync(diagnostic.file, 'utf8')));
    } catch {
      // a file that cannot be read has a diagnostic saying so
    }
  }
  io.err(renderDiagnostics(diagnostics, sources).replace(/\n$/, ''));
  const files = new Set(diagnostics.map((diagnostic) => diagnostic.file)).size;
  io.err(`${counted(diagnostics.length, 'problem')} in ${counted(files, 'file')}`);
}

/** Loads the files' patterns and event types; on any problem prints them all, sets exit code 1 and returns null. */
export function loadFilesOrReport(io: Io, paths: readonly string[]): DslResult | null {
  const result = loadPatterns(paths, { partial: true });
  if (result.diagnostics.length === 0) return result;
  printDiagnostics(io, result.diagnostics);
  io.setExitCode?.(EXIT.problems);
  return null;
}

/** Loads patterns; on any problem, or when there are none, says so, sets exit code 1 and returns null. */
export function loadOrReport(io: Io, paths: readonly string[]): PatternDefinition[] | null {
  const result = loadFilesOrReport(io, paths);
  if (result === null) return null;
  if (result.definitions.length === 0) {
    io.err(`cepheus: no patterns in ${paths.join(', ')}`);
    io.setExitCode?.(EXIT.problems);
    return null;
  }
  return [...result.definitions];
}
