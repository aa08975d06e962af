// The JSON Lines reader splits chunks a block at a time (fast path for ASCII, line by line
// otherwise). Whatever the chunking and content, it must give the items and byte positions a
// plain line-by-line reading gives.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { readJsonLinesFile, splitJsonLines, type JsonLinesItem } from '../../src/io/jsonl-source.js';
import { removeTempDirs, tempDir } from '../temp-dirs.js';

async function* chunked(bytes: Buffer, cuts: readonly number[]): AsyncGenerator<Uint8Array> {
  let start = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    if (cut <= start || cut >= bytes.length) continue;
    yield bytes.subarray(start, cut);
    start = cut;
  }
  if (start < bytes.length) yield bytes.subarray(start);
}

async function collect(items: AsyncIterable<JsonLinesItem>): Promise<JsonLinesItem[]> {
  const all: JsonLinesItem[] = [];
  for await (const item of items) all.push(item);
  return all;
}

/** What reading line by line gives: one entry per non-blank line, with the byte offset after it. */
function expected(lines: readonly Buffer[], trailingNewline: boolean): unknown[] {
  const out: unknown[] = [];
  let offset = 0;
  lines.forEach((line, index) => {
    const last = index === lines.length - 1;
    offset += line.length + (last && !trailingNewline ? 0 : 1);
    const next = { offset, line: index + 2 };
    const decoded = new TextDecoder('utf-8', { fatal: true });
    let text: string;
    try {
      text = decoded.decode(line).replace(/\r$/, '');
    } catch {
      out.push({ kind: 'bad-line', line: index + 1, next });
      return;
    }
    if (text.trim() === '') return;
    try {
      out.push({ kind: 'record', value: JSON.parse(text), line: index + 1, next });
    } catch {
      out.push({ kind: 'bad-line', text, line: index + 1, next });
    }
  });
  return out;
}

const lineArbitrary = fc.oneof(
  fc.jsonValue().map((value) => Buffer.from(JSON.stringify(value))),
  fc.string().map((text) => Buffer.from(text.replace(/\n/g, ' '))),
  fc.constantFrom(Buffer.from(''), Buffer.from('\r'), Buffer.from('{"a":1}\r'), Buffer.from('  '), Buffer.from('{"é":"日本"}'), Buffer.from([0x7b, 0xff, 0x7d]), Buffer.from('{"a":')),
);

describe('splitJsonLines', () => {
  it('gives the items and positions of a line-by-line reading, however the bytes are chunked', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(lineArbitrary, { minLength: 1, maxLength: 30 }), fc.boolean(), fc.array(fc.nat(400), { maxLength: 8 }), async (lines, trailingNewline, cuts) => {
        const bytes = Buffer.concat(lines.flatMap((line, i) => (i < lines.length - 1 || trailingNewline ? [line, Buffer.from('\n')] : [line])));
        const items = await collect(splitJsonLines(chunked(bytes, cuts)));
        const simplified = items.map((item) =>
          item.kind === 'record' ? { kind: item.kind, value: item.value, line: item.line, next: item.next } : item.reason === 'not valid UTF-8' ? { kind: item.kind, line: item.line, next: item.next } : { kind: item.kind, text: item.text, line: item.line, next: item.next },
        );
        expect(simplified).toEqual(expected(lines, trailingNewline));
      }),
      { numRuns: 300 },
    );
  });

  it('reports the JSON error of a CRLF line as for the line without its \\r', async () => {
    const items = await collect(splitJsonLines(chunked(Buffer.from('{"a":\r\n'), [])));
    let message = '';
    try {
      JSON.parse('{"a":');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(items).toEqual([{ kind: 'bad-line', text: '{"a":', reason: `not JSON: ${message}`, line: 1, next: { offset: 7, line: 2 } }]);
  });
});

describe('readJsonLinesFile', () => {
  afterAll(removeTempDirs);

  // 3,000 lines of 70-odd bytes: several 64 KiB reads, with lines cut across read boundaries.
  const lines = Array.from({ length: 3000 }, (_, i) => JSON.stringify({ n: i, text: 'x'.repeat(i % 97), key: `k-${i % 13}` }));
  const bytes = Buffer.from(`${lines.join('\n')}\n`);

  it('reads a file of many reads as the bytes split in memory, from the start and from a position', async () => {
    const path = join(tempDir(), 'events.jsonl');
    writeFileSync(path, bytes);
    const whole = await collect(readJsonLinesFile(path));
    expect(whole).toEqual(await collect(splitJsonLines(chunked(bytes, []))));
    expect(whole.map((item) => (item.kind === 'record' ? (item.value as { n: number }).n : -1))).toEqual(lines.map((_, i) => i));
    const from = whole[1999]!.next;
    expect(await collect(readJsonLinesFile(path, from))).toEqual(whole.slice(2000));
  });

  it('stops cleanly when the reader stops early, with the next read already under way', async () => {
    const path = join(tempDir(), 'events.jsonl');
    writeFileSync(path, bytes);
    for (const stopAfter of [1, 900, 2999]) {
      let read = 0;
      for await (const item of readJsonLinesFile(path)) {
        expect(item.kind).toBe('record');
        if (++read === stopAfter) break;
      }
      expect(read).toBe(stopAfter);
    }
  });
});
