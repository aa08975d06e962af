// Reads JSON Lines from a file (resumable at a byte offset) or any byte stream, one item per
// line, with the position after it, so a checkpoint can say exactly where to resume.
import { open } from 'node:fs/promises';

/** Where a JSON Lines source resumes: the byte offset of the next line and its line number. */
export interface JsonLinesPosition {
  readonly offset: number;
  readonly line: number;
}

/** One line read: a parsed record, or a line that is not JSON (with why). */
export type JsonLinesItem =
  | { readonly kind: 'record'; readonly value: unknown; readonly line: number; readonly next: JsonLinesPosition }
  | { readonly kind: 'bad-line'; readonly text: string; readonly reason: string; readonly line: number; readonly next: JsonLinesPosition };

const CHUNK = 1 << 16;

/** Decodes UTF-8 strictly: a line with invalid bytes is reported, not silently altered. */
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Reads a JSON Lines file from `from` (default the start). Blank lines are skipped. */
export async function* readJsonLinesFile(path: string, from: JsonLinesPosition = { offset: 0, line: 1 }): AsyncGenerator<JsonLinesItem> {
  const file = await open(path, 'r');
  try {
    let offset = from.offset;
    const chunks = (async function* () {
      const buffer = Buffer.allocUnsafe(CHUNK);
      for (;;) {
        const { bytesRead } = await file.read(buffer, 0, CHUNK, offset);
        if (bytesRead === 0) return;
        offset += bytesRead;
        yield Buffer.from(buffer.subarray(0, bytesRead));
      }
    })();
    yield* splitJsonLines(chunks, from);
  } finally {
    await file.close();
  }
}

/** Splits a byte stream (e.g. stdin) into JSON Lines items; positions count from `from`. */
export async function* splitJsonLines(chunks: AsyncIterable<Uint8Array | string>, from: JsonLinesPosition = { offset: 0, line: 1 }): AsyncGenerator<JsonLinesItem> {
  let pending = Buffer.alloc(0);
  let offset = from.offset;
  let line = from.line;
  const item = (bytes: Buffer, length: number): JsonLinesItem | null => {
    offset += length;
    const number = line++;
    const next = { offset, line };
    let text: string;
    try {
      text = utf8.decode(bytes).replace(/\r$/, '');
    } catch {
      return { kind: 'bad-line', text: bytes.toString('latin1'), reason: 'not valid UTF-8', line: number, next };
    }
    if (text.trim() === '') return null;
    try {
      return { kind: 'record', value: JSON.parse(text), line: number, next };
    } catch (error) {
      return { kind: 'bad-line', text, reason: `not JSON: ${(error as Error).message}`, line: number, next };
    }
  };
  for await (const chunk of chunks) {
    pending = pending.length === 0 ? Buffer.from(chunk) : Buffer.concat([pending, Buffer.from(chunk)]);
    let start = 0;
    for (let end = pending.indexOf(0x0a, start); end !== -1; end = pending.indexOf(0x0a, start)) {
      const parsed = item(pending.subarray(start, end), end - start + 1);
      if (parsed !== null) yield parsed;
      start = end + 1;
    }
    pending = pending.subarray(start);
  }
  if (pending.length > 0) {
    const parsed = item(pending, pending.length);
    if (parsed !== null) yield parsed;
  }
}
