import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../logger';
import { developmentSecret, signingSecret } from './secrets';

describe('signing secrets', () => {
  const log = createLogger('silent', 'test');
  let dir = '';
  let file = '';
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'roundtrip-secret-'));
    file = path.join(dir, 'secret');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('uses JWT_SECRET when given', () => {
    expect(signingSecret('x'.repeat(40), log)).toBe('x'.repeat(40));
  });

  it('keeps a generated development secret across restarts, in a file only its owner reads', () => {
    const first = developmentSecret(file, log);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(developmentSecret(file, log)).toBe(first);
    // Written aside and renamed: nothing half-written is left beside it.
    expect(readdirSync(dir)).toEqual(['secret']);
  });

  // Issue 13 §5: the temp folder is shared; a file anyone could have planted is not a secret.
  it('refuses a kept secret others may read, and replaces it with a private one', () => {
    const planted = 'planted-by-someone-else-0123456789abcdef';
    writeFileSync(file, planted);
    chmodSync(file, 0o644);
    const secret = developmentSecret(file, log);
    expect(secret).not.toBe(planted);
    expect(readFileSync(file, 'utf8')).toBe(secret);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('refuses a kept secret owned by another user, or reached through a symbolic link', () => {
    const planted = 'planted-by-someone-else-0123456789abcdef';
    writeFileSync(file, planted, { mode: 0o600 });
    // The owner check against another uid (as if someone else had made the file).
    const otherUid = (process.getuid?.() ?? 0) + 1;
    expect(developmentSecret(file, log, { uid: otherUid })).not.toBe(planted);

    const target = path.join(dir, 'elsewhere');
    writeFileSync(target, planted, { mode: 0o600 });
    const link = path.join(dir, 'linked-secret');
    symlinkSync(target, link);
    const secret = developmentSecret(link, log);
    expect(secret).not.toBe(planted);
    // The link itself was replaced; what it pointed at is untouched.
    expect(readFileSync(target, 'utf8')).toBe(planted);
    expect(statSync(link).mode & 0o777).toBe(0o600);
  });
});
