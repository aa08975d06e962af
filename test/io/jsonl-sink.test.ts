// The JSON Lines file sink: a regular file is committed and cut back to a checkpoint's length; a
// file that cannot be cut back (here /dev/null) is written in order and says when a restore would
// repeat outputs; failures name the file.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { JsonLinesFileSink } from '../../src/io/jsonl-sink.js';
import { removeTempDirs, tempDir } from '../temp-dirs.js';

afterAll(removeTempDirs);

describe('JsonLinesFileSink', () => {
  it('on a regular file: starts it empty, commits lengths, and cuts back to one on rollback', () => {
    const path = join(tempDir(), 'out.jsonl');
    writeFileSync(path, 'left over from an earlier run\n');
    const sink = new JsonLinesFileSink<{ n: number }>(path);
    sink.write({ n: 1 });
    const committed = sink.commit();
    expect(committed).toEqual({ bytes: 8 });
    sink.write({ n: 2 });
    sink.flush();
    expect(readFileSync(path, 'utf8')).toBe('{"n":1}\n{"n":2}\n');
    sink.close();

    const resumed = new JsonLinesFileSink<{ n: number }>(path, undefined, { append: true });
    resumed.rollback(committed);
    resumed.write({ n: 3 });
    resumed.close();
    expect(readFileSync(path, 'utf8')).toBe('{"n":1}\n{"n":3}\n');
  });

  it('on a file that cannot be cut back: writes in order, and a rollback past the start says outputs repeat', () => {
    let repeats = 0;
    const sink = new JsonLinesFileSink<{ n: number }>('/dev/null', undefined, { append: true, onRepeat: () => repeats++ });
    sink.rollback(null);
    expect(repeats).toBe(0);
    sink.write({ n: 1 });
    expect(sink.commit()).toEqual({ bytes: 8 });
    sink.rollback({ bytes: 8 });
    expect(repeats).toBe(1);
    sink.close();
  });

  it('names the file when it cannot be opened', () => {
    const path = join(tempDir(), 'missing', 'out.jsonl');
    expect(() => new JsonLinesFileSink(path)).toThrow(`${path}: cannot open the output file: ENOENT`);
  });
});
