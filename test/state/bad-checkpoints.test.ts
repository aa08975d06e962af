// Checkpoints that cannot be used: each is refused with its own CheckpointError code and a
// message that names the problem, and the engine it was going to be restored into keeps exactly
// the state it had (same numbers, same outputs afterwards as a twin that was never touched).
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CepEngine, ManualClock, Pattern, type EngineOptions, type EngineOutput } from '../../src/index.js';
import { CheckpointError, type CheckpointErrorCode } from '../../src/state/checkpoint.js';
import { CHECKPOINT_MAGIC, decodeCheckpoint, encodeCheckpointSync } from '../../src/state/checkpoint-codec.js';
import type { RestoreOptions } from '../../src/state/restore-plan.js';
import { snapshotToCheckpointSync } from '../../src/state/snapshot.js';

interface Ev {
  ts: number;
  user: string;
  type: 'login' | 'fail' | 'buy';
}

const is = (type: Ev['type']) => (e: Ev) => e.type === type;
const ev = (ts: number, user: string, type: Ev['type']): Ev => ({ ts, user, type });

const failThenLogin = Pattern.begin<Ev>('fail').where(is('fail')).followedBy('login').where(is('login')).within(30);
const loginThenBuy = Pattern.begin<Ev>('login').where(is('login')).followedBy('buy').where(is('buy')).within(20);

const engineOptions = (patterns: EngineOptions<Ev>['patterns']): EngineOptions<Ev> => ({
  patterns,
  time: { mode: 'event', timestamp: 'ts', watermarks: 'source', clock: new ManualClock(1_000) },
});
const LOGIN_PATTERNS = [{ name: 'login', keyBy: 'user', pattern: failThenLogin }];
const SOURCE = 'checkpoint-0000000007.ckpt';

/** The checkpoint every test damages: two users with partial matches, one event buffered. */
function goodBytes(): Buffer {
  const engine = new CepEngine<Ev>(engineOptions(LOGIN_PATTERNS));
  [ev(1, 'ann', 'fail'), ev(2, 'bob', 'fail'), ev(3, 'ann', 'fail'), ev(9, 'cy', 'fail')].forEach((e) => engine.push(e));
  engine.advanceWatermark(5);
  return encodeCheckpointSync(snapshotToCheckpointSync(engine.captureSnapshot({ offset: 4 })));
}

/** The engine a restore is attempted into: it has a history of its own, which must survive. */
function targetEngine(patterns: EngineOptions<Ev>['patterns'] = LOGIN_PATTERNS): CepEngine<Ev> {
  const engine = new CepEngine<Ev>(engineOptions(patterns));
  [ev(100, 'dan', 'fail'), ev(101, 'dan', 'login'), ev(102, 'eve', 'fail'), ev(104, 'eve', 'login'), ev(103, 'fay', 'fail'), ev(120, 'gus', 'fail')].forEach((e) =>
    engine.push(e),
  );
  engine.advanceWatermark(103);
  return engine;
}

function observe(engine: CepEngine<Ev>) {
  return { watermark: engine.watermark, partialMatches: engine.partialMatches, liveKeys: engine.liveKeys, bufferedEvents: engine.bufferedEvents, stats: engine.stats };
}

const rest = (engine: CepEngine<Ev>): EngineOutput<Ev>[] => [...engine.push(ev(110, 'fay', 'login')), ...engine.push(ev(111, 'hal', 'fail')), ...engine.flush()];

/**
 * Tries `bytes` → decode → restore into an engine with its own history and returns the error.
 * Asserts the engine is untouched: same numbers as before, and the same outputs from then on as
 * an identical engine that no one tried to restore into.
 */
