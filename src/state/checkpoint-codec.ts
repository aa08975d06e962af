// Checkpoint bytes: a magic line, a JSON header line (version, body length, SHA-256, summary),
// then the JSON body. Truncation, corruption and foreign files are each told apart on read.
import { createHash } from 'node:crypto';
import { inspect } from 'node:util';
import { CHECKPOINT_VERSION, CheckpointError, type CheckpointData, type CheckpointKey, type CheckpointNode, type CheckpointPattern, type CheckpointRun } from './checkpoint.js';
import { bufferEntry, dataToColumns, decodedPattern, type CheckpointColumns, type PatternColumns } from './checkpoint-columns.js';
import { Column, NumberColumn } from './column.js';
import type { Key } from '../runtime/record-fields.js';
import { runAtOnce, runSliced, snapshotToColumns, type EngineSnapshot } from './snapshot.js';
import { BodyWriter } from './body-writer.js';
import { EncodedCheckpoint } from './encoded-checkpoint.js';

/** First line of every checkpoint file. */
export const CHECKPOINT_MAGIC = 'CEPHEUS-CHECKPOINT';

/** What the header line says, readable without parsing the body. */
export interface CheckpointHeader {
  readonly format: 'cepheus-checkpoint';
  readonly version: number;
  readonly createdAt: string;
  readonly bodyBytes: number;
  readonly sha256: string;
  readonly position: unknown;
  readonly patterns: readonly { readonly name: string; readonly fingerprint: string; readonly keys: number; readonly partialMatches: number }[];
}

/**
 * Encodes a live snapshot straight to bytes. Work is done in slices; between slices the encoder
 * yields to the event loop once `yieldEveryMs` (default 3) has passed, so event processing goes on
 * while a large checkpoint is written.
 */
export async function encodeSnapshot<E>(snapshot: EngineSnapshot<E>, options: { yieldEveryMs?: number } = {}): Promise<Buffer> {
  const columns = await snapshotToColumns(snapshot, options);
  return runSliced(encodeColumns(columns), options.yieldEveryMs, 1);
}

/**
 * Encodes a live snapshot to pieces of text, in slices like {@link encodeSnapshot}: the fast path
 * of periodic checkpoints, for stores that write text (`CheckpointStore.saveEncoded`).
 */
export async function encodeSnapshotAsText<E>(snapshot: EngineSnapshot<E>, options: { yieldEveryMs?: number } = {}): Promise<EncodedCheckpoint> {
  const columns = await snapshotToColumns(snapshot, options);
  return runSliced(encodeColumnsAsText(columns), options.yieldEveryMs, 1);
}

/** Encodes decoded checkpoint data (e.g. after editing it), in slices like {@link encodeSnapshot}. */
export async function encodeCheckpoint(data: CheckpointData, options: { yieldEveryMs?: number } = {}): Promise<Buffer> {
  return runSliced(encodeColumns(dataToColumns(data)), options.yieldEveryMs, 1);
}

/** Encodes a checkpoint in one go (for small states and tests). */
export function encodeCheckpointSync(data: CheckpointData): Buffer {
  return runAtOnce(encodeColumns(dataToColumns(data)));
}

/**
 * Columns → text, pausable after every piece: the body is laid out (events and keys as JSON
 * text), made text, measured and hashed, and the header that announces it is written.
 */
function* encodeColumnsAsText(columns: CheckpointColumns): Generator<void, EncodedCheckpoint> {
  const body = new BodyWriter();
  yield* layOutBody(columns, body);
  const { length, sha256 } = yield* body.prepare();
  const covered = headerFields(columns, length);
  const head = headText(covered, checksum(JSON.stringify(covered), sha256));
  return new EncodedCheckpoint(head, body, Buffer.byteLength(head, 'utf8') + length);
}

/** Columns → bytes: the text, then copied into the checkpoint's buffer, pausable after every piece. */
function* encodeColumns(columns: CheckpointColumns): Generator<void, Buffer> {
  const encoded = yield* encodeColumnsAsText(columns);
  const bytes = Buffer.allocUnsafe(encoded.byteLength);
  yield* encoded.copyInto(bytes);
  return bytes;
}

