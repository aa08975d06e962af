// How `cepheus run --format text` prints an output: one line a person can read at a glance.
import type { EngineOutput } from '../runtime/outputs.js';
import { counted } from '../text/counted.js';

const time = (ts: number): string => (Number.isFinite(ts) && Math.abs(ts) < 8.64e15 ? new Date(ts).toISOString().replace('.000Z', 'Z') : String(ts));

const brief = (event: unknown): string => {
  const text = JSON.stringify(event);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
};

function eventsText(events: Readonly<Record<string, readonly unknown[]>>): string {
  return Object.entries(events)
    .map(([step, list]) => `${step}: ${list.length === 1 ? brief(list[0]) : `${list.length} events [${list.map(brief).join(', ')}]`}`)
    .join('  ');
}

/** One line for one output: kind, pattern, key, time, then what it is about. */
export function formatOutputText(output: EngineOutput<unknown>): string {
  switch (output.kind) {
    case 'match':
      return `match    ${output.pattern} key=${output.key} at ${time(output.endTimestamp)}  ${eventsText(output.events)}`;
    case 'timeout':
      return `timeout  ${output.pattern} key=${output.key} at ${time(output.timeoutTimestamp)}  ${eventsText(output.events)}`;
    case 'late':
      return `late     ${output.line === undefined ? '' : `line ${output.line}: `}event at ${time(output.timestamp)} behind watermark ${time(output.watermark)}  ${brief(output.record)}`;
    case 'error':
      return `error    ${output.code}: ${output.message}${output.record === undefined ? '' : `  ${brief(output.record)}`}`;
    case 'capped':
      return `capped   ${output.pattern} key=${output.key} at ${time(output.timestamp)}  ${counted(output.dropped, 'partial match', 'partial matches')} dropped (${output.policy})`;
  }
}
