// The quick start: runs the example patterns over the bundled example data with the keyed
// event-time runtime, and prints matches and timeouts.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CepEngine, type EngineOutput } from '../src/index.js';
import { spamBurst, unpaidOrders, type CommentEvent, type OrderEvent } from './patterns.js';

type Event = OrderEvent | CommentEvent;

const dataDir = fileURLToPath(new URL('../../examples/data/', import.meta.url));

function readJsonLines(file: string): Event[] {
  return readFileSync(dataDir + file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Event);
}

const engine = new CepEngine<Event>({
  patterns: [
    { name: 'unpaid-orders', pattern: unpaidOrders as never, keyBy: 'orderId', filter: (e) => 'orderId' in e },
    { name: 'spam-bursts', pattern: spamBurst as never, keyBy: 'userId', filter: (e) => 'userId' in e, timeouts: false },
  ],
  time: { mode: 'event', timestamp: 'ts', maxOutOfOrderness: '5s' },
});

const time = (ts: number): string => new Date(ts).toISOString().slice(11, 19);

function print(output: EngineOutput<Event>): void {
  if (output.kind === 'match' || output.kind === 'timeout') {
    const events = Object.entries(output.events)
      .map(([step, list]) => `${step}=${list.length === 1 ? time(list[0]!.ts) : `${list.length} events ${time(list[0]!.ts)}–${time(list.at(-1)!.ts)}`}`)
      .join(' ');
    const when = output.kind === 'match' ? output.endTimestamp : output.timeoutTimestamp;
    console.log(`${output.kind.padEnd(8)} ${output.pattern.padEnd(14)} ${String(output.key).padEnd(8)} at ${time(when)}  ${events}`);
  } else {
    console.log(`${output.kind.padEnd(8)} ${JSON.stringify(output)}`);
  }
}

const events = [...readJsonLines('orders.jsonl'), ...readJsonLines('comments.jsonl')].sort((a, b) => a.ts - b.ts);
for (const event of events) engine.push(event).forEach(print);
engine.flush().forEach(print);
const stats = engine.stats;
console.log(`\n${stats.records} events: ${stats.matches} matches, ${stats.timeouts} timeouts, ${stats.late} late, ${stats.errors} errors`);
