import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * One temporary directory for a whole test run, as TMPDIR: the test workers, the node
 * processes they start (dev signing keys, saved rooms), Redis and the browsers inherit it, so
 * whatever a test leaves in os.tmpdir() goes when the run ends instead of piling up in /tmp
 * (dozens of files a run before). Returns the teardown, which also puts TMPDIR back.
 */
export function useSuiteTempDir(prefix: string): () => void {
  const previous = process.env.TMPDIR;
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  process.env.TMPDIR = dir;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(dir, { recursive: true, force: true });
  };
}
