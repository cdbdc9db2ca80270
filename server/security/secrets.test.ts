import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger';
import { developmentSecret, signingSecret } from './secrets';

describe('signing secrets', () => {
  const log = createLogger('silent', 'test');

  it('uses JWT_SECRET when given', () => {
    expect(signingSecret('x'.repeat(40), log)).toBe('x'.repeat(40));
  });

  it('keeps a generated development secret across restarts, in a file only its owner reads', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'roundtrip-secret-'));
    try {
      const file = path.join(dir, 'secret');
      const first = developmentSecret(file, log);
      expect(first.length).toBeGreaterThanOrEqual(32);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(developmentSecret(file, log)).toBe(first);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