function headText(covered: Omit<CheckpointHeader, 'sha256'>, sha256: string): string {
  return `${CHECKPOINT_MAGIC}\n${JSON.stringify({ ...covered, sha256 })}\n`;
}

/** Reads only the header (cheap: for listings). Throws {@link CheckpointError}. */
export function readCheckpointHeader(bytes: Uint8Array, source?: string): CheckpointHeader {
  return splitCheckpoint(bytes, source).header;
}

/**
 * Decodes and verifies a checkpoint: magic line, header, version, body length (truncation) and
 * checksum (corruption). Throws {@link CheckpointError} naming what is wrong.
 */
export function decodeCheckpoint(bytes: Uint8Array, source?: string): CheckpointData {
  const { header, body } = verifiedParts(bytes, source);
  let parsed: ParsedBody;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new CheckpointError('corrupt', `checkpoint body is not valid JSON: ${(error as Error).message}`, source);
  }
  if (!isColumns(parsed)) throw new CheckpointError('corrupt', 'checkpoint body lacks the columns of format version 1', source);
  const mismatch = columnLengthMismatch(parsed);
  if (mismatch !== null) throw new CheckpointError('corrupt', `checkpoint body's columns disagree: ${mismatch}`, source);
  return bodyToData(parsed, header);
}

/**
 * Reads the header and checks what it announces of the body (its length: truncation, and its
 * checksum: corruption) without parsing the body: for listings that must not show a damaged
 * checkpoint as sound. Throws {@link CheckpointError}.
 */
export function verifyCheckpoint(bytes: Uint8Array, source?: string): CheckpointHeader {
  return verifiedParts(bytes, source).header;
}

function verifiedParts(bytes: Uint8Array, source?: string): { header: CheckpointHeader; body: Buffer } {
  const { header, body } = splitCheckpoint(bytes, source);
  if (body.length < header.bodyBytes) {
    throw new CheckpointError('truncated', `checkpoint is truncated: the header announces ${header.bodyBytes} body bytes, ${body.length} are present`, source);
  }
  if (body.length > header.bodyBytes) {
    throw new CheckpointError('corrupt', `checkpoint has ${body.length - header.bodyBytes} bytes more than its header announces (${header.bodyBytes})`, source);
  }
  const { sha256: _announced, ...covered } = header;
  const digest = checksum(JSON.stringify(covered), createHash('sha256').update(body).digest());
  if (digest !== header.sha256) {
    throw new CheckpointError('checksum', `checkpoint is corrupted: its SHA-256 is ${digest.slice(0, 12)}…, the header says ${header.sha256.slice(0, 12)}…`, source);
  }
  return { header, body };
}

function splitCheckpoint(bytes: Uint8Array, source?: string): { header: CheckpointHeader; body: Buffer } {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magicEnd = buffer.indexOf(0x0a);
  if (magicEnd === -1 || buffer.subarray(0, magicEnd).toString('utf8') !== CHECKPOINT_MAGIC) {
    if (buffer.length < CHECKPOINT_MAGIC.length + 1 && Buffer.from(CHECKPOINT_MAGIC).subarray(0, buffer.length).equals(buffer)) {
      throw new CheckpointError('truncated', `checkpoint is truncated after ${buffer.length} bytes`, source);
    }
    throw new CheckpointError('not-a-checkpoint', `not a Cepheus checkpoint (it does not start with "${CHECKPOINT_MAGIC}")`, source);
  }
  const headerEnd = buffer.indexOf(0x0a, magicEnd + 1);
  if (headerEnd === -1) throw new CheckpointError('truncated', 'checkpoint is truncated inside its header', source);
  let header: CheckpointHeader;
  try {
    header = JSON.parse(buffer.subarray(magicEnd + 1, headerEnd).toString('utf8'));
  } catch (error) {
    throw new CheckpointError('corrupt', `checkpoint header is not valid JSON: ${(error as Error).message}`, source);
  }
  if (header.format !== 'cepheus-checkpoint' || typeof header.version !== 'number' || typeof header.bodyBytes !== 'number' || typeof header.sha256 !== 'string') {
    throw new CheckpointError('corrupt', 'checkpoint header lacks format, version, bodyBytes or sha256', source);
  }
  if (header.version > CHECKPOINT_VERSION) {
    throw new CheckpointError('version', `checkpoint format version ${header.version} is newer than this Cepheus reads (${CHECKPOINT_VERSION}); upgrade Cepheus to restore it`, source);
  }
  if (header.version < 1) throw new CheckpointError('version', `checkpoint format version ${header.version} does not exist`, source);
  return { header, body: buffer.subarray(headerEnd + 1) };
}

