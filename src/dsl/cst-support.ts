// Small readers over chevrotain's CST shared by the two visitors: children by name and the text
// of a name token. The visitors only ever see declarations without syntax errors.
import type { CstElement, CstNode, IToken } from 'chevrotain';
import type { Ident } from './ast.js';
import { tokenSpan } from './lex.js';
import { unquote } from './literals.js';
import { QuotedName, UnterminatedName } from './tokens.js';

/** The children of a CST node, by rule or token name. */
export type Children = Record<string, CstElement[] | undefined>;

/** Child tokens named `name` (empty when absent). */
export function tokensOf(ctx: Children, name: string): IToken[] {
  return (ctx[name] ?? []) as IToken[];
}

/** Child nodes named `name` (empty when absent). */
export function nodesOf(ctx: Children, name: string): CstNode[] {
  return (ctx[name] ?? []) as CstNode[];
}

/** The single child token `name`; a missing one means the CST is broken, which callers exclude. */
export function tokenOf(ctx: Children, name: string, index = 0): IToken {
  const token = tokensOf(ctx, name)[index];
  if (token === undefined) throw new Error(`internal: CST has no token ${name}[${index}]`);
  return token;
}

/** The single child node `name`. */
export function nodeOf(ctx: Children, name: string, index = 0): CstNode {
  const node = nodesOf(ctx, name)[index];
  if (node === undefined) throw new Error(`internal: CST has no node ${name}[${index}]`);
  return node;
}

/** Whether the node has a child `name`. */
export function has(ctx: Children, name: string): boolean {
  return (ctx[name]?.length ?? 0) > 0;
}

/** The text a name token stands for: the identifier, or the unescaped content of `` `…` ``. */
export function identOf(token: IToken): Ident {
  const quoted = token.tokenType === QuotedName || token.tokenType === UnterminatedName;
  const read = quoted ? unquote(token.image) : null;
  return { text: read === null ? token.image : read.ok ? read.value : token.image.slice(1), span: tokenSpan(token) };
}
