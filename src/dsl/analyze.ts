// The semantic stage over every file of a load at once: event types are shared by all files,
// pattern names must be unique across them, and every problem of every file is reported together.
import type { EventDecl, PatternDecl } from './ast.js';
import { buildPattern } from './build-model.js';
import type { PatternDefinition } from './definition.js';
import { diagnosticAt, sortDiagnostics, type Diagnostic } from './diagnostics.js';
import type { ParsedFile } from './parse-file.js';
import { buildSchema, type EventSchema, type SchemaTable } from './schema.js';

/** The outcome of reading `.cep` text: what loaded, and every problem found. */
export interface DslResult {
  /** Patterns without problems, in file order. */
  readonly definitions: readonly PatternDefinition[];
  /** Declared event types by name. */
  readonly schemas: SchemaTable;
  /** Every problem of every file, by file then position; empty when everything loaded. */
  readonly diagnostics: readonly Diagnostic[];
}

/** Analyses parsed files together. Never throws. */
export function analyzeFiles(files: readonly ParsedFile[]): DslResult {
  const diagnostics: Diagnostic[] = files.flatMap((file) => file.diagnostics);
  const brokenNames = new Set(files.flatMap((file) => file.ast.brokenNames));
  const events: { decl: EventDecl; file: string }[] = [];
  const patterns: { decl: PatternDecl; file: string }[] = [];
  for (const { ast } of files) {
    for (const decl of ast.declarations) {
      if (decl.kind === 'event') events.push({ decl, file: ast.file });
      else patterns.push({ decl, file: ast.file });
    }
  }

  const schemas = new Map<string, EventSchema>();
  const knownTypes = [...new Set([...events.map(({ decl }) => decl.name.text), ...brokenNames])];
  for (const { decl, file } of events) {
    const schema = buildSchema(decl, file, knownTypes, diagnostics);
    if (schemas.has(schema.name)) {
      diagnostics.push(diagnosticAt(file, decl.name.span, 'duplicate-event', `event type '${schema.name}' is declared twice; keep one declaration`));
    } else {
      schemas.set(schema.name, schema);
    }
  }

  const definitions: PatternDefinition[] = [];
  const names = new Set<string>();
  for (const { decl, file } of patterns) {
    if (names.has(decl.name.text)) {
      diagnostics.push(
        diagnosticAt(file, decl.name.span, 'duplicate-pattern', `another pattern is already named '${decl.name.text}'; pattern names must be unique across all loaded files`),
      );
      continue;
    }
    names.add(decl.name.text);
    const definition = buildPattern(decl, { file, schemas, brokenTypes: brokenNames, diagnostics });
    if (definition !== null) definitions.push(definition);
  }
  return { definitions, schemas, diagnostics: sortDiagnostics(diagnostics, files.map((file) => file.file)) };
}
