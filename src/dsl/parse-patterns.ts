// The entry points for .cep text already in memory: results with diagnostics, or definitions
// with a DslError at the edge.
import { analyzeFiles, type DslResult } from './analyze.js';
import type { PatternDefinition } from './definition.js';
import { DslError } from './diagnostics.js';
import { parseFile } from './parse-file.js';

/** The name diagnostics use for text that came from no file. */
export const DEFAULT_FILE_NAME = '<input>';

/** One source: a file name (for diagnostics) and its text. */
export interface DslSource {
  readonly file: string;
  readonly text: string;
}

/**
 * Reads `.cep` text: every pattern without problems becomes a definition, and every problem a
 * diagnostic. Never throws, whatever the text.
 */
export function parsePatterns(text: string, options: { readonly file?: string } = {}): DslResult {
  return parseSources([{ file: options.file ?? DEFAULT_FILE_NAME, text }]);
}

/** Reads several sources as one set: event types are shared, pattern names unique across them. */
export function parseSources(sources: readonly DslSource[]): DslResult {
  return analyzeFiles(sources.map((source) => parseFile(source.text, source.file)));
}

/**
 * Reads `.cep` text and returns its patterns; throws a {@link DslError} listing every problem
 * when there is any (no pattern is returned from text with problems).
 *
 * @example
 * const [unpaid] = definePatterns(`
 *   pattern unpaid { key by orderId within 15 minutes
 *     begin created where type == "created"
 *     followed by paid where type == "paid" }`);
 */
export function definePatterns(text: string, options: { readonly file?: string } = {}): PatternDefinition[] {
  const file = options.file ?? DEFAULT_FILE_NAME;
  const result = parsePatterns(text, { file });
  if (result.diagnostics.length > 0) throw new DslError(result.diagnostics, new Map([[file, text]]));
  return [...result.definitions];
}
