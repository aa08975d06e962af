// An encoded checkpoint before it is bytes: the header line and the body's pieces of text. A store
// that writes text writes it piece by piece, so a large checkpoint is never one buffer outside the
// JS heap (see body-writer.ts for why that matters); gathering it into a buffer is the other way out.
import type { BodyText, BodyWriter } from './body-writer.js';

/** A piece of an encoded checkpoint: text, and the encoding that gives its bytes. */
export type CheckpointText = BodyText;

/**
 * A checkpoint encoded as pieces of text, not yet gathered into one buffer. Its bytes, the pieces
 * encoded in order, are exactly those `encodeSnapshot` gives for the same snapshot. It can be read
 * once: each piece is let go as soon as the next is asked for.
 */
export class EncodedCheckpoint {
  private read = false;

  /** @internal Made by the checkpoint codec. */
  constructor(
    private readonly head: string,
    private readonly body: BodyWriter,
    /** The checkpoint's size in bytes. */
    readonly byteLength: number,
  ) {}

  /** The pieces in order: the header (magic line and header line), then the body. Throws if read before. */
  *texts(): Generator<CheckpointText> {
    if (this.read) throw new Error('this encoded checkpoint was read already; encode the snapshot again');
    this.read = true;
    yield { text: this.head, encoding: 'utf8' };
    yield* this.body.texts();
  }

  /** Copies the pieces into `out` (at least `byteLength` long), pausable after each piece. */
  *copyInto(out: Buffer): Generator<void> {
    let at = 0;
    for (const { text, encoding } of this.texts()) {
      at += out.write(text, at, encoding);
      yield;
    }
  }
}
