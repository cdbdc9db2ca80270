import { describe, expect, it } from 'vitest';
import { BitReader } from '../protocol/bit-reader';
import { BitWriter } from '../protocol/bit-writer';
import { isValidSteer, packSteer } from '../sim/steering';
import { readSteerChange, steerChangeCode, STEER_GRID_STEPS, writeSteerChange } from './steer-code';

function steerThrottleOf(steer: number): number {
  return steer >>> 12;
}

function bitsOf(previous: number, value: number): { bits: number; back: number } {
  const w = new BitWriter(16);
  writeSteerChange(w, previous, value);
  const bits = w.bitLength;
  const r = new BitReader();
  r.reset(w.finish());
  return { bits, back: readSteerChange(r, previous) };
}

describe('steer code (recording format 3)', () => {
  it('codes the common changes in a few bits, and reads back each one', () => {
    const full = (heading: number) => packSteer(heading, 15);
    // One aim step either way, at the same throttle: 1 + 1 + se(+-1).
    expect(bitsOf(full(1024), full(1024 + STEER_GRID_STEPS))).toEqual({ bits: 5, back: full(1024 + STEER_GRID_STEPS) });
    expect(bitsOf(full(1024), full(1024 - STEER_GRID_STEPS))).toEqual({ bits: 5, back: full(1024 - STEER_GRID_STEPS) });
    // Round past east the short way (a 16-bit residual would cost 25 bits).
    expect(bitsOf(full(4096 - STEER_GRID_STEPS), full(0))).toEqual({ bits: 5, back: full(0) });
    // Letting go: the throttle becomes 0 and no heading follows.
    expect(bitsOf(full(512), 0)).toEqual({ bits: 5, back: 0 });
    // From let-go to a target: throttle, then the turn from heading 0.
    expect(bitsOf(0, packSteer(2048, 9)).back).toBe(packSteer(2048, 9));
    // A target off the grid (a future client aiming finer) still reads back exactly.
    expect(bitsOf(full(100), full(107)).back).toBe(full(107));
  });

  it('reads back every change from a sample of previous targets', () => {
    const values = [0];
    for (let throttle = 1; throttle <= 15; throttle += 7) for (let heading = 0; heading < 4096; heading += 61) values.push(packSteer(heading, throttle));
    const wrong: string[] = [];
    for (const previous of values) {
      for (const value of values) {
        if (value !== previous && bitsOf(previous, value).back !== value) wrong.push(`${previous} -> ${value}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('packs the bits writeSteerChange writes whenever they fit, and says when they do not', () => {
    const values = [0];
    for (let throttle = 1; throttle <= 15; throttle += 7) for (let heading = 0; heading < 4096; heading += 48) values.push(packSteer(heading, throttle));
    let packed = 0;
    for (const previous of values) {
      for (const value of values) {
        if (value === previous) continue;
        const w = new BitWriter(16);
        writeSteerChange(w, previous, value);
        const written = w.bitLength;
        const code = steerChangeCode(previous, value);
        if (code === 0) {
          expect(written > 15 || (steerThrottleOf(value) !== 0 && (((value & 4095) - (previous & 4095)) & (STEER_GRID_STEPS - 1)) !== 0)).toBe(true);
          continue;
        }
        packed++;
        const p = new BitWriter(16);
        p.writeBits(code >>> 5, code & 31);
        expect([code & 31, Array.from(p.finish())]).toEqual([written, Array.from(w.finish())]);
      }
    }
    expect(packed).toBeGreaterThan(values.length * values.length * 0.1);
  });

  it('whatever the bits, reads a valid steer value', () => {
    let seed = 12345;
    const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
    for (let n = 0; n < 2000; n++) {
      const bytes = Uint8Array.from({ length: 12 }, () => next() & 0xff);
      const r = new BitReader();
      r.reset(bytes);
      expect(isValidSteer(readSteerChange(r, packSteer(next() & 4095, 1 + (next() % 15))))).toBe(true);
    }
  });
});
