import { readdirSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  CepEngine,
  encodeCheckpointSync,
  encodeSnapshot,
  encodeSnapshotAsText,
  FileCheckpointStore,
  MemoryCheckpointStore,
  Pattern,
  saveCheckpoint,
  snapshotToCheckpointSync,
} from '../../src/index.js';
import { removeTempDirs, tempDir } from '../temp-dirs.js';

interface Ev {
  ts: number;
  id: string;
  type: 'created' | 'paid';
}

const options = {
  patterns: [
    {
      name: 'unpaid',
      keyBy: 'id',
      pattern: Pattern.begin<Ev>('created').where((e) => e.type === 'created').followedBy('paid').where((e) => e.type === 'paid').within(10),
    },
  ],
  time: { mode: 'event' as const, timestamp: 'ts' },
};

describe('savepoints', () => {
  it('store the state at the call, even though the engine goes on before they are written', async () => {
    const engine = new CepEngine<Ev>(options);
    const store = new MemoryCheckpointStore(5);
    engine.push({ ts: 0, id: 'o1', type: 'created' });
    const saving = saveCheckpoint(engine, store, { next: 1 });
    engine.push({ ts: 1, id: 'o1', type: 'paid' }); // completes o1 after the savepoint was taken
    const saved = await saving;
    expect(saved.bytes).toBeGreaterThan(0);
    const latest = store.latest();
    expect(latest?.checkpoint).toEqual(saved.checkpoint);
    expect(latest?.data.position).toEqual({ next: 1 });
    const restored = new CepEngine<Ev>(options);
    restored.restore(latest!.data);
    expect(restored.bufferedEvents).toBe(1); // created@0 still waits for the watermark
    expect(restored.flush().map((o) => o.kind)).toEqual(['timeout']);
  });

  it('a memory store keeps the last N and skips damaged ones when restoring', () => {
    const store = new MemoryCheckpointStore(2);
    const first = store.save(Buffer.from('not a checkpoint'));
    store.save(Buffer.from('also not'));
    store.save(Buffer.from('nor this'));
    expect(store.list().map((c) => c.id)).toEqual([2, 3]);
    expect(() => store.read(first)).toThrow('no checkpoint 1 in memory');
    const skipped: number[] = [];
    expect(store.latest((checkpoint) => skipped.push(checkpoint.id))).toBeNull();
    expect(skipped).toEqual([3, 2]);
  });
});

describe('file checkpoint stores', () => {
  afterEach(removeTempDirs);

  it('write in the background what they would write at once, numbering both kinds of save in turn', async () => {
    const directory = tempDir('cepheus-store-');
    const store = new FileCheckpointStore(directory, 2);
    const engine = new CepEngine<Ev>(options);
    engine.push({ ts: 0, id: 'o1', type: 'created' });
    const bytes = encodeCheckpointSync(snapshotToCheckpointSync(engine.captureSnapshot({ next: 1 })));
    const pending = [store.saveAsync(bytes), store.saveAsync(bytes)];
    const third = store.save(bytes);
    const [first, second] = await Promise.all(pending);
    expect([first!.id, second!.id, third.id]).toEqual([1, 2, 3]);
    expect(store.list().map((checkpoint) => checkpoint.id)).toEqual([2, 3]); // keeps the newest 2
    expect(Buffer.compare(Buffer.from(store.read(second!)), bytes)).toBe(0);
    expect(readdirSync(directory).filter((name) => name.endsWith('.tmp'))).toEqual([]);

    const saved = await saveCheckpoint(engine, store, { next: 2 });
    expect(saved.checkpoint.id).toBe(4);
    expect(store.latest()?.data.position).toEqual({ next: 2 });
  });

  it('write a checkpoint given as text byte for byte as it would be encoded to one buffer', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.UTC(2026, 10, 22) });
    try {
      // Enough keys for the body's number columns to span several pieces of text.
      const holding = (): CepEngine<Ev> => {
        const engine = new CepEngine<Ev>(options);
        for (let i = 0; i < 70_000; i++) engine.push({ ts: i, id: `o${i}`, type: 'created' });
        return engine;
      };
      const bytes = await encodeSnapshot(holding().captureSnapshot({ next: 70_000 }));
      const encoded = await encodeSnapshotAsText(holding().captureSnapshot({ next: 70_000 }));
      expect(encoded.byteLength).toBe(bytes.length);
      const directory = tempDir('cepheus-store-');
      const store = new FileCheckpointStore(directory);
      const saved = await store.saveEncoded(encoded);
      expect(Buffer.compare(Buffer.from(store.read(saved)), bytes)).toBe(0);
      // Its pieces were let go as they were written: it cannot be written twice.
      await expect(store.saveEncoded(encoded)).rejects.toThrow('was read already');
      expect(readdirSync(directory)).toEqual(['checkpoint-0000000001.ckpt']);
    } finally {
      vi.useRealTimers();
    }
  });
});
