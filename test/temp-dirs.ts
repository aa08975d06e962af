// Temporary directories for tests that write files, removed when the test file is done with them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const tempDirs: string[] = [];

/** A new empty directory under the system's temporary directory, removed by {@link removeTempDirs}. */
export function tempDir(prefix = 'cepheus-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

/** Removes the directories {@link tempDir} made (call it in `afterEach` or `afterAll`). */
export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}
