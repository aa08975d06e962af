// Loading patterns at start-up: read every file, analyse them together, report every problem of
// every file at once, and never hand back a half-loaded set unless asked to.
import { readFileSync } from 'node:fs';
import { parseSources, type DslSource } from './parse-patterns.js';
import type { DslResult } from './analyze.js';
import type { PatternDefinition } from './definition.js';
import { diagnosticAt, DslError, sortDiagnostics, type Diagnostic } from './diagnostics.js';
import { findPatternFiles } from './pattern-files.js';

/** Options of {@link loadPatterns}. */
export interface LoadOptions {
  /**
   * Return what loaded together with the diagnostics instead of throwing, e.g. to keep serving
   * the patterns that are fine while reporting the rest.
   */
  readonly partial?: boolean;
}

/**
 * Loads `.cep` files: a path, a directory (every `.cep` file below it), a path with `*` in its
 * last segment (`patterns/*.cep`), or a list of these. Files are read synchronously (this runs at
 * start-up) and analysed together: event types are shared, pattern names unique across files.
 *
 * Throws a {@link DslError} with every problem of every file unless `{ partial: true }`, which
 * returns the patterns that loaded and the diagnostics of the rest.
 */
export function loadPatterns(paths: string | readonly string[]): PatternDefinition[];
/** With `{ partial: true }`: what loaded and every diagnostic, never a `DslError` for the files' content. */
export function loadPatterns(paths: string | readonly string[], options: LoadOptions & { readonly partial: true }): DslResult;
/** Definitions, or with `partial` the result with diagnostics. */
export function loadPatterns(paths: string | readonly string[], options?: LoadOptions): PatternDefinition[] | DslResult;
export function loadPatterns(paths: string | readonly string[], options: LoadOptions = {}): PatternDefinition[] | DslResult {
  const found = findPatternFiles(typeof paths === 'string' ? [paths] : paths);
  const sources: DslSource[] = [];
  const problems: Diagnostic[] = [...found.diagnostics];
  for (const file of found.files) {
    try {
      sources.push({ file, text: readFileSync(file, 'utf8') });
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      problems.push(diagnosticAt(file, { offset: 0, line: 1, column: 1, length: 1 }, 'read-error', `cannot read the file: ${why}`));
    }
  }
  const result = parseSources(sources);
  const diagnostics = sortDiagnostics([...problems, ...result.diagnostics], found.files);
  if (options.partial === true) return { ...result, diagnostics };
  if (diagnostics.length > 0) throw new DslError(diagnostics, new Map(sources.map((source) => [source.file, source.text])));
  return [...result.definitions];
}