function refused(bytes: Uint8Array, options: RestoreOptions = {}, patterns: EngineOptions<Ev>['patterns'] = LOGIN_PATTERNS): CheckpointError {
  const target = targetEngine(patterns);
  const before = observe(target);
  expect(before.partialMatches).toBeGreaterThan(0);
  let error: unknown = null;
  try {
    target.restore(decodeCheckpoint(bytes, SOURCE), { source: SOURCE, ...options });
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(CheckpointError);
  expect(observe(target)).toEqual(before);
  expect(rest(target)).toEqual(rest(targetEngine(patterns)));
  return error as CheckpointError;
}

function expectRefused(bytes: Uint8Array, code: CheckpointErrorCode, message: RegExp | string, options: RestoreOptions = {}): void {
  const error = refused(bytes, options);
  expect({ code: error.code, message: error.message }).toEqual({ code, message: typeof message === 'string' ? message : expect.stringMatching(message) });
}

/** The three parts of an encoded checkpoint. */
function split(bytes: Buffer): { magic: string; header: Record<string, unknown>; headerText: string; body: Buffer; headerStart: number; bodyStart: number } {
  const magicEnd = bytes.indexOf(0x0a);
  const headerEnd = bytes.indexOf(0x0a, magicEnd + 1);
  const headerText = bytes.subarray(magicEnd + 1, headerEnd).toString('utf8');
  return { magic: bytes.subarray(0, magicEnd).toString('utf8'), header: JSON.parse(headerText), headerText, body: bytes.subarray(headerEnd + 1), headerStart: magicEnd + 1, bodyStart: headerEnd + 1 };
}

/**
 * A header with a valid checksum for `body`, as a writer would make it: SHA-256 over the header
 * line without its checksum, a newline, and the SHA-256 of the body.
 */
function sealed(header: Record<string, unknown>, body: string): Record<string, unknown> {
  const { sha256: _old, ...covered } = header;
  const bodyDigest = createHash('sha256').update(body).digest();
  return { ...covered, sha256: createHash('sha256').update(`${JSON.stringify(covered)}\n`).update(bodyDigest).digest('hex') };
}

function join(header: unknown, body: Buffer | string): Buffer {
  return Buffer.concat([Buffer.from(`${CHECKPOINT_MAGIC}\n${JSON.stringify(header)}\n`), Buffer.from(body)]);
}

function flipped(bytes: Buffer, at: number, mask = 0x01): Buffer {
  const copy = Buffer.from(bytes);
  copy[at] = copy[at]! ^ mask;
  return copy;
}

describe('a good checkpoint, for reference', () => {
  it('restores into the target engine, replacing its state', () => {
    const target = targetEngine();
    target.restore(decodeCheckpoint(goodBytes(), SOURCE));
    expect(observe(target)).toMatchObject({ watermark: 5, partialMatches: 3, liveKeys: 2, bufferedEvents: 1 });
  });
});

describe('truncated checkpoints', () => {
  const bytes = goodBytes();
  const { headerStart, bodyStart } = split(bytes);

  it('is reported as truncated at every cut point, naming where it stops', () => {
    for (let cut = 0; cut < bytes.length; cut++) {
      let expected: string;
      if (cut < headerStart) expected = `${SOURCE}: checkpoint is truncated after ${cut} bytes`;
      else if (cut < bodyStart) expected = `${SOURCE}: checkpoint is truncated inside its header`;
      else expected = `${SOURCE}: checkpoint is truncated: the header announces ${bytes.length - bodyStart} body bytes, ${cut - bodyStart} are present`;
      let error: unknown = null;
      try {
        decodeCheckpoint(bytes.subarray(0, cut), SOURCE);
      } catch (caught) {
        error = caught;
      }
      expect(error, `cut at ${cut}`).toBeInstanceOf(CheckpointError);
      expect({ cut, code: (error as CheckpointError).code, message: (error as CheckpointError).message }).toEqual({ cut, code: 'truncated', message: expected });
    }
  });

  it('leaves the engine untouched, whether cut inside the magic line, the header or the body', () => {
    for (const cut of [1, headerStart - 1, headerStart + 5, bodyStart - 1, bodyStart, bodyStart + 7, bytes.length - 1]) {
      expect(refused(bytes.subarray(0, cut)).code).toBe('truncated');
    }
  });

  it('an empty file is a checkpoint cut before its first byte', () => {
    expectRefused(Buffer.alloc(0), 'truncated', `${SOURCE}: checkpoint is truncated after 0 bytes`);
  });
});

describe('corrupted checkpoints', () => {
  const bytes = goodBytes();
  const { bodyStart, headerStart, headerText, header, body } = split(bytes);

  it('one flipped bit anywhere in the body fails the checksum', () => {
    for (let at = bodyStart; at < bytes.length; at++) {
      for (const mask of [0x01, 0x80]) {
        let error: unknown = null;
        try {
          decodeCheckpoint(flipped(bytes, at, mask));
        } catch (caught) {
          error = caught;
        }
        expect((error as CheckpointError | null)?.code, `byte ${at} ^ ${mask}`).toBe('checksum');
      }
    }
    expectRefused(flipped(bytes, bodyStart + 10), 'checksum', /^checkpoint-0000000007\.ckpt: checkpoint is corrupted: its SHA-256 is [0-9a-f]{12}…, the header says [0-9a-f]{12}…$/);
  });

  it('a flipped byte that breaks the header JSON is reported as a corrupt header', () => {
    expectRefused(flipped(bytes, headerStart, 0x01), 'corrupt', /checkpoint header is not valid JSON: /); // '{' becomes 'z'
    const quote = headerStart + headerText.indexOf('"sha256"');
    expectRefused(flipped(bytes, quote), 'corrupt', /checkpoint header is not valid JSON/);
  });

  it('a flipped byte inside a header value is caught by what that value guards', () => {
    const shaDigit = headerStart + headerText.indexOf(String(header.sha256)) + 3;
    expectRefused(flipped(bytes, shaDigit, 0x01), 'checksum', /its SHA-256 is .*, the header says/);
    // bodyBytes grows: the body now looks cut short.
    // (Its first digit raised by one, or a digit added when it is a 9.)
    const bodyBytesText = `"bodyBytes":${body.length}`;
    const lengthDigit = headerStart + headerText.indexOf(bodyBytesText) + '"bodyBytes":'.length;
    const first = String(body.length)[0]!;
    const announced = first === '9' ? `1${body.length}` : `${Number(first) + 1}${String(body.length).slice(1)}`;
    const damaged = Buffer.concat([bytes.subarray(0, lengthDigit), Buffer.from(announced), bytes.subarray(lengthDigit + String(body.length).length)]);
    expectRefused(damaged, 'truncated', `${SOURCE}: checkpoint is truncated: the header announces ${announced} body bytes, ${body.length} are present`);
    const format = headerStart + headerText.indexOf('cepheus-checkpoint') + 2;
    expectRefused(flipped(bytes, format), 'corrupt', 'checkpoint-0000000007.ckpt: checkpoint header lacks format, version, bodyBytes or sha256');
  });

  // Regression: `position` (and `createdAt`) live only in the header, so the checksum must cover
  // it; otherwise a flipped digit would silently change where the source resumes.
  it('a flipped digit in the header position is detected', () => {
    const digit = headerStart + headerText.indexOf('"offset":4') + '"offset":'.length;
    const damaged = flipped(bytes, digit); // 4 becomes 5
    expect(() => decodeCheckpoint(damaged)).toThrow(CheckpointError);
  });

  it('a body that is not JSON, with a matching checksum and length, is corrupt', () => {
    const bad = '{"time":{"watermark":5,';
    const forged = join(sealed({ ...header, bodyBytes: Buffer.byteLength(bad) }, bad), bad);
    expectRefused(forged, 'corrupt', /checkpoint body is not valid JSON: /);
  });

  it('a body whose references point nowhere is corrupt, and nothing is restored', () => {
    const data = decodeCheckpoint(bytes);
    const noEvents = encodeCheckpointSync({ ...data, events: [] });
    expectRefused(noEvents, 'corrupt', /checkpoint node 0 refers to a missing event or node/);
    const [pattern] = data.patterns;
    const ghostState = encodeCheckpointSync({
      ...data,
      patterns: [{ ...pattern!, keys: [{ key: 'ann', nextSeq: 9, runs: [['no-such-state', -1, 1, 0]], held: [] }] }],
    });
    expectRefused(ghostState, 'corrupt', "checkpoint-0000000007.ckpt: pattern 'login' has no state 'no-such-state'");
    // The buffer's references are checked as the nodes' are: a dangling one would surface later
    // as an error about an undefined record, far from the checkpoint.
    const ghostBuffered = encodeCheckpointSync({ ...data, buffer: [[9, 3, data.events.length]] });
    expectRefused(ghostBuffered, 'corrupt', `${SOURCE}: checkpoint buffer entry 0 refers to a missing event`);
  });

  it('a body whose columns disagree in length is corrupt, naming the columns', () => {
    type Columns = { nodes: Record<string, number[]>; buffer: Record<string, number[]>; patterns: Record<string, number[]>[] };
    const reforged = (change: (columns: Columns) => void): Buffer => {
      const columns = JSON.parse(body.toString('utf8')) as Columns;
      change(columns);
      const text = JSON.stringify(columns);
      return join(sealed({ ...header, bodyBytes: Buffer.byteLength(text) }, text), text);
    };
    const nodeCount = JSON.parse(body.toString('utf8')).nodes.step.length as number;
    expect(nodeCount).toBeGreaterThan(0);
    expectRefused(
      reforged((columns) => columns.nodes['seq']!.pop()),
      'corrupt',
      `${SOURCE}: checkpoint body's columns disagree: nodes column 'seq' has ${nodeCount - 1} values, 'step' ${nodeCount}`,
    );
    // A short line column would otherwise lose the input lines of the last buffered records.
    expectRefused(
      reforged((columns) => (columns.buffer = { timestamp: [5, 6], arrival: [0, 1], event: [0, 0], line: [3] })),
      'corrupt',
      `${SOURCE}: checkpoint body's columns disagree: buffer column 'line' has 1 values, 'timestamp' 2`,
    );
    expect(() => decodeCheckpoint(reforged((columns) => (columns.buffer = { timestamp: [5, 6], arrival: [0, 1], event: [0, 0], line: [3, 0] })))).not.toThrow();
    expectRefused(
      reforged((columns) => columns.patterns[0]!['runs']!.push(0)),
      'corrupt',
      /^checkpoint-0000000007\.ckpt: checkpoint body's columns disagree: pattern 'login' key column 'runs' has \d+ values, 'keys' \d+$/,
    );
    expectRefused(
      reforged((columns) => (columns.patterns[0]!['runs']![0]! += 1)),
      'corrupt',
      /^checkpoint-0000000007\.ckpt: checkpoint body's columns disagree: pattern 'login': its keys count \d+ runs and held matches, its run columns hold \d+$/,
    );
  });

  it('a body that is JSON with a matching checksum but not a checkpoint is corrupt', () => {
    const forged = join(sealed({ ...header, bodyBytes: 2 }, '{}'), '{}');
    expect(refused(forged)).toMatchObject({ code: 'corrupt', message: expect.stringMatching(/^checkpoint-0000000007\.ckpt: checkpoint body /) });
  });
});

describe('files that are not checkpoints', () => {
  it('a JSON Lines input file, a gzipped checkpoint, a text file', () => {
    const notOurs = `${SOURCE}: not a Cepheus checkpoint (it does not start with "CEPHEUS-CHECKPOINT")`;
    expectRefused(Buffer.from('{"ts":1,"user":"ann","type":"fail"}\n{"ts":2,"user":"ann","type":"login"}\n'), 'not-a-checkpoint', notOurs);
    expectRefused(gzipSync(goodBytes()), 'not-a-checkpoint', notOurs);
    expectRefused(Buffer.from('CEPHEUS-CHECKPOINTS are great\n'), 'not-a-checkpoint', notOurs);
    expectRefused(flipped(goodBytes(), 0, 0x20), 'not-a-checkpoint', notOurs); // 'cEPHEUS-…'
  });

  it('random bytes are never taken for a checkpoint', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const isMagicPrefix = bytes.length <= CHECKPOINT_MAGIC.length && Buffer.from(CHECKPOINT_MAGIC).subarray(0, bytes.length).equals(Buffer.from(bytes));
        fc.pre(!isMagicPrefix);
        expect(() => decodeCheckpoint(bytes)).toThrow(expect.objectContaining({ code: 'not-a-checkpoint' }));
      }),
      { numRuns: 300, seed: 99 },
    );
  });
});

