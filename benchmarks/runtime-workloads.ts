// Workloads for the keyed runtime (CepEngine), events already in memory.
import { CepEngine, Pattern } from '../src/index.js';
import { measure, seededRandom, type BenchResult } from './harness.js';

interface OrderEvent {
  ts: number;
  type: 'created' | 'paid';
  orderId: string;
}

/**
 * Unpaid orders end to end through the engine: 100k order ids, every order created and paid
 * 1–14 minutes later except ~10%, 15-minute window, bounded out-of-orderness of 5 s.
 */
export function engineUnpaidOrders(events: number, keys: number): BenchResult {
  const random = seededRandom(1);
  const records: OrderEvent[] = [];
  const gap = 50; // ms between new orders
  for (let i = 0; records.length < events; i++) {
    const ts = i * gap;
    const orderId = `order-${i % keys}-${Math.floor(i / keys)}`;
    records.push({ ts, type: 'created', orderId });
    if (random() < 0.9) records.push({ ts: ts + 60_000 + Math.floor(random() * 13 * 60_000), type: 'paid', orderId });
  }
  records.length = events;
  // Arrival order: by timestamp with up to 5 s of jitter (inside the out-of-orderness bound).
  const arrival = records.map((r) => ({ r, at: r.ts + Math.floor(random() * 5000) })).sort((a, b) => a.at - b.at).map((x) => x.r);
  const engine = new CepEngine<OrderEvent>({
    patterns: [
      {
        name: 'unpaid',
        keyBy: 'orderId',
        pattern: Pattern.begin<OrderEvent>('created')
          .where((e) => e.type === 'created')
          .followedBy('paid')
          .where((e) => e.type === 'paid')
          .within('15m'),
      },
    ],
    time: { mode: 'event', timestamp: 'ts', maxOutOfOrderness: '5s' },
  });
  let matches = 0;
  let timeouts = 0;
  let late = 0;
  const count = (outputs: ReturnType<typeof engine.push>): void => {
    for (const o of outputs) {
      if (o.kind === 'match') matches++;
      else if (o.kind === 'timeout') timeouts++;
      else if (o.kind === 'late') late++;
    }
  };
  let peakLive = 0;
  return measure(
    `engine: unpaid orders, ${keys.toLocaleString('en-US')} live order ids, 15m window`,
    arrival.length,
    (i) => {
      count(engine.push(arrival[i]!));
      if (i % 10_000 === 0) peakLive = Math.max(peakLive, engine.liveKeys);
    },
    () => {
      const liveBefore = engine.liveKeys;
      count(engine.flush());
      return `${matches} matches, ${timeouts} timeouts, ${late} late; peak ${peakLive} live keys, ${liveBefore} before flush, ${engine.liveKeys} after`;
    },
  );
}
