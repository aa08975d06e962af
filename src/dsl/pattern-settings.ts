// The settings of a pattern: `key by`, `time by`, `within` and the skip strategy, each at most
// once. Key and time paths are checked against the event type and must be paths the engine's
// field reader understands.
import type { PathAst, PatternDecl, SkipAst } from './ast.js';
import { diagnosticAt, type Diagnostic, type Span } from './diagnostics.js';
import type { PathSegment } from './expression.js';
import { durationProblem, MAX_DURATION_MS } from './literals.js';
import { describeType, pathText, typeAtPath, type SchemaTable, type SchemaType } from './schema.js';

/** The settings clauses of one pattern, read and checked. */
export interface PatternSettings {
  readonly keyBy: string | null;
  readonly timeField: string | null;
  readonly within: { readonly ms: number; readonly span: Span } | null;
  readonly skip: SkipAst | null;
}

const CLAUSE_WORDS = { key: 'key by', time: 'time by', within: 'within', skip: 'after match' } as const;

/** Reads the clauses of a pattern, reporting repeated clauses and bad key and time fields. */
export function readSettings(
  decl: PatternDecl,
  root: SchemaType | null,
  rootName: string | null,
  context: { readonly file: string; readonly schemas: SchemaTable; readonly diagnostics: Diagnostic[] },
): PatternSettings {
  const seen = new Set<string>();
  let keyBy: string | null = null;
  let timeField: string | null = null;
  let within: PatternSettings['within'] = null;
  let skip: SkipAst | null = null;
  for (const clause of decl.clauses) {
    if (seen.has(clause.kind)) {
      const word = CLAUSE_WORDS[clause.kind];
      context.diagnostics.push(diagnosticAt(context.file, clause.span, 'duplicate-clause', `'${word}' is given twice in pattern '${decl.name.text}'; keep one`));
      continue;
    }
    seen.add(clause.kind);
    switch (clause.kind) {
      case 'key':
        keyBy = settingPath(clause.path, 'key by', root, rootName, context);
        break;
      case 'time':
        timeField = settingPath(clause.path, 'time by', root, rootName, context);
        break;
      case 'within': {
        const problem = durationProblem(clause.ms);
        if (problem !== null) context.diagnostics.push(diagnosticAt(context.file, clause.span, 'bad-number', problem));
        // A window with a problem (too long, or a fraction of a millisecond) is still a window: the rest
        // is checked as if it were the longest.
        within = { ms: problem === null ? clause.ms : MAX_DURATION_MS, span: clause.span };
        break;
      }
      case 'skip':
        skip = clause.strategy;
        break;
    }
  }
  return { keyBy, timeField, within, skip };
}

const KEY_TYPES: ReadonlySet<string> = new Set(['string', 'number', 'time', 'any']);
const TIME_TYPES: ReadonlySet<string> = new Set(['time', 'number', 'string', 'any']);

/** A key or time path in the engine's syntax (`user.id`, `items[0].sku`), or `null` after reporting why not. */
function settingPath(
  path: PathAst,
  clause: 'key by' | 'time by',
  root: SchemaType | null,
  rootName: string | null,
  context: { readonly file: string; readonly schemas: SchemaTable; readonly diagnostics: Diagnostic[] },
): string | null {
  const spans: Span[] = [path.head.span];
  const segments: PathSegment[] = [path.head.text];
  for (const segment of path.segments) {
    spans.push(segment.kind === 'name' ? segment.name.span : segment.span);
    segments.push(segment.kind === 'name' ? segment.name.text : segment.index);
  }
  const fail = (at: Span, code: Diagnostic['code'], message: string, suggestion: string | null = null): null => {
    context.diagnostics.push(diagnosticAt(context.file, at, code, message, { suggestion }));
    return null;
  };
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    if (typeof segment === 'number' && !Number.isSafeInteger(segment)) return fail(spans[i]!, 'bad-number', `a list index is a whole number, not ${segment}`);
    if (typeof segment === 'string' && (segment === '' || /[.[\]]/.test(segment))) {
      return fail(spans[i]!, 'unsupported-path', `${clause} cannot read a field whose name is empty or contains '.', '[' or ']'`);
    }
  }
  if (root !== null) {
    const found = typeAtPath(root, segments, context.schemas, `event ${rootName}`);
    if ('segment' in found) return fail(spans[found.segment] ?? path.span, 'unknown-field', found.message, found.suggestion);
    const allowed = clause === 'key by' ? KEY_TYPES : TIME_TYPES;
    if (!allowed.has(found.kind)) {
      const wants = clause === 'key by' ? 'a string or number field' : 'a time, number or string field';
      return fail(path.span, 'type-mismatch', `${clause} needs ${wants}, and '${pathText(segments)}' is ${describeType(found)}`);
    }
  }
  return pathText(segments);
}