describe('format versions', () => {
  const { header, body } = split(goodBytes());

  it('a newer format version is refused with the versions and what to do', () => {
    expectRefused(
      join({ ...header, version: 2 }, body),
      'version',
      `${SOURCE}: checkpoint format version 2 is newer than this Cepheus reads (1); upgrade Cepheus to restore it`,
    );
  });

  it('a version that never existed is refused', () => {
    expectRefused(join({ ...header, version: 0 }, body), 'version', `${SOURCE}: checkpoint format version 0 does not exist`);
  });

  it('the current version, re-assembled by hand, still restores (the forging above is faithful)', () => {
    const target = targetEngine();
    target.restore(decodeCheckpoint(join(header, body)));
    expect(target.watermark).toBe(5);
  });
});

describe('checkpoints from before key fingerprints were recorded', () => {
  const { header, body } = split(goodBytes());
  /** The good checkpoint as an older Cepheus wrote it: the same body without the key fingerprint, sealed again. */
  const withoutKey = body.toString('utf8').replace(/,"keyFingerprint":"[0-9a-f]+"/, '');
  const oldBytes = join(sealed({ ...header, bodyBytes: Buffer.byteLength(withoutKey) }, withoutKey), withoutKey);

  it('decode without the field and restore, whatever the pattern is keyed by now', () => {
    expect(withoutKey).not.toBe(body.toString('utf8'));
    const data = decodeCheckpoint(oldBytes, SOURCE);
    expect(data.patterns.map((pattern) => 'keyFingerprint' in pattern)).toEqual([false]);
    const target = targetEngine([{ name: 'login', keyBy: (e: Ev) => e.type, pattern: failThenLogin }]);
    expect(target.restore(data)).toEqual([]);
    expect(observe(target)).toMatchObject({ watermark: 5, partialMatches: 3, liveKeys: 2, bufferedEvents: 1 });
  });

  it('a key fingerprint that is not text is corrupt', () => {
    const bad = body.toString('utf8').replace(/"keyFingerprint":"[0-9a-f]+"/, '"keyFingerprint":7');
    expectRefused(join(sealed({ ...header, bodyBytes: Buffer.byteLength(bad) }, bad), bad), 'corrupt', `${SOURCE}: checkpoint body lacks the columns of format version 1`);
  });
});

