// Runs the cepheus program in-process with captured output, or as a real process.
import { spawnSync } from 'node:child_process';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { allCommands } from '../../src/cli/commands/index.js';
import { runCli } from '../../src/cli/program.js';

/** What a command printed and how it ended. */
export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `cepheus <argv>` in this process. */
export async function cli(argv: string[], stdin = ''): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (line) => out.push(line), err: (line) => err.push(line), stdin: Readable.from([stdin]), errIsTTY: false }, allCommands);
  return { code, stdout: out.length === 0 ? '' : `${out.join('\n')}\n`, stderr: err.length === 0 ? '' : `${err.join('\n')}\n` };
}

const bin = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

/** Runs the built `cepheus` executable as a separate process (dist/ is built by the global setup). */
export function spawnCli(argv: string[], options: { cwd?: string; input?: string } = {}): CliResult {
  const result = spawnSync(process.execPath, [bin, ...argv], { encoding: 'utf8', cwd: options.cwd, input: options.input ?? '' });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
