import { describe, expect, it } from 'vitest';
import { createEdgePoint, edgePointer } from './edge-pointer';

const view = { x: 100, y: 200, width: 400, height: 300 };

describe('edgePointer', () => {
  it('marks a target inside the inset view as on screen, at the target', () => {
    const p = edgePointer(view, 300, 350, 420, 300, 20, createEdgePoint());
    expect(p).toMatchObject({ onScreen: true, x: 420, y: 300 });
    expect(p.angle).toBeCloseTo(Math.atan2(-50, 120));
  });

  it('puts the arrow where the line to an off-screen target leaves the inset view, pointing along it', () => {
    // Straight east of the scooter at the centre: the right edge, same height.
    let p = edgePointer(view, 300, 350, 2000, 350, 20, createEdgePoint());
    expect(p).toMatchObject({ onScreen: false, x: 480, y: 350, angle: 0 });
    // Up and to the left: it leaves through the top (300 high vs 400 wide).
    p = edgePointer(view, 300, 350, 0, 50, 20, createEdgePoint());
    expect(p.onScreen).toBe(false);
    expect(p.y).toBeCloseTo(220);
    expect(p.x).toBeCloseTo(300 - 130);
    expect(p.angle).toBeCloseTo(Math.atan2(-300, -300));
    // Every off-screen target: the arrow lies on the inset border and on the line toward it.
    for (let k = 0; k < 72; k++) {
      const a = (k * Math.PI) / 36;
      const tx = 300 + Math.cos(a) * 5000;
      const ty = 350 + Math.sin(a) * 5000;
      const q = edgePointer(view, 300, 350, tx, ty, 20, createEdgePoint());
      const onBorder = Math.abs(q.x - 120) < 1e-6 || Math.abs(q.x - 480) < 1e-6 || Math.abs(q.y - 220) < 1e-6 || Math.abs(q.y - 480) < 1e-6;
      expect(onBorder, `angle ${k * 5}`).toBe(true);
      expect(Math.abs(Math.atan2(q.y - 350, q.x - 300) - Math.atan2(Math.sin(a), Math.cos(a)))).toBeLessThan(1e-9);
      expect(q.angle).toBeCloseTo(Math.atan2(Math.sin(a), Math.cos(a)));
    }
  });

  it('counts a target just inside the view as on screen with a smaller visible inset', () => {
    // 10 inside the right edge: outside the arrow's inset (20), inside a visible inset of 5.
    expect(edgePointer(view, 300, 350, 490, 350, 20, createEdgePoint()).onScreen).toBe(false);
    expect(edgePointer(view, 300, 350, 490, 350, 20, createEdgePoint(), 5)).toMatchObject({ onScreen: true, x: 490, y: 350 });
    expect(edgePointer(view, 300, 350, 498, 350, 20, createEdgePoint(), 5).onScreen).toBe(false);
  });

  it('clamps a scooter outside the inset (camera held at the map edge) before casting', () => {
    const p = edgePointer(view, 110, 350, 2000, 350, 20, createEdgePoint());
    expect(p).toMatchObject({ onScreen: false, x: 480, y: 350 });
  });
});
