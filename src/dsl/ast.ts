// The abstract syntax tree of a .cep file: what was written, with positions, names not yet
// resolved. The analysis turns it into pattern models; nothing outside src/dsl sees it.
import type { Connection } from '../pattern/model.js';
import type { Span } from './diagnostics.js';

/** A name as written, with its place. */
export interface Ident {
  readonly text: string;
  readonly span: Span;
}

/** A parsed file: its well-formed declarations (those with syntax errors are left out). */
export interface FileAst {
  readonly file: string;
  readonly declarations: readonly (PatternDecl | EventDecl)[];
  /** Names of declarations left out because of syntax errors (their uses are not reported). */
  readonly brokenNames: readonly string[];
}

/** `event Order { orderId: string, … }` */
export interface EventDecl {
  readonly kind: 'event';
  readonly name: Ident;
  readonly fields: readonly FieldDecl[];
  /** The `//` comment lines right above the declaration, without the slashes. */
  readonly doc: string | null;
  readonly span: Span;
}

/** `amount: number` */
export interface FieldDecl {
  readonly name: Ident;
  readonly type: TypeAst;
}

/** A field's type as written: a name (`string`, `Customer`), an inline object, or a list. */
export type TypeAst =
  | { readonly kind: 'named'; readonly name: Ident }
  | { readonly kind: 'object'; readonly fields: readonly FieldDecl[]; readonly span: Span }
  | { readonly kind: 'list'; readonly element: TypeAst; readonly span: Span };

/** `pattern name [on Type] { clauses… begin … }` */
export interface PatternDecl {
  readonly kind: 'pattern';
  readonly name: Ident;
  readonly eventType: Ident | null;
  readonly clauses: readonly Clause[];
  readonly sequence: SequenceAst;
  readonly doc: string | null;
  readonly span: Span;
}

/** A pattern setting. */
export type Clause =
  | { readonly kind: 'key'; readonly path: PathAst; readonly span: Span }
  | { readonly kind: 'time'; readonly path: PathAst; readonly span: Span }
  | { readonly kind: 'within'; readonly ms: number; readonly span: Span }
  | { readonly kind: 'skip'; readonly strategy: SkipAst; readonly span: Span };

/** The after-match skip strategy as written. */
export type SkipAst =
  | { readonly kind: 'noSkip' | 'skipToNext' | 'skipPastLastEvent' }
  | { readonly kind: 'skipToFirst' | 'skipToLast'; readonly step: Ident; readonly throwOnMiss: boolean };

/** `begin a … next b …`: the steps of a pattern or group. */
export interface SequenceAst {
  readonly steps: readonly StepAst[];
}

/** One step: how it connects, what it is (an event step or a group), its options and conditions. */
export interface StepAst {
  readonly connection: Connection;
  readonly connectionSpan: Span;
  readonly target: { readonly kind: 'event'; readonly name: Ident } | { readonly kind: 'group'; readonly sequence: SequenceAst; readonly span: Span };
  readonly options: readonly StepOptionAst[];
  /** Every `where` clause written (the analysis accepts one). */
  readonly where: readonly ConditionClause[];
  /** Every `until` clause written (the analysis accepts one). */
  readonly until: readonly ConditionClause[];
}

/** `where <condition>` or `until <condition>`; `span` is the keyword's. */
export interface ConditionClause {
  readonly expr: ExprAst;
  readonly span: Span;
}

/** A quantifier, modifier or window (`within <duration>`) after a step. */
export type StepOptionAst =
  | { readonly kind: 'times'; readonly min: number; readonly max: number; readonly span: Span }
  | { readonly kind: 'orMore'; readonly min: number; readonly span: Span }
  | { readonly kind: 'within'; readonly ms: number; readonly span: Span }
  | { readonly kind: 'optional' | 'greedy' | 'consecutive' | 'allowCombinations'; readonly span: Span };

/** One segment of a path: `.name` or `[index]`. */
export type PathSegmentAst = { readonly kind: 'name'; readonly name: Ident } | { readonly kind: 'index'; readonly index: number; readonly span: Span };

/**
 * A path as written: `amount`, `created.amount`, `items[0].sku`. `eventKeyword` is set when the
 * first segment is the bare word `event`, which names the current event.
 */
export interface PathAst {
  readonly kind: 'path';
  readonly head: Ident;
  readonly eventKeyword: boolean;
  readonly segments: readonly PathSegmentAst[];
  readonly span: Span;
}

/** Comparison operators. */
export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=';
/** Arithmetic operators. */
export type ArithmeticOp = '+' | '-' | '*' | '/' | '%';
/** String and list tests. */
export type TextOp = 'contains' | 'startsWith' | 'endsWith';

/** A condition as written, before names are resolved and types checked. */
export type ExprAst =
  | { readonly kind: 'number'; readonly value: number; readonly span: Span }
  | { readonly kind: 'duration'; readonly ms: number; readonly span: Span }
  | { readonly kind: 'string'; readonly value: string; readonly span: Span }
  | { readonly kind: 'boolean'; readonly value: boolean; readonly span: Span }
  | { readonly kind: 'null'; readonly span: Span }
  | PathAst
  | { readonly kind: 'call'; readonly name: Ident; readonly args: readonly ExprAst[]; readonly span: Span }
  | { readonly kind: 'negate'; readonly operand: ExprAst; readonly span: Span }
  | { readonly kind: 'arithmetic'; readonly op: ArithmeticOp; readonly left: ExprAst; readonly right: ExprAst; readonly span: Span }
  | { readonly kind: 'compare'; readonly op: CompareOp; readonly left: ExprAst; readonly right: ExprAst; readonly span: Span }
  | { readonly kind: 'in'; readonly operand: ExprAst; readonly list: readonly ExprAst[]; readonly negated: boolean; readonly span: Span }
  | { readonly kind: 'text'; readonly op: TextOp; readonly left: ExprAst; readonly right: ExprAst; readonly span: Span }
  | { readonly kind: 'matches'; readonly operand: ExprAst; readonly source: string; readonly flags: string; readonly regexSpan: Span; readonly span: Span }
  | { readonly kind: 'check'; readonly operand: ExprAst; readonly test: 'null' | 'missing'; readonly negated: boolean; readonly span: Span }
  | { readonly kind: 'and' | 'or'; readonly left: ExprAst; readonly right: ExprAst; readonly span: Span }
  | { readonly kind: 'not'; readonly operand: ExprAst; readonly span: Span };