describe('a checkpoint of a pattern keyed differently', () => {
  it('is refused, naming the pattern and the option, and the engine keeps its state', () => {
    const error = refused(goodBytes(), {}, [{ name: 'login', keyBy: (e: Ev) => e.type, pattern: failThenLogin }]);
    expect({ code: error.code, message: error.message }).toEqual({
      code: 'key-changed',
      message: `${SOURCE}: pattern 'login': its key changed since the checkpoint (it holds 3 partial matches keyed the old way); restore with { dropIncompatible: true } to drop them, or keep the old key until they have finished`,
    });
  });
});

describe('a checkpoint of another pattern', () => {
  const SHOP_PATTERNS = [{ name: 'shop', keyBy: 'user', pattern: loginThenBuy }];

  it('is refused, naming the pattern it holds, the ones the engine runs, and the option', () => {
    const error = refused(goodBytes(), {}, SHOP_PATTERNS);
    expect(error.code).toBe('unknown-pattern');
    expect(error.message).toBe(
      `${SOURCE}: the checkpoint holds 3 partial matches of pattern 'login', which the engine does not run (it runs 'shop'); run that pattern too, or restore with { dropUnknownPatterns: true } to drop them`,
    );
  });

  it('with dropUnknownPatterns restores everything else and reports what was dropped', () => {
    const target = targetEngine(SHOP_PATTERNS);
    const dropped = target.restore(decodeCheckpoint(goodBytes(), SOURCE), { dropUnknownPatterns: true });
    expect(dropped).toEqual([{ pattern: 'login', partialMatches: 3, reason: 'the engine no longer runs this pattern' }]);
    // The checkpoint's time and buffer replace the engine's; no partial match is left.
    expect(observe(target)).toMatchObject({ watermark: 5, partialMatches: 0, liveKeys: 0, bufferedEvents: 1 });
    expect(target.push(ev(6, 'ann', 'login'))).toEqual([]);
    expect(target.flush().filter((o) => o.kind !== 'timeout')).toEqual([]);
  });

  it('an unknown pattern without partial matches is nothing to drop', () => {
    const engine = new CepEngine<Ev>(engineOptions(LOGIN_PATTERNS));
    engine.push(ev(1, 'ann', 'buy'));
    engine.advanceWatermark(5);
    const target = targetEngine(SHOP_PATTERNS);
    expect(target.restore(decodeCheckpoint(encodeCheckpointSync(snapshotToCheckpointSync(engine.captureSnapshot()))))).toEqual([]);
    expect(observe(target)).toMatchObject({ watermark: 5, partialMatches: 0 });
  });
});