/** SHA-256 over the header line (without its checksum), a newline, and the body's SHA-256. */
function checksum(coveredHeader: string, bodyDigest: Buffer): string {
  return createHash('sha256').update(`${coveredHeader}\n`).update(bodyDigest).digest('hex');
}

/** Every header field but the checksum, which covers them and the body. */
function headerFields(data: CheckpointColumns, bodyBytes: number): Omit<CheckpointHeader, 'sha256'> {
  // The checksum covers the header (all of it but the checksum) and the body, so a changed
  // source position or creation time is caught like a changed byte of state.
  return {
    format: 'cepheus-checkpoint',
    version: CHECKPOINT_VERSION,
    createdAt: data.createdAt,
    bodyBytes,
    position: writableAs(data.position ?? null, 'the source position'),
    patterns: data.patterns.map((pattern) => ({
      name: pattern.name,
      fingerprint: pattern.fingerprint,
      keys: pattern.keys.length,
      partialMatches: pattern.state.length,
    })),
  };
}

/** JSON values (events, keys) per piece of text: large pieces, for the reason given in body-writer.ts. */
const VALUES_PER_PIECE = 8192;

/** Lays out the body JSON, turning events and keys into text in pieces (pausable between them). */
function* layOutBody(columns: CheckpointColumns, out: BodyWriter): Generator<void> {
  out.text(`{"time":${JSON.stringify(columns.time)},"stats":${JSON.stringify(columns.stats)},"sinks":${jsonOf(columns.sinks, 'the sinks\' positions')},"strings":${JSON.stringify(columns.strings)},"events":`);
  yield* layOutValues(columns.events, out, 'event');
  out.text(',"nodes":');
  layOutObjectOfColumns(columns.nodes, out);
  out.text(',"buffer":');
  layOutObjectOfColumns(columns.buffer, out);
  out.text(',"patterns":[');
  for (let p = 0; p < columns.patterns.length; p++) {
    const { name, fingerprint, steps, keyFingerprint, keys, ...rest } = columns.patterns[p]!;
    // Written only when known: data decoded from an older checkpoint has none, and gets none.
    const key = keyFingerprint === undefined ? '' : `,"keyFingerprint":${JSON.stringify(keyFingerprint)}`;
    out.text(`${p === 0 ? '' : ','}{"name":${JSON.stringify(name)},"fingerprint":${JSON.stringify(fingerprint)},"steps":${JSON.stringify(steps)}${key},"keys":`);
    yield* layOutValues(keys, out, `key of pattern '${name}'`);
    for (const [column, values] of Object.entries(rest)) {
      out.text(`,${JSON.stringify(column)}:[`);
      out.numbers(values as NumberColumn);
      out.text(']');
    }
    out.text('}');
  }
  out.text(']}');
}

function layOutObjectOfColumns(columns: object, out: BodyWriter): void {
  let first = true;
  for (const [column, values] of Object.entries(columns) as [string, NumberColumn][]) {
    out.text(`${first ? '{' : ','}${JSON.stringify(column)}:[`);
    first = false;
    out.numbers(values);
    out.text(']');
  }
  out.text('}');
}

/** A column of JSON values as a JSON array, made text in pieces; `what` names one value in errors. */
function* layOutValues(column: Column<unknown>, out: BodyWriter, what: string): Generator<void> {
  out.text('[');
  let first = true;
  let index = 0;
  for (const values of column.slices(VALUES_PER_PIECE)) {
    if (!first) out.text(',');
    out.text(jsonOfValues(values, index, what));
    index += values.length;
    first = false;
    yield;
  }
  out.text(']');
}

