#!/usr/bin/env node
// The `cepheus` executable.
import { allCommands } from './commands/index.js';
import { processIo } from './io.js';
import { runCli } from './program.js';

// A reader that goes away (`cepheus run … | head`) is not an error of ours: stop quietly.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

process.exitCode = await runCli(process.argv.slice(2), processIo, allCommands);