describe('what is not checkpoint data at all', () => {
  const notData = (data: unknown): CheckpointError => {
    const target = targetEngine();
    const before = observe(target);
    let error: unknown = null;
    try {
      target.restore(data as never, { source: SOURCE });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(CheckpointError);
    expect(observe(target)).toEqual(before);
    return error as CheckpointError;
  };

  it('its bytes, undecoded, are refused with what to do', () => {
    expect(notData(goodBytes())).toMatchObject({
      code: 'not-a-checkpoint',
      message: `${SOURCE}: restore() takes decoded checkpoint data, not its bytes or text: decode them with decodeCheckpoint() first`,
    });
    expect(notData(goodBytes().toString('utf8')).code).toBe('not-a-checkpoint');
  });

  it('another object is refused, naming what it lacks', () => {
    expect(notData({})).toMatchObject({
      code: 'not-a-checkpoint',
      message: `${SOURCE}: restore() was given something that is not checkpoint data (it lacks patterns, events, nodes, buffer, stats, time); pass what decodeCheckpoint() or a checkpoint store returns`,
    });
    expect(notData(null).message).toContain('it lacks an object');
    const { time: _time, ...timeless } = decodeCheckpoint(goodBytes());
    expect(notData(timeless).message).toContain('(it lacks time)');
  });
});

describe('state that JSON cannot write', () => {
  const engineWith = (event: object): CepEngine<Ev> => {
    const engine = new CepEngine<Ev>(engineOptions(LOGIN_PATTERNS));
    engine.push(ev(1, 'ann', 'fail'));
    engine.push({ ...ev(2, 'bob', 'fail'), ...event } as Ev);
    engine.advanceWatermark(5);
    return engine;
  };
  const encodingError = (engine: CepEngine<Ev>, position: unknown = null): CheckpointError => {
    let error: unknown = null;
    try {
      encodeCheckpointSync(snapshotToCheckpointSync(engine.captureSnapshot(position)));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(CheckpointError);
    return error as CheckpointError;
  };

  it('an event holding a bigint is refused, naming the event and what a checkpoint can hold', () => {
    expect(encodingError(engineWith({ amount: 12n }))).toMatchObject({
      code: 'unencodable',
      message:
        "the checkpoint cannot be written: event 1, { ts: 2, user: 'bob', type: 'fail', amount: 12n } is not JSON data (Do not know how to serialize a BigInt); a checkpoint keeps events, keys and positions as JSON, so they must hold no bigint values or circular references",
    });
  });

  it('an event with a circular reference, or a position JSON cannot write, is refused the same way', () => {
    const circular: Record<string, unknown> = { note: 'loop' };
    circular['self'] = circular;
    expect(encodingError(engineWith({ extra: circular })).message).toMatch(/^the checkpoint cannot be written: event 1, .* is not JSON data \(Converting circular structure to JSON/);
    expect(encodingError(engineWith({}), { offset: 3n }).message).toMatch(/^the checkpoint cannot be written: the source position is not JSON data/);
  });
});
