// Golden table: .cep text → model dump for every construct (the table is in golden-table.ts).
import { describe, expect, it } from 'vitest';
import { GOLDEN } from './golden-table.js';
import { describeDefinition, load } from './support.js';

describe('DSL text → model (golden)', () => {
  for (const [name, text, dump] of GOLDEN) {
    it(name, () => {
      expect(load(text).map(describeDefinition).join('\n')).toBe(dump);
    });
  }

  it('keeps the comment lines right above a declaration as its doc', () => {
    const [definition] = load(GOLDEN.find(([name]) => name === 'doc comments and event types')![1]);
    expect(definition!.doc).toBe('Line one.\nLine two.');
    expect(definition!.eventType?.doc).toBe('Orders.');
  });
});
