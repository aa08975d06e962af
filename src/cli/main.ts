#!/usr/bin/env node
// The `cepheus` executable.
import { allCommands } from './commands/index.js';
import { EXIT } from './exit-codes.js';
import { processIo } from './io.js';
import { runCli } from './program.js';
import { describeThrown } from '../text/describe.js';

// A reader that goes away (`cepheus run … | head`) is not an error of ours: stop quietly. Any
// other failure to write stdout (a full disk: `> /dev/full`) is an output failure, reported in one
// line like a failing -o file; the stream's error event would otherwise end the process with a
// stack trace. When stderr itself fails there is nowhere left to say anything.
let stdoutFailed = false;
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(EXIT.ok);
  if (stdoutFailed) return; // one message is enough while the exit is under way
  stdoutFailed = true;
  process.stderr.write(`cepheus: cannot write to stdout: ${describeThrown(error)}\n`, () => process.exit(EXIT.failure));
});
process.stderr.on('error', (error: NodeJS.ErrnoException) => process.exit(error.code === 'EPIPE' ? EXIT.ok : EXIT.failure));

process.exitCode = await runCli(process.argv.slice(2), processIo, allCommands);
