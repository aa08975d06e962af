// The file reader starts each read before the lines of the chunk before it are processed. A read
// that fails meanwhile must surface where the reader awaits it, as the error it is, not as an
// unhandled rejection (which would end the process before anything could report it).
import { describe, expect, it, vi } from 'vitest';

const failure = Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO' });

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...actual,
    // A file whose first read gives two lines and whose second read fails at once.
    open: vi.fn(async () => {
      let reads = 0;
      return {
        read: (buffer: Buffer) => {
          reads++;
          if (reads > 1) return Promise.reject(failure);
          const bytes = Buffer.from('{"n":1}\n{"n":2}\n');
          bytes.copy(buffer);
          return Promise.resolve({ bytesRead: bytes.length, buffer });
        },
        close: vi.fn(async () => {}),
      };
    }),
  };
});

describe('readJsonLinesFile when a read fails', () => {
  it('throws the read error where the next chunk is awaited, after the lines read before it', async () => {
    const { readJsonLinesFile } = await import('../../src/io/jsonl-source.js');
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    const seen: unknown[] = [];
    try {
      await expect(
        (async () => {
          for await (const item of readJsonLinesFile('events.jsonl')) {
            seen.push(item.kind === 'record' ? item.value : item.kind);
            // Time for the failed read to settle while no one awaits it.
            await new Promise((resolve) => setTimeout(resolve, 20));
          }
        })(),
      ).rejects.toBe(failure);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    expect(seen).toEqual([{ n: 1 }, { n: 2 }]);
    expect(unhandled).toEqual([]);
  });
});
