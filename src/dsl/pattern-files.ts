// Which files a load reads: plain files, directories (every .cep file below, recursively), and
// `*` wildcards in the last segment of a path (`patterns/*.cep`). Results are sorted, so a load
// reads files in the same order everywhere.
import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { diagnosticAt, type Diagnostic } from './diagnostics.js';

/** The files found, and problems with paths (missing files, empty wildcards) as diagnostics. */
export interface FoundFiles {
  readonly files: readonly string[];
  readonly diagnostics: readonly Diagnostic[];
}

const START = { offset: 0, line: 1, column: 1, length: 1 };

/** Expands paths, directories and wildcards to a sorted, duplicate-free list of files. */
export function findPatternFiles(paths: readonly string[]): FoundFiles {
  const files: string[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const path of paths) {
    if (dirname(path).includes('*')) {
      diagnostics.push(diagnosticAt(path, START, 'file-not-found', `'*' is only allowed in the last part of a path, as in patterns/*.cep`));
      continue;
    }
    if (basename(path).includes('*')) {
      const matches = wildcard(path);
      if (matches === null) diagnostics.push(diagnosticAt(path, START, 'file-not-found', `no directory '${dirname(path)}'`));
      else if (matches.length === 0) diagnostics.push(diagnosticAt(path, START, 'no-files', `no file matches '${path}'`));
      else files.push(...matches);
      continue;
    }
    const kind = kindOf(path);
    if (kind === 'file') files.push(path);
    else if (kind === 'directory') {
      const found = cepFilesBelow(path);
      if (found.length === 0) diagnostics.push(diagnosticAt(path, START, 'no-files', `directory '${path}' holds no .cep files`));
      files.push(...found);
    } else diagnostics.push(diagnosticAt(path, START, 'file-not-found', `no file or directory '${path}'`));
  }
  return { files: [...new Set(files)], diagnostics };
}

function kindOf(path: string): 'file' | 'directory' | null {
  try {
    const stat = statSync(path);
    return stat.isDirectory() ? 'directory' : 'file';
  } catch {
    return null;
  }
}

function wildcard(path: string): string[] | null {
  const directory = dirname(path);
  const pattern = new RegExp(`^${basename(path).split('*').map(escapeRegExp).join('[^/]*')}$`);
  if (kindOf(directory) !== 'directory') return null;
  return readdirSync(directory)
    .filter((name) => pattern.test(name))
    .map((name) => join(directory, name))
    .filter((file) => kindOf(file) === 'file')
    .sort();
}

function cepFilesBelow(directory: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(directory, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) out.push(...cepFilesBelow(path));
    else if (entry.name.endsWith('.cep')) out.push(path);
  }
  return out;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