/**
 * `values` as the inside of a JSON array. A value JSON cannot write (a bigint, a cycle) is refused
 * by name: the error of `JSON.stringify` alone says neither which value nor what to do.
 */
function jsonOfValues(values: readonly unknown[], firstIndex: number, what: string): string {
  try {
    return JSON.stringify(values).slice(1, -1);
  } catch {
    // Only now, on the way to an error, is each value tried alone to find the one at fault.
    const at = values.findIndex((value) => jsonError(value) !== null);
    throw unencodable(`${what} ${firstIndex + at}, ${describe(values[at])}`, jsonError(values[at])!);
  }
}

/** `value` as JSON text, or a CheckpointError naming `what` when JSON cannot write it. */
function jsonOf(value: unknown, what: string): string {
  try {
    return JSON.stringify(value);
  } catch (error) {
    throw unencodable(what, reasonOf(error));
  }
}

/** `value` itself, once JSON has written it (a CheckpointError naming `what` otherwise). */
function writableAs<T>(value: T, what: string): T {
  jsonOf(value, what);
  return value;
}

/** Why JSON cannot write `value`, or `null` when it can. */
function jsonError(value: unknown): string | null {
  try {
    JSON.stringify(value);
    return null;
  } catch (error) {
    return reasonOf(error);
  }
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function unencodable(what: string, reason: string): CheckpointError {
  return new CheckpointError(
    'unencodable',
    `the checkpoint cannot be written: ${what} is not JSON data (${reason}); a checkpoint keeps events, keys and positions as JSON, so they must hold no bigint values or circular references`,
  );
}

/** A short, one-line picture of a value for an error message. */
function describe(value: unknown): string {
  const text = inspect(value, { depth: 2, breakLength: Infinity, maxArrayLength: 5, maxStringLength: 40 });
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** The body as parsed (plain arrays), before it becomes columns. */
type ParsedBody = Omit<CheckpointColumns, 'createdAt' | 'position' | 'events' | 'nodes' | 'buffer' | 'patterns'> & {
  readonly events: unknown[];
  readonly nodes: Record<string, number[]>;
  readonly buffer: Record<string, number[]>;
  readonly patterns: (Pick<PatternColumns, 'name' | 'fingerprint' | 'steps'> & { readonly keyFingerprint?: string } & Record<string, unknown[]>)[];
};

/**
 * The parsed body → decoded data, reading the parsed arrays in place (no copy into columns first).
 * Keys without held matches share one empty list, as the engine's own states do.
 */
function bodyToData(body: ParsedBody, header: CheckpointHeader): CheckpointData {
  const { strings } = body;
  const { step, event, timestamp, seq, previous } = body.nodes as Record<string, number[]>;
  const nodes: CheckpointNode[] = new Array(step!.length);
  for (let i = 0; i < nodes.length; i++) nodes[i] = [strings[step![i]!]!, event![i]!, timestamp![i]!, seq![i]!, previous![i]!];
  const patterns = body.patterns.map((pattern): CheckpointPattern => {
    const keys = pattern['keys'] as Key[];
    const [nextSeq, runs, held, state, node, startTimestamp, startSeq] = (['nextSeq', 'runs', 'held', 'state', 'node', 'startTimestamp', 'startSeq'] as const).map(
      (name) => pattern[name] as number[],
    ) as number[][];
    let next = 0;
    const take = (count: number): CheckpointRun[] => {
      if (count === 0) return NO_RUNS as CheckpointRun[];
      const list: CheckpointRun[] = new Array(count);
      for (let i = 0; i < count; i++, next++) list[i] = [strings[state![next]!]!, node![next]!, startTimestamp![next]!, startSeq![next]!];
      return list;
    };
    const decoded: CheckpointKey[] = new Array(keys.length);
    for (let i = 0; i < keys.length; i++) decoded[i] = { key: keys[i]!, nextSeq: nextSeq![i]!, runs: take(runs![i]!), held: take(held![i]!) };
    return decodedPattern(pattern, decoded);
  });
  const buffer = body.buffer as Record<string, number[]>;
  return {
    version: CHECKPOINT_VERSION,
    createdAt: header.createdAt,
    position: header.position,
    time: body.time,
    stats: body.stats,
    patterns,
    events: body.events,
    nodes,
    buffer: buffer['timestamp']!.map((at, i) => bufferEntry(at, buffer['arrival']![i]!, buffer['event']![i]!, buffer['line']?.[i])),
    sinks: body.sinks,
  };
}

const NO_RUNS: readonly CheckpointRun[] = Object.freeze([]);

const PATTERN_COLUMNS: readonly (keyof PatternColumns)[] = ['keys', 'nextSeq', 'runs', 'held', 'state', 'node', 'startTimestamp', 'startSeq'];

/**
 * The columns of one table hold one value per row, so they must be equally long; and a pattern's
 * run columns hold, key after key, the runs and held matches its `runs` and `held` columns count.
 * A body whose checksum holds can still break this (written by hand, or by a faulty writer): read
 * as it is, a short column would quietly lose values, e.g. a buffered record's input line. Says
 * which columns disagree, or `null`.
 */
function columnLengthMismatch(body: ParsedBody): string | null {
  const sameLength = (table: string, columns: Record<string, readonly unknown[] | undefined>): string | null => {
    const lengths = Object.entries(columns).filter((entry): entry is [string, readonly unknown[]] => entry[1] !== undefined);
    const [first, ...others] = lengths;
    const other = others.find(([, column]) => column.length !== first![1].length);
    return other === undefined ? null : `${table} column '${other[0]}' has ${other[1].length} values, '${first![0]}' ${first![1].length}`;
  };
  const { nodes, buffer } = body;
  const problem =
    sameLength('nodes', { step: nodes['step'], event: nodes['event'], timestamp: nodes['timestamp'], seq: nodes['seq'], previous: nodes['previous'] }) ??
    sameLength('buffer', { timestamp: buffer['timestamp'], arrival: buffer['arrival'], event: buffer['event'], line: buffer['line'] });
  if (problem !== null) return problem;
  for (const pattern of body.patterns) {
    const table = `pattern '${String(pattern.name)}'`;
    const keyProblem = sameLength(`${table} key`, { keys: pattern['keys'], nextSeq: pattern['nextSeq'], runs: pattern['runs'], held: pattern['held'] });
    if (keyProblem !== null) return keyProblem;
    const runs = { state: pattern['state'], node: pattern['node'], startTimestamp: pattern['startTimestamp'], startSeq: pattern['startSeq'] };
    const runProblem = sameLength(`${table} run`, runs);
    if (runProblem !== null) return runProblem;
    const counted = [...(pattern['runs'] as number[]), ...(pattern['held'] as number[])].reduce((sum, count) => sum + count, 0);
    if (counted !== runs.state!.length) return `${table}: its keys count ${counted} runs and held matches, its run columns hold ${runs.state!.length}`;
  }
  return null;
}

function isColumns(value: unknown): value is ParsedBody {
  const body = value as Partial<ParsedBody> | null;
  const arrays = (object: unknown, names: readonly string[]): boolean =>
    object !== null && typeof object === 'object' && names.every((name) => Array.isArray((object as Record<string, unknown>)[name]));
  return (
    body !== null &&
    typeof body === 'object' &&
    Array.isArray(body.strings) &&
    Array.isArray(body.events) &&
    Array.isArray(body.patterns) &&
    arrays(body.nodes, ['step', 'event', 'timestamp', 'seq', 'previous']) &&
    arrays(body.buffer, ['timestamp', 'arrival', 'event']) &&
    // Checkpoints written before lines were kept, or of records pushed without lines, have no `line` column.
    ((body.buffer as Record<string, unknown>)['line'] === undefined || Array.isArray((body.buffer as Record<string, unknown>)['line'])) &&
    // Checkpoints written before key fingerprints were recorded have none; one that is there is text.
    body.patterns.every((pattern) => arrays(pattern, PATTERN_COLUMNS) && (pattern.keyFingerprint === undefined || typeof pattern.keyFingerprint === 'string')) &&
    typeof body.time === 'object' &&
    typeof body.stats === 'object'
  );
}
