// The engine as a Node.js object-mode Transform stream: records (and watermark marks) in, outputs out.
import { Transform } from 'node:stream';
import type { CepEngine } from './engine.js';

/**
 * Wraps an engine in a Transform: each written record is pushed, each resulting output is read
 * out, and ending the input flushes the engine. With an idle timeout or in processing time, pass
 * `tickMs` to let the stream consult the clock while no record arrives.
 */
export function toNodeStream<E extends object>(engine: CepEngine<E>, options: { tickMs?: number } = {}): Transform {
  let ticker: NodeJS.Timeout | undefined;
  const stream = new Transform({
    objectMode: true,
    transform(record: unknown, _encoding, done) {
      for (const output of engine.push(record)) this.push(output);
      done();
    },
    flush(done) {
      clearInterval(ticker);
      for (const output of engine.flush()) this.push(output);
      done();
    },
    destroy(error, done) {
      clearInterval(ticker);
      done(error);
    },
  });
  if (options.tickMs !== undefined) {
    ticker = setInterval(() => {
      for (const output of engine.tick()) stream.push(output);
    }, options.tickMs);
    ticker.unref();
  }
  return stream;
}
