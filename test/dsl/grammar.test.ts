// grammar/ stays true to the parser: the railroad diagrams are what the parser generates today,
// the EBNF has exactly the parser's rules, and every example in the language reference loads (or
// fails with exactly the problems shown under it).
//
// Regenerate grammar/diagrams.html after changing the grammar:
//   UPDATE_DIAGRAMS=1 npx vitest run test/dsl/grammar.test.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { syntaxDiagramsHtml } from '../../src/dsl/diagrams.js';
import { cepParser } from '../../src/dsl/parser.js';
import { parsePatterns } from '../../src/dsl/parse-patterns.js';
import { renderDiagnostics } from '../../src/dsl/render-diagnostics.js';

const DIAGRAMS = 'grammar/diagrams.html';

describe('grammar/diagrams.html', () => {
  it('is what the parser generates (UPDATE_DIAGRAMS=1 regenerates it)', () => {
    const html = syntaxDiagramsHtml();
    if (process.env['UPDATE_DIAGRAMS'] === '1') writeFileSync(DIAGRAMS, html);
    const committed = readFileSync(DIAGRAMS, 'utf8');
    expect(committed === html, `${DIAGRAMS} is stale; run UPDATE_DIAGRAMS=1 npx vitest run test/dsl/grammar.test.ts`).toBe(true);
  });
});

describe('grammar/cep.ebnf', () => {
  it('defines exactly the rules of the parser', () => {
    const ebnf = readFileSync('grammar/cep.ebnf', 'utf8');
    const defined = [...ebnf.matchAll(/^([a-z][A-Za-z]*)\s*=/gm)].map((m) => m[1]!);
    const rules = cepParser.getGAstProductions();
    expect([...defined].sort()).toEqual(Object.keys(rules).sort());
  });
});

describe('grammar/README.md', () => {
  const readme = readFileSync('grammar/README.md', 'utf8');
  // A ```cep block must load cleanly, unless a ```text block right after it shows its problems.
  const blocks = [...readme.matchAll(/```cep\n([\s\S]*?)```(?:\n+```text\n([\s\S]*?)```)?/g)];

  it('has examples', () => {
    expect(blocks.length).toBeGreaterThan(15);
  });

  blocks.forEach(([, source, problems], i) => {
    const firstLine = source!.split('\n').find((line) => line.trim() !== '' && !line.startsWith('//')) ?? '';
    it(`example ${i + 1}: ${firstLine.trim().slice(0, 60)}`, () => {
      const result = parsePatterns(source!, { file: 'example.cep' });
      const rendered = renderDiagnostics(result.diagnostics, new Map([['example.cep', source!]]));
      expect(rendered).toBe((problems ?? '').trimEnd());
    });
  });
});
