// Checkpoint bytes: a magic line, a JSON header line (version, body length, SHA-256, summary),
// then the JSON body. Truncation, corruption and foreign files are each told apart on read.
import { createHash } from 'node:crypto';
import { CHECKPOINT_VERSION, CheckpointError, type CheckpointData } from './checkpoint.js';

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
 * Encodes a checkpoint. The body is produced in slices; between slices the encoder yields to the
 * event loop when `yieldEveryMs` has passed, so encoding a large checkpoint never stalls event
 * processing for long.
 */
export async function encodeCheckpoint(data: CheckpointData, options: { yieldEveryMs?: number } = {}): Promise<Buffer> {
  const budget = options.yieldEveryMs ?? 5;
  const pieces: string[] = [];
  let sliceStart = performance.now();
  for (const piece of bodyPieces(data)) {
    pieces.push(piece);
    if (performance.now() - sliceStart >= budget) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    }
  }
  return assemble(data, pieces);
}

/** Encodes a checkpoint in one go (for small states and tests). */
export function encodeCheckpointSync(data: CheckpointData): Buffer {
  return assemble(data, [...bodyPieces(data)]);
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
  const { header, body } = splitCheckpoint(bytes, source);
  if (body.length !== header.bodyBytes) {
    throw new CheckpointError('truncated', `checkpoint is truncated: the header announces ${header.bodyBytes} body bytes, ${body.length} are present`, source);
  }
  const digest = createHash('sha256').update(body).digest('hex');
  if (digest !== header.sha256) {
    throw new CheckpointError('checksum', `checkpoint is corrupted: its SHA-256 is ${digest.slice(0, 12)}…, the header says ${header.sha256.slice(0, 12)}…`, source);
  }
  let parsed: Omit<CheckpointData, 'version' | 'createdAt' | 'position'>;
  try {
    parsed = JSON.parse(Buffer.from(body).toString('utf8'));
  } catch (error) {
    throw new CheckpointError('corrupt', `checkpoint body is not valid JSON: ${(error as Error).message}`, source);
  }
  return { version: CHECKPOINT_VERSION, createdAt: header.createdAt, position: header.position, ...parsed };
}

function splitCheckpoint(bytes: Uint8Array, source?: string): { header: CheckpointHeader; body: Uint8Array } {
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

function assemble(data: CheckpointData, pieces: string[]): Buffer {
  const body = Buffer.from(pieces.join(''), 'utf8');
  const header: CheckpointHeader = {
    format: 'cepheus-checkpoint',
    version: CHECKPOINT_VERSION,
    createdAt: data.createdAt,
    bodyBytes: body.length,
    sha256: createHash('sha256').update(body).digest('hex'),
    position: data.position ?? null,
    patterns: data.patterns.map((pattern) => ({
      name: pattern.name,
      fingerprint: pattern.fingerprint,
      keys: pattern.keys.length,
      partialMatches: pattern.keys.reduce((total, key) => total + key.runs.length + key.held.length, 0),
    })),
  };
  return Buffer.concat([Buffer.from(`${CHECKPOINT_MAGIC}\n${JSON.stringify(header)}\n`, 'utf8'), body]);
}

const SLICE = 2048;

/** The body JSON in pieces of at most SLICE array items, so encoding can pause between them. */
function* bodyPieces(data: CheckpointData): Generator<string> {
  yield `{"time":${JSON.stringify(data.time)},"stats":${JSON.stringify(data.stats)},"sinks":${JSON.stringify(data.sinks)},"patterns":[`;
  for (let p = 0; p < data.patterns.length; p++) {
    const pattern = data.patterns[p]!;
    yield `${p === 0 ? '' : ','}{"name":${JSON.stringify(pattern.name)},"fingerprint":${JSON.stringify(pattern.fingerprint)},"steps":${JSON.stringify(pattern.steps)},"keys":`;
    yield* arrayPieces(pattern.keys);
    yield '}';
  }
  yield '],"events":';
  yield* arrayPieces(data.events);
  yield ',"nodes":';
  yield* arrayPieces(data.nodes);
  yield ',"buffer":';
  yield* arrayPieces(data.buffer);
  yield '}';
}

function* arrayPieces(items: readonly unknown[]): Generator<string> {
  if (items.length === 0) {
    yield '[]';
    return;
  }
  for (let start = 0; start < items.length; start += SLICE) {
    const slice = JSON.stringify(items.slice(start, start + SLICE));
    const inner = slice.slice(1, -1);
    yield `${start === 0 ? '[' : ','}${inner}${start + SLICE >= items.length ? ']' : ''}`;
  }
}
