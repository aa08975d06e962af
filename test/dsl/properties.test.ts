// Properties of the DSL: formatting any pattern model and reading it back gives the same model;
// no input crashes the parser; string literals and names survive the round trip unchanged, so a
// value can never turn into syntax.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runMatcher } from '../../src/nfa/matcher.js';
import { validatePattern } from '../../src/pattern/validate.js';
import { formatModel, formatPatterns } from '../../src/dsl/format.js';
import { formatName, quoteString } from '../../src/dsl/literals.js';
import { parsePatterns } from '../../src/dsl/parse-patterns.js';
import { renderDiagnostics } from '../../src/dsl/render-diagnostics.js';
import { KEYWORDS } from '../../src/dsl/tokens.js';
import { nameArbitrary, patternModel, validStepName } from './arbitrary-model.js';
import { withoutFunctions } from './support.js';

describe('parse(format(model)) equals the model', () => {
  it('for random pattern models', () => {
    fc.assert(
      fc.property(fc.gen(), nameArbitrary, (g, name) => {
        const model = patternModel(g);
        fc.pre(validatePattern(model).length === 0);
        const text = formatModel(name, model);
        const result = parsePatterns(text);
        expect(renderDiagnostics(result.diagnostics, new Map([['<input>', text]]))).toBe('');
        expect(result.definitions[0]!.name).toBe(name);
        expect(withoutFunctions(result.definitions[0]!.model)).toEqual(withoutFunctions(model));
        expect(formatModel(name, result.definitions[0]!.model)).toBe(text);
      }),
      { numRuns: 300 },
    );
  });
});

const SOUP = [...KEYWORDS.keys(), '{', '}', '(', ')', '[', ']', ',', ':', '.', '..', '==', '!=', '<', '>=', '+', '-', '*', '/', '%', '=', '&&', '!', 'x', 'y.z', '1', '2.5', '"s"', "'t", '`q`', '15 minutes', '/a/i', '// c\n', '\n', '@', '"'];

describe('the parser never crashes', () => {
  const survives = (text: string): void => {
    const result = parsePatterns(text);
    for (const d of result.diagnostics) {
      expect(d.line).toBeGreaterThanOrEqual(1);
      expect(d.column).toBeGreaterThanOrEqual(1);
      expect(d.message).not.toBe('');
    }
    renderDiagnostics(result.diagnostics, new Map([['<input>', text]]));
    // Whatever loaded formats and reads back cleanly.
    if (result.definitions.length > 0) expect(parsePatterns(formatPatterns(result)).diagnostics).toEqual([]);
  };

  it('on random text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), survives), { numRuns: 500 });
  });

  it('on random bytes read as UTF-8', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => survives(Buffer.from(bytes).toString('utf8'))), { numRuns: 300 });
  });

  it("on random sequences of the language's own tokens", () => {
    const soup = fc.array(fc.constantFrom(...SOUP), { maxLength: 60 }).map((tokens) => tokens.join(' '));
    const framed = soup.map((body) => `pattern p { begin a ${body} }`);
    fc.assert(fc.property(fc.oneof(soup, framed), survives), { numRuns: 1000 });
  });
});

describe('values and names cannot become syntax', () => {
  it('a string literal reads back as exactly the string, and compares as it', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 30 }), (value) => {
        const result = parsePatterns(`pattern p { begin a where f == ${quoteString(value)} }`);
        expect(result.diagnostics).toEqual([]);
        const { model } = result.definitions[0]!;
        expect(model.steps).toHaveLength(1);
        const condition = model.steps[0]!.kind === 'event' ? model.steps[0]!.condition : null;
        expect(condition).toMatchObject({ kind: 'predicate', expression: { kind: 'compare', right: { kind: 'literal', value } } });
        const matches = (f: string) => runMatcher(model, [{ event: { f }, timestamp: 1 }]).length;
        expect(matches(value)).toBe(1);
        expect(matches(`${value}x`)).toBe(0);
      }),
      { numRuns: 500 },
    );
  });

  it('a name reads back as exactly the name, wherever names go', () => {
    fc.assert(
      fc.property(nameArbitrary, nameArbitrary, (name, field) => {
        fc.pre(validStepName(name) && !/[.[\]]/.test(field));
        const text = `pattern ${formatName(name)} { key by ${formatName(field)} begin ${formatName(name)} where event.${formatName(field)} == 1 }`;
        const result = parsePatterns(text);
        expect(result.diagnostics).toEqual([]);
        const definition = result.definitions[0]!;
        expect(definition.name).toBe(name);
        expect(definition.keyBy).toBe(field);
        expect(definition.model.steps[0]!.name).toBe(name);
        expect(runMatcher(definition.model, [{ event: { [field]: 1 }, timestamp: 1 }])).toHaveLength(1);
      }),
      { numRuns: 500 },
    );
  });

  it("a regular expression given as a string matches what JavaScript's RegExp matches", () => {
    const pattern = fc.string({ maxLength: 6, unit: fc.constantFrom('a', 'b', '.', '*', '?', '|', '(', ')', '[', ']', '^', '$', '\\', '/', '+') });
    fc.assert(
      fc.property(pattern, fc.array(fc.string({ maxLength: 4, unit: fc.constantFrom('a', 'b', '/', '.') }), { maxLength: 5 }), (source, inputs) => {
        let regex: RegExp;
        try {
          regex = new RegExp(source);
        } catch {
          expect(parsePatterns(`pattern p { begin a where s matches ${quoteString(source)} }`).diagnostics[0]?.code).toBe('bad-regex');
          return;
        }
        const first = parsePatterns(`pattern p { begin a where s matches ${quoteString(source)} }`);
        const again = parsePatterns(formatPatterns(first));
        expect(again.diagnostics).toEqual([]);
        for (const s of inputs) {
          const expected = regex.test(s) ? 1 : 0;
          expect(runMatcher(first.definitions[0]!.model, [{ event: { s }, timestamp: 1 }])).toHaveLength(expected);
          expect(runMatcher(again.definitions[0]!.model, [{ event: { s }, timestamp: 1 }])).toHaveLength(expected);
        }
      }),
      { numRuns: 300 },
    );
  });
});
