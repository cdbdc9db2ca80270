import { useSuiteTempDir } from './suite-temp-dir';

/** Vitest's global setup: the run's own TMPDIR (suite-temp-dir.ts), removed at the end. */
export default function setup(): () => void {
  return useSuiteTempDir('roundtrip-vitest-');
}
