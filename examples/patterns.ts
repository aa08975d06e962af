// The example patterns of the quick start, written with the fluent API.
import { AfterMatchSkipStrategy, Pattern } from '../src/index.js';

/** An order event from examples/data/orders.jsonl. */
export interface OrderEvent {
  readonly ts: number;
  readonly type: 'created' | 'paid';
  readonly orderId: string;
  readonly amount?: number;
}

/** A comment event from examples/data/comments.jsonl. */
export interface CommentEvent {
  readonly ts: number;
  readonly userId: string;
  readonly text: string;
}

/** An order created and not paid within 15 minutes: the timeouts are the point. Key: orderId. */
export const unpaidOrders = Pattern.begin<OrderEvent>('created')
  .where((e) => e.type === 'created')
  .followedBy('paid')
  .where((e, ctx) => e.type === 'paid' && e.amount === ctx.eventsFor('created')[0]?.amount)
  .within('15m');

/** Five or more comments with links from one user within a minute, each burst once. Key: userId. */
export const spamBurst = Pattern.begin<CommentEvent>('comments', AfterMatchSkipStrategy.skipPastLastEvent())
  .where((e) => /https?:\/\//.test(e.text))
  .timesOrMore(5)
  .within('1m');
