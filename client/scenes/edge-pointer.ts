/** A rectangle in world units (the camera's view). */
export interface ViewRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Where to draw the guide: on the target when it is in view, else at the view's edge toward it. */
export interface EdgePoint {
  /** True: the target is inside the inset view (draw a marker over it, no edge arrow). */
  onScreen: boolean;
  /** World units: the marker's or the edge arrow's position. */
  x: number;
  y: number;
  /** Radians (0 = east, clockwise on screen, as Phaser rotates): from the own scooter to the target. */
  angle: number;
}

export function createEdgePoint(): EdgePoint {
  return { onScreen: false, x: 0, y: 0, angle: 0 };
}

/**
 *   +------------------------------+  view
 *   |  +------------------------+  |  inset by `inset` (world units) on every side
 *   |  |                        |  |
 *   |  |   self *-------------->|> |  the arrow sits where the line from the own scooter
 *   |  |                        |  |  to the target leaves the inset view, pointing along it
 *   |  +------------------------+  |
 *   +------------------------------+          target * (off screen)
 *
 * The line starts at the own scooter (which the camera follows, so it is near the centre);
 * a scooter outside the inset (the camera stops at the map edge) is first clamped into it.
 * A target counts as on screen when it lies `visibleInset` inside the view (less than
 * `inset`: one a little inside the arrow's line is still plainly in view, and an arrow there
 * would sit on top of it). Allocation-free: writes `out`.
 */
export function edgePointer(
  view: ViewRect,
  selfX: number,
  selfY: number,
  targetX: number,
  targetY: number,
  inset: number,
  out: EdgePoint,
  visibleInset = inset,
): EdgePoint {
  const left = view.x + inset;
  const top = view.y + inset;
  const right = view.x + view.width - inset;
  const bottom = view.y + view.height - inset;
  out.angle = Math.atan2(targetY - selfY, targetX - selfX);
  const v = visibleInset;
  if (targetX >= view.x + v && targetX <= view.x + view.width - v && targetY >= view.y + v && targetY <= view.y + view.height - v) {
    out.onScreen = true;
    out.x = targetX;
    out.y = targetY;
    return out;
  }
  out.onScreen = false;
  const sx = Math.min(Math.max(selfX, left), right);
  const sy = Math.min(Math.max(selfY, top), bottom);
  const dx = targetX - sx;
  const dy = targetY - sy;
  // The smallest t in (0, 1] at which sx + t dx leaves [left, right] or sy + t dy leaves [top, bottom].
  let t = 1;
  if (dx > 0) t = Math.min(t, (right - sx) / dx);
  else if (dx < 0) t = Math.min(t, (left - sx) / dx);
  if (dy > 0) t = Math.min(t, (bottom - sy) / dy);
  else if (dy < 0) t = Math.min(t, (top - sy) / dy);
  out.x = sx + t * dx;
  out.y = sy + t * dy;
  return out;
}
