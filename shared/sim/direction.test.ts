import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HEADING_STEPS } from './constants';
import { DIR_ONE, headingCosQ14, headingError, headingSinQ14, headingToward } from './direction';

/**
 * The answer by brute force over all 4096 headings: of those pointing the vector's way
 * (positive dot product), the one whose line it lies closest to, ties to the lower.
 */
function bruteForce(dx: number, dy: number): number {
  let best = -1;
  let bestOff = Number.POSITIVE_INFINITY;
  for (let h = 0; h < HEADING_STEPS; h++) {
    if (dx * headingCosQ14(h) + dy * headingSinQ14(h) <= 0) continue;
    const off = Math.abs(dy * headingCosQ14(h) - dx * headingSinQ14(h));
    if (off < bestOff) {
      bestOff = off;
      best = h;
    }
  }
  return best;
}

describe('direction tables', () => {
  it('are exact integers on the axes', () => {
    expect([headingCosQ14(0), headingSinQ14(0)]).toEqual([DIR_ONE, 0]);
    expect([headingCosQ14(1024), headingSinQ14(1024)]).toEqual([0, DIR_ONE]);
    expect([headingCosQ14(2048), headingSinQ14(2048)]).toEqual([-DIR_ONE, 0]);
    expect([headingCosQ14(3072), headingSinQ14(3072)]).toEqual([0, -DIR_ONE]);
    expect(headingCosQ14(4096 + 5)).toBe(headingCosQ14(5));
  });

  it('headingError is the signed shortest turn, in [-2048, 2048)', () => {
    expect(headingError(0, 100)).toBe(100);
    expect(headingError(100, 0)).toBe(-100);
    expect(headingError(4000, 50)).toBe(146);
    expect(headingError(50, 4000)).toBe(-146);
    expect(headingError(0, 2048)).toBe(-2048);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4095 }), fc.integer({ min: 0, max: 4095 }), (a, b) => {
        const e = headingError(a, b);
        expect(e).toBeGreaterThanOrEqual(-2048);
        expect(e).toBeLessThan(2048);
        expect((((a + e) % 4096) + 4096) % 4096).toBe(b);
      }),
    );
  });
});

describe('headingToward', () => {
  it('gives the exact heading for the eight key directions', () => {
    expect(headingToward(1, 0)).toBe(0);
    expect(headingToward(1, 1)).toBe(512);
    expect(headingToward(0, 1)).toBe(1024);
    expect(headingToward(-1, 1)).toBe(1536);
    expect(headingToward(-1, 0)).toBe(2048);
    expect(headingToward(-1, -1)).toBe(2560);
    expect(headingToward(0, -1)).toBe(3072);
    expect(headingToward(1, -1)).toBe(3584);
    expect(headingToward(0, 0)).toBe(-1);
  });

  it('finds every one of the 4096 headings from its own table vector', () => {
    for (let h = 0; h < HEADING_STEPS; h++) expect(headingToward(headingCosQ14(h), headingSinQ14(h))).toBe(h);
  });

  it('agrees with a brute-force search over the whole table (property)', () => {
    const coord = fc.integer({ min: -(1 << 20), max: 1 << 20 });
    fc.assert(
      fc.property(coord, coord, (dx, dy) => {
        fc.pre(dx !== 0 || dy !== 0);
        expect(headingToward(dx, dy)).toBe(bruteForce(dx, dy));
      }),
      { numRuns: 300 },
    );
  });

  it('is within one step of the true angle for stick-sized vectors', () => {
    for (let k = 0; k < 360; k++) {
      const a = (k * Math.PI) / 180;
      const h = headingToward(Math.round(Math.cos(a) * 1024), Math.round(Math.sin(a) * 1024));
      const exact = (a * HEADING_STEPS) / (2 * Math.PI);
      expect(Math.abs(headingError(Math.round(exact) % HEADING_STEPS, h))).toBeLessThanOrEqual(1);
    }
  });

  it('refuses non-integers and out-of-range vectors (our bug, not input)', () => {
    expect(() => headingToward(0.5, 1)).toThrow(RangeError);
    expect(() => headingToward(1 << 21, 0)).toThrow(RangeError);
  });
});
