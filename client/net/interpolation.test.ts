import { describe, expect, it } from 'vitest';
import { createReplicaState } from '../../shared/protocol/replica-state';
import { createInterpolatedView, headingDelta, lerpHeading, sampleInterpolated, sampleLatest } from './interpolation';
import { SnapshotBuffer } from './snapshot-buffer';

function pushAt(buffer: SnapshotBuffer, tick: number, px: number, heading: number, active = 1) {
  const s = createReplicaState(2, 1);
  s.tick = tick;
  s.active[0] = active;
  s.px[0] = px;
  s.py[0] = 2 * px;
  s.heading[0] = heading;
  buffer.push(s, tick * 33);
}

describe('heading wrap', () => {
  it('takes the short way round', () => {
    expect(headingDelta(4000, 100)).toBe(196);
    expect(headingDelta(100, 4000)).toBe(-196);
    expect(lerpHeading(4000, 100, 0.5)).toBe(4098 - 4096);
    expect(lerpHeading(100, 4000, 0.5)).toBe(2);
    expect(lerpHeading(0, 2048, 0.25)).toBe(3584);
  });
});

describe('sampleInterpolated', () => {
  const out = createInterpolatedView(2);
  const result = { extrapolatedTicks: 0 };

  it('blends between the two snapshots around the render tick', () => {
    const b = new SnapshotBuffer(2);
    pushAt(b, 10, 100, 0);
    pushAt(b, 12, 200, 100);
    sampleInterpolated(b, 11.5, 2, out, result);
    expect(out.visible[0]).toBe(1);
    expect(out.visible[1]).toBe(0);
    expect(out.x[0]).toBeCloseTo(175);
    expect(out.y[0]).toBeCloseTo(350);
    expect(out.heading[0]).toBeCloseTo(75);
    expect(result.extrapolatedTicks).toBe(0);
  });

  it('wraps headings across zero', () => {
    const b = new SnapshotBuffer(2);
    pushAt(b, 10, 0, 4046);
    pushAt(b, 11, 0, 50);
    sampleInterpolated(b, 10.5, 2, out, result);
    expect(out.heading[0]).toBeCloseTo(0);
  });

  it('extrapolates a late snapshot for at most the cap', () => {
    const b = new SnapshotBuffer(2);
    pushAt(b, 10, 100, 0);
    pushAt(b, 11, 110, 0);
    sampleInterpolated(b, 11.5, 1, out, result);
    expect(out.x[0]).toBeCloseTo(115);
    expect(result.extrapolatedTicks).toBeCloseTo(0.5);
    sampleInterpolated(b, 20, 1, out, result);
    expect(out.x[0]).toBeCloseTo(120);
    expect(result.extrapolatedTicks).toBe(1);
  });

  it('shows the oldest snapshot before the buffer starts, and the newest when interpolation is off', () => {
    const b = new SnapshotBuffer(2);
    pushAt(b, 10, 100, 0);
    pushAt(b, 11, 110, 0);
    sampleInterpolated(b, 5, 1, out, result);
    expect(out.x[0]).toBe(100);
    sampleLatest(b, out);
    expect(out.x[0]).toBe(110);
  });

  it('does not blend from a slot that just appeared', () => {
    const b = new SnapshotBuffer(2);
    pushAt(b, 10, 0, 0, 0);
    pushAt(b, 11, 300, 0);
    sampleInterpolated(b, 10.5, 1, out, result);
    expect(out.x[0]).toBe(300);
  });
});

describe('SnapshotBuffer', () => {
  it('keeps the newest entries in order and clears when time goes back', () => {
    const b = new SnapshotBuffer(2, 4);
    for (let t = 1; t <= 6; t++) pushAt(b, t, t, 0);
    expect(b.count).toBe(4);
    expect(b.tick[b.entry(0)]).toBe(3);
    expect(b.tick[b.entry(3)]).toBe(6);
    pushAt(b, 2, 0, 0);
    expect(b.count).toBe(1);
  });
});
