import { describe, expect, it } from 'vitest';
import { TokenBucket } from './token-bucket';

describe('TokenBucket', () => {
  it('allows a burst, then refills at the rate', () => {
    const bucket = new TokenBucket(10, 5, 0);
    let allowed = 0;
    for (let i = 0; i < 20; i++) if (bucket.take(0)) allowed++;
    expect(allowed).toBe(5);
    expect(bucket.take(50)).toBe(false); // half a token
    expect(bucket.take(100)).toBe(true);
    expect(bucket.take(100)).toBe(false);
  });

  it('never holds more than the burst after a long pause', () => {
    const bucket = new TokenBucket(100, 3, 0);
    let allowed = 0;
    for (let i = 0; i < 10; i++) if (bucket.take(60_000)) allowed++;
    expect(allowed).toBe(3);
  });
});
