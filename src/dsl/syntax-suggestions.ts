// "Did you mean" for syntax errors: a misspelled keyword (`folowed` → `followed by`), a keyword
// typed as one word (`followedby`), or an operator from another language (`=` → `==`).
import type { IToken } from 'chevrotain';
import { didYouMean } from './suggest.js';
import { FOREIGN_OPERATORS, HARD_KEYWORDS, Identifier, QuotedName } from './tokens.js';

/** The likely intended text for the token found where `expected` phrases were allowed, or `null`. */
export function suggestionFor(found: IToken, expected: readonly string[]): string | null {
  const foreign = FOREIGN_OPERATORS.get(found.tokenType);
  if (foreign !== undefined) return foreign;
  // A reserved word where a name belongs: quoting makes it a name.
  if (expected.includes('a name') && (HARD_KEYWORDS as readonly string[]).includes(found.image)) return `\`${found.image}\``;
  const keywords = expected.filter((phrase) => phrase.startsWith("'") && phrase.endsWith("'")).map((phrase) => phrase.slice(1, -1));
  if (keywords.length === 0) return null;
  // Spellings of each phrase a person might type: its first word, and the words run together.
  const spellings = new Map<string, string>();
  for (const phrase of keywords) {
    if (!/^[a-z]/.test(phrase)) continue;
    const words = phrase.split(' ');
    if (!spellings.has(words[0]!)) spellings.set(words[0]!, phrase);
    if (words.length > 1) spellings.set(words.join(''), phrase);
  }
  const image = found.tokenType === QuotedName ? found.image.slice(1, -1) : found.image;
  if (found.tokenType !== Identifier && found.tokenType !== QuotedName && !/^[a-z]+$/.test(image)) return null;
  const best = didYouMean(image, spellings.keys());
  return best === null ? null : spellings.get(best)!;
}
