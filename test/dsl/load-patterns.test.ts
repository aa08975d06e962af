// Loading at start-up: files, directories and wildcards; every problem of every file reported at
// once with its source line; no half-loaded set unless asked for.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DslError } from '../../src/dsl/diagnostics.js';
import { loadPatterns } from '../../src/dsl/load-patterns.js';
import { removeTempDirs, tempDir } from '../temp-dirs.js';

let dir: string;

function write(files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    const path = join(dir, name);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, text);
  }
}

function thrown(action: () => unknown): DslError {
  try {
    action();
  } catch (error) {
    if (error instanceof DslError) return error;
    throw error;
  }
  throw new Error('expected a DslError');
}

beforeEach(() => {
  dir = tempDir('cepheus-dsl-');
});

afterEach(removeTempDirs);

describe('which files are read', () => {
  beforeEach(() => {
    write({
      'b.cep': 'pattern b { begin x }',
      'a.cep': 'pattern a { begin x }',
      'notes.txt': 'not a pattern file',
      'nested/c.cep': 'pattern c { begin x }',
      'nested/deeper/d.cep': 'pattern d { begin x }',
    });
  });

  it('a file, whatever its extension', () => {
    expect(loadPatterns(join(dir, 'b.cep')).map((d) => d.name)).toEqual(['b']);
  });

  it('a directory: every .cep file below it, in sorted order', () => {
    expect(loadPatterns(dir).map((d) => d.name)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('a wildcard in the last segment', () => {
    expect(loadPatterns(join(dir, '*.cep')).map((d) => d.name)).toEqual(['a', 'b']);
    expect(loadPatterns(join(dir, 'nested', '*')).map((d) => d.name)).toEqual(['c']);
  });

  it('a list of paths, each file once', () => {
    expect(loadPatterns([join(dir, 'b.cep'), join(dir, '*.cep'), join(dir, 'nested')]).map((d) => d.name)).toEqual(['b', 'a', 'c', 'd']);
  });

  it('reports paths that find nothing', () => {
    const error = thrown(() => loadPatterns([join(dir, 'missing.cep'), join(dir, '*.nope'), join(dir, '*', 'x.cep'), join(dir, 'none', '*.cep')]));
    expect(error.diagnostics.map((d) => [d.code, d.message.replace(dir, '<dir>')])).toEqual([
      ['file-not-found', "no file or directory '<dir>/missing.cep'"],
      ['no-files', "no file matches '<dir>/*.nope'"],
      ['file-not-found', "'*' is only allowed in the last part of a path, as in patterns/*.cep"],
      ['file-not-found', "no directory '<dir>/none'"],
    ]);
  });

  it('reports a directory without .cep files', () => {
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    expect(thrown(() => loadPatterns(empty)).diagnostics.map((d) => d.code)).toEqual(['no-files']);
  });
});

describe('several files are one set', () => {
  it('event types declared in one file check patterns in another', () => {
    write({ 'types.cep': 'event Order { orderId: string, amount: number }', 'p.cep': 'pattern p on Order { key by orderId begin a where amount > 1 }' });
    const [definition] = loadPatterns(dir);
    expect(definition!.eventType?.name).toBe('Order');
  });

  it('pattern names must be unique across files', () => {
    write({ 'a.cep': 'pattern p { begin x }', 'b.cep': 'pattern p { begin y }' });
    const error = thrown(() => loadPatterns(dir));
    expect(error.diagnostics.map((d) => `${d.file.replace(dir, '<dir>')}:${d.line}:${d.column} ${d.code}`)).toEqual(['<dir>/b.cep:1:9 duplicate-pattern']);
  });
});

describe('problems', () => {
  beforeEach(() => {
    write({
      'good.cep': 'pattern good { begin a }',
      'bad1.cep': 'pattern one {\n  begin a folowed by b\n}\n',
      'bad2.cep': 'event E { amount: number }\npattern two on E {\n  begin a where ammount > 1\n}\n',
    });
  });

  it('are all reported together, each with its file, line, source line and caret', () => {
    const error = thrown(() => loadPatterns(dir));
    expect(error.diagnostics.map((d) => `${d.file.replace(dir, '<dir>')}:${d.line}:${d.column} ${d.code}`)).toEqual([
      '<dir>/bad1.cep:2:11 syntax-error',
      '<dir>/bad2.cep:3:17 unknown-field',
    ]);
    expect(error.message.replaceAll(dir, '<dir>')).toBe(
      [
        '2 problems in pattern files:',
        "<dir>/bad1.cep:2:11: error: unexpected 'folowed'; expected a quantifier or modifier, 'where', 'until', 'next', 'followed by', 'not next', 'not followed by' or '}' [syntax-error]",
        ' 2 |   begin a folowed by b',
        "   |           ^^^^^^^ did you mean 'followed by'?",
        '',
        "<dir>/bad2.cep:3:17: error: event E has no field 'ammount' [unknown-field]",
        ' 3 |   begin a where ammount > 1',
        "   |                 ^^^^^^^ did you mean 'amount'?",
      ].join('\n'),
    );
  });

  it('with partial: true, the patterns that loaded come back with the diagnostics of the rest', () => {
    const result = loadPatterns(dir, { partial: true });
    expect(result.definitions.map((d) => d.name)).toEqual(['good']);
    expect(result.diagnostics.map((d) => d.code)).toEqual(['syntax-error', 'unknown-field']);
  });
});
