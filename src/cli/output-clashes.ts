// Refusing output files that are also read, or written twice, before any of them is opened: an
// output file is truncated when opened, so `-o events.jsonl -i events.jsonl` would destroy the
// input, and two kinds written to one file at their own offsets overwrite each other's lines.
import { realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { CliError, EXIT } from './exit-codes.js';

/** A file named on the command line, and the flag (or role) that named it. */
export interface NamedFile {
  /** What named it, as a user would recognise it: `-o`, `--matches`, `the pattern file`. */
  readonly flag: string;
  readonly path: string;
}

/**
 * Throws a usage error when an output names the same file as an input, or as another output.
 * Files are compared by identity (device and inode), so `./x`, `x`, `dir/../x` and a symlink to x
 * are the same file; a file that does not exist yet is compared by its absolute path.
 */
export function refuseClashingFiles(inputs: readonly NamedFile[], outputs: readonly NamedFile[]): void {
  const readFrom = new Map<string, NamedFile>();
  for (const input of inputs) {
    const identity = fileIdentity(input.path);
    if (identity !== null && !readFrom.has(identity)) readFrom.set(identity, input);
  }
  const writtenBy = new Map<string, NamedFile>();
  for (const output of outputs) {
    const identity = fileIdentity(output.path);
    if (identity === null) continue;
    const input = readFrom.get(identity);
    if (input !== undefined) {
      throw new CliError(`${output.flag} and ${input.flag} both name ${output.path}: writing the output there would destroy what is read; choose another output file`, EXIT.usage);
    }
    const earlier = writtenBy.get(identity);
    if (earlier !== undefined) {
      throw new CliError(
        `${earlier.flag} and ${output.flag} both name ${output.path}: each output file must be a different file (to get several kinds in one file, name it once with -o and leave those kinds without a flag of their own)`,
        EXIT.usage,
      );
    }
    writtenBy.set(identity, output);
  }
}

/**
 * What makes two paths the same file: device and inode of an existing regular file, else the
 * absolute path with the directory's symlinks resolved. `null` for what is not a regular file (`/dev/null`, a named pipe, a terminal):
 * those are written in order and never truncated, so sharing one (e.g. `--late /dev/null
 * --errors /dev/null`) loses nothing.
 */
function fileIdentity(path: string): string | null {
  try {
    const stats = statSync(path);
    return stats.isFile() ? `inode ${stats.dev}:${stats.ino}` : null;
  } catch {
    return `path ${realDirectoryPath(resolve(path))}`;
  }
}

/** `absolute` with its directory's symlinks resolved, when that directory exists. */
function realDirectoryPath(absolute: string): string {
  try {
    return join(realpathSync(dirname(absolute)), basename(absolute));
  } catch {
    return absolute;
  }
}
