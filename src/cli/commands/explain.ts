// `cepheus explain`: show what a pattern compiled to, as text, Graphviz DOT or Mermaid.
import { Command, Option } from 'commander';
import { compile } from '../../nfa/compile.js';
import { nfaToDot, nfaToMermaid } from '../../nfa/diagram.js';
import { dumpNfa } from '../../nfa/dump.js';
import { formatMilliseconds } from '../../pattern/duration.js';
import { CliError, EXIT } from '../exit-codes.js';
import type { Io } from '../io.js';
import { loadOrReport } from '../load.js';

/** The `explain` command. */
export function explainCommand(io: Io): Command {
  return new Command('explain')
    .description('show the automaton each pattern compiles to (text, Graphviz DOT or Mermaid)')
    .argument('<patterns...>', '.cep files or directories of them')
    .option('-p, --pattern <name>', 'only this pattern')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'dot', 'mermaid']).default('text'))
    .addHelpText(
      'after',
      '\nExamples:\n  cepheus explain examples/unpaid-orders.cep\n  cepheus explain patterns/ --pattern spamBurst --format dot | dot -Tsvg > spam.svg\n  cepheus explain orders.cep --format mermaid',
    )
    .action((paths: string[], options: { pattern?: string; format: 'text' | 'dot' | 'mermaid' }) => {
      const definitions = loadOrReport(io, paths);
      if (definitions === null) return;
      const chosen = options.pattern === undefined ? definitions : definitions.filter((definition) => definition.name === options.pattern);
      if (chosen.length === 0) {
        throw new CliError(`no pattern '${options.pattern}' (there are: ${definitions.map((d) => d.name).join(', ')})`, EXIT.usage);
      }
      const parts = chosen.map((definition) => {
        const nfa = compile(definition.model);
        switch (options.format) {
          case 'dot':
            return nfaToDot(nfa, definition.name);
          case 'mermaid':
            // A Mermaid comment ends at the line's end: a name with line breaks (`a\nb`) stays on it.
            return `%% ${definition.name.replace(/\r\n|[\r\n]/g, ' ')}\n${nfaToMermaid(nfa)}`;
          case 'text': {
            const key = definition.keyBy === null ? 'one key' : `key by ${definition.keyBy}`;
            const window = definition.model.withinMs === null ? '' : `, within ${formatMilliseconds(definition.model.withinMs)}`;
            return `pattern ${definition.name} (${key}${window})\n${dumpNfa(nfa, { conditions: true })}`;
          }
        }
      });
      io.out(parts.join('\n\n'));
    });
}
