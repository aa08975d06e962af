// The quick start: runs the example patterns over the bundled example data, one matcher per key,
// and prints matches and timeouts. (The keyed streaming runtime replaces the per-key loop here.)
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Matcher, type MatcherOutput, type Pattern } from '../src/index.js';
import { spamBurst, unpaidOrders, type CommentEvent, type OrderEvent } from './patterns.js';

const dataDir = fileURLToPath(new URL('../../examples/data/', import.meta.url));

function readJsonLines<E>(file: string): E[] {
  return readFileSync(dataDir + file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as E);
}

function runByKey<E extends { ts: number }>(
  pattern: Pattern<E, any>,
  events: E[],
  key: (e: E) => string,
  options: { timeouts: boolean },
): [string, MatcherOutput<E>][] {
  const matchers = new Map<string, Matcher<E>>();
  const outputs: [string, MatcherOutput<E>][] = [];
  for (const event of [...events].sort((a, b) => a.ts - b.ts)) {
    const k = key(event);
    let matcher = matchers.get(k);
    if (matcher === undefined) matchers.set(k, (matcher = new Matcher(pattern, options)));
    for (const output of matcher.push(event, event.ts)) outputs.push([k, output]);
  }
  for (const [k, matcher] of matchers) for (const output of matcher.advanceTime(Infinity)) outputs.push([k, output]);
  return outputs;
}

const time = (ts: number): string => new Date(ts).toISOString().slice(11, 19);

function print<E extends { ts: number }>(title: string, outputs: [string, MatcherOutput<E>][], describe: (e: E) => string): void {
  console.log(`\n== ${title}`);
  for (const [key, output] of outputs) {
    if (output.kind === 'error') {
      console.log(`  error    ${key}: ${output.message}`);
      continue;
    }
    const events = Object.entries(output.events)
      .map(([step, list]) => `${step}=[${list.map(describe).join(', ')}]`)
      .join(' ');
    const when = output.kind === 'match' ? time(output.endTimestamp) : time(output.timeoutTimestamp);
    console.log(`  ${output.kind.padEnd(8)} ${key} at ${when}: ${events}`);
  }
}

const orders = readJsonLines<OrderEvent>('orders.jsonl');
print('unpaid orders: created, not paid within 15 minutes (per orderId)', runByKey(unpaidOrders, orders, (e) => e.orderId, { timeouts: true }), (e) => `${e.type} ${time(e.ts)}`);

const comments = readJsonLines<CommentEvent>('comments.jsonl');
print('spam bursts: 5+ comments with links within 1 minute (per userId)', runByKey(spamBurst, comments, (e) => e.userId, { timeouts: false }), (e) => time(e.ts));
