// A Cepheus job as a separate process, for the crash test: reads orders, writes outputs, and
// checkpoints every N records; with --restore it resumes from the newest checkpoint.
import { CepEngine, FileCheckpointStore, JsonLinesFileSink, Pattern, runJsonLines } from '../../dist/index.js';

const [input, output, checkpoints, every, restore] = process.argv.slice(2);
const engine = new CepEngine({
  patterns: [
    {
      name: 'unpaid',
      keyBy: 'orderId',
      pattern: Pattern.begin('created')
        .where((e) => e.type === 'created')
        .followedBy('paid')
        .where((e, ctx) => e.type === 'paid' && e.amount === ctx.eventsFor('created')[0].amount)
        .within(900),
    },
    {
      name: 'bursts',
      keyBy: 'user',
      pattern: Pattern.begin('orders').where((e) => e.type === 'created').timesOrMore(3).within(200),
    },
  ],
  time: { mode: 'event', timestamp: 'ts', maxOutOfOrderness: 50 },
});
const resuming = restore === 'restore';
const sink = new JsonLinesFileSink(output, undefined, { append: resuming });
await runJsonLines({ engine, input, output: sink, store: new FileCheckpointStore(checkpoints, 2), every: { records: Number(every) }, restore: resuming });
sink.close();
