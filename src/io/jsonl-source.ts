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
  for await (const batch of readJsonLinesBatches(path, from)) yield* batch;
}

/** Splits a byte stream (e.g. stdin) into JSON Lines items; positions count from `from`. */
export async function* splitJsonLines(chunks: AsyncIterable<Uint8Array | string>, from: JsonLinesPosition = { offset: 0, line: 1 }): AsyncGenerator<JsonLinesItem> {
  for await (const batch of splitJsonLinesBatches(chunks, from)) yield* batch;
}

/**
 * {@link readJsonLinesFile} a chunk at a time: the items of every complete line in each 64 KiB
 * read. A consumer that loops over the batches pays one `await` per chunk instead of one per line.
 */
export async function* readJsonLinesBatches(path: string, from: JsonLinesPosition = { offset: 0, line: 1 }): AsyncGenerator<JsonLinesItem[]> {
  const file = await open(path, 'r');
  try {
    let offset = from.offset;
    // Each read is started before the chunk before it is handed on, so the file system works
    // (on libuv's threads) while the lines of the previous chunk are processed.
    const read = (): Promise<Buffer> => {
      const buffer = Buffer.allocUnsafe(CHUNK);
      const reading = file.read(buffer, 0, CHUNK, offset).then(({ bytesRead }) => buffer.subarray(0, bytesRead));
      // A read that fails while nobody awaits it yet (the lines before it are being processed)
      // must not count as an unhandled rejection, which ends the process: its error is thrown
      // where it is awaited.
      reading.catch(() => undefined);
      return reading;
    };
    const chunks = (async function* () {
      let next: Promise<Buffer> | null = read();
      try {
        for (;;) {
          const chunk: Buffer = await next;
          next = null;
          if (chunk.length === 0) return;
          offset += chunk.length;
          next = read();
          yield chunk;
        }
      } finally {
        // The reader stopped early: the read started for it is not wanted, nor its failure.
        await next?.catch(() => undefined);
      }
    })();
    yield* splitJsonLinesBatches(chunks, from);
  } finally {
    await file.close();
  }
}

/** {@link splitJsonLines} a chunk at a time (see {@link readJsonLinesBatches}). */
export async function* splitJsonLinesBatches(chunks: AsyncIterable<Uint8Array | string>, from: JsonLinesPosition = { offset: 0, line: 1 }): AsyncGenerator<JsonLinesItem[]> {
  const lines = new LineSplitter(from);
  let pending = Buffer.alloc(0);
  for await (const chunk of chunks) {
    pending = pending.length === 0 ? Buffer.from(chunk) : Buffer.concat([pending, Buffer.from(chunk)]);
    const end = pending.lastIndexOf(0x0a);
    if (end === -1) continue;
    const batch = lines.split(pending.subarray(0, end + 1));
    pending = pending.subarray(end + 1);
    if (batch.length > 0) yield batch;
  }
  if (pending.length > 0) {
    const last = lines.item(pending, pending.length);
    if (last !== null) yield [last];
  }
}

/** Turns blocks of complete lines into items, keeping count of byte offsets and line numbers. */
class LineSplitter {
  private offset: number;
  private line: number;

  constructor(from: JsonLinesPosition) {
    this.offset = from.offset;
    this.line = from.line;
  }

  /** The items of `block`, which ends with a newline. */
  split(block: Buffer): JsonLinesItem[] {
    const items: JsonLinesItem[] = [];
    let text: string | null;
    try {
      text = utf8.decode(block);
    } catch {
      text = null; // some line is not UTF-8: go line by line to find it
    }
    if (text !== null && text.length === block.length) {
      // All ASCII, the usual case: characters are bytes, so split the decoded text directly.
      let start = 0;
      for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
        const item = this.textItem(text.slice(start, end), end - start + 1);
        if (item !== null) items.push(item);
        start = end + 1;
      }
      return items;
    }
    let start = 0;
    for (let end = block.indexOf(0x0a, start); end !== -1; end = block.indexOf(0x0a, start)) {
      const item = this.item(block.subarray(start, end), end - start + 1);
      if (item !== null) items.push(item);
      start = end + 1;
    }
    return items;
  }

  /** One line's bytes (without its newline; `length` counts it): an item, or `null` for a blank line. */
  item(bytes: Buffer, length: number): JsonLinesItem | null {
    let text: string;
    try {
      text = utf8.decode(bytes);
    } catch {
      const line = this.line;
      return { kind: 'bad-line', text: bytes.toString('latin1'), reason: 'not valid UTF-8', line, next: this.advance(length) };
    }
    return this.textItem(text, length);
  }

  private textItem(text: string, length: number): JsonLinesItem | null {
    const number = this.line;
    const next = this.advance(length);
    try {
      // JSON.parse allows the whitespace around a value, a trailing \r included.
      return { kind: 'record', value: JSON.parse(text), line: number, next };
    } catch (error) {
      if (text.trim() === '') return null;
      // Report the line as the user sees it: without the \r of a CRLF ending (positions in the
      // message then refer to that text).
      const shown = text.endsWith('\r') ? text.slice(0, -1) : text;
      const reason = shown === text ? (error as Error).message : parseError(shown, error);
      return { kind: 'bad-line', text: shown, reason: `not JSON: ${reason}`, line: number, next };
    }
  }

  /** Moves past one line of `length` bytes; returns the position after it. */
  private advance(length: number): JsonLinesPosition {
    this.line++;
    this.offset += length;
    return { offset: this.offset, line: this.line };
  }
}

/** The message JSON.parse gives for `text` (the line without its \r), or `error`'s if it parses. */
function parseError(text: string, error: unknown): string {
  try {
    JSON.parse(text);
  } catch (again) {
    return (again as Error).message;
  }
  return (error as Error).message;
}
