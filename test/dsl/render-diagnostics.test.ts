// How diagnostics read: place, message and code, the source line, a caret under the problem,
// and the suggestion.
import { describe, expect, it } from 'vitest';
import { renderDiagnostic, renderDiagnostics } from '../../src/dsl/render-diagnostics.js';
import { parsePatterns } from '../../src/dsl/parse-patterns.js';

function render(text: string): string {
  return renderDiagnostics(parsePatterns(text, { file: 'x.cep' }).diagnostics, new Map([['x.cep', text]]));
}

describe('renderDiagnostic', () => {
  it('underlines the whole token and adds the suggestion', () => {
    expect(render('pattern p {\n  begin a folowed by b\n}')).toBe(
      [
        "x.cep:2:11: error: unexpected 'folowed'; expected a quantifier or modifier, 'where', 'until', 'next', 'followed by', 'not next', 'not followed by' or '}' [syntax-error]",
        ' 2 |   begin a folowed by b',
        "   |           ^^^^^^^ did you mean 'followed by'?",
      ].join('\n'),
    );
  });

  it('keeps tabs before the caret so that it lines up', () => {
    expect(render('pattern p {\n\tbegin a where x @ 1\n}').split('\n').slice(1)).toEqual([' 2 | \tbegin a where x @ 1', ' 2 | \t                ^'.replace(' 2 |', '   |')]);
  });

  it('points just past the last character at the end of the file', () => {
    expect(render('pattern p { begin a')).toBe(
      [
        "x.cep:1:20: error: unexpected end of file; expected a quantifier or modifier, 'where', 'until', 'next', 'followed by', 'not next', 'not followed by' or '}' [syntax-error]",
        ' 1 | pattern p { begin a',
        '   |                    ^',
      ].join('\n'),
    );
  });

  it('without the source, prints the place, the message and the suggestion', () => {
    const [diagnostic] = parsePatterns('pattern p { kye by x begin a }', { file: 'x.cep' }).diagnostics;
    expect(renderDiagnostic(diagnostic!)).toBe(
      "x.cep:1:13: error: unexpected 'kye'; expected 'key by', 'time by', 'within', 'after match' or 'begin' [syntax-error]\n  did you mean 'key by'?",
    );
  });

  it('widens the line-number gutter for long files', () => {
    const text = `${'\n'.repeat(99)}pattern p { begin a where x @ 1 }`;
    expect(render(text).split('\n').slice(1)).toEqual([' 100 | pattern p { begin a where x @ 1 }', '     |                             ^']);
  });
});
