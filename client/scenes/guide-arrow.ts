import type Phaser from 'phaser';
import type { City } from '../../shared/sim/city';
import { createEdgePoint, edgePointer } from './edge-pointer';
import { chooseGuideTarget, createGuideTarget, type GuideKind, type GuideState } from './guide-target';
import { TextureKey } from './textures';

/** Screen pixels between the view's edge and the edge arrow's centre. */
export const EDGE_INSET_PX = 40;
/** A target at least this far (screen pixels) inside the view's edge gets the marker, not the edge arrow. */
const VISIBLE_INSET_PX = 18;
/** The marker keeps this far (screen pixels) below the view's top. */
const MARKER_TOP_PX = 22;
/** The edge arrow's size on screen (its texture is 44 px; the badge behind it 64). */
const EDGE_SCALE = 1.1;
/** The arrow sits this far (texture pixels) from the badge's centre, toward the target. */
const ARROW_LEAD = 6;
/** World units above the target's centre where the on-screen marker hovers (clear of its label or order bubble). */
const MARKER_RISE = 60;
const MARKER_BOB = 5;
const COLORS: Record<Exclude<GuideKind, 'none'>, number> = { shop: 0xff4d4d, order: 0xffd60a };

/** What the guide shows, for the test hook (screen coordinates in CSS pixels of the canvas). */
export interface GuideReport {
  kind: GuideKind;
  /**
   * The tick of the state the target was chosen from (the frame last drawn). A snapshot read
   * later may be newer, with orders placed or ended since: compare against the same tick.
   */
  tick: number;
  index: number;
  targetX: number;
  targetY: number;
  selfX: number;
  selfY: number;
  onScreen: boolean;
  visible: boolean;
  /** Radians from the own scooter to the target (0 = east, clockwise). */
  angle: number;
  /** The arrow's drawn rotation, radians. */
  rotation: number;
  screenX: number;
  screenY: number;
}

/**
 * The onboarding guide (issue 12): an arrow at the screen's edge toward the nearest open order
 * while carrying pizzas, toward the nearest shop while empty; when the target is on screen,
 * a marker bobbing over it instead. Targets and geometry come from guide-target.ts and
 * edge-pointer.ts; this file only draws.
 */
export class GuideArrow {
  private readonly target = createGuideTarget();
  private readonly point = createEdgePoint();
  private readonly arrow: Phaser.GameObjects.Image;
  private readonly badge: Phaser.GameObjects.Image;
  private readonly marker: Phaser.GameObjects.Image;
  private selfX = 0;
  private selfY = 0;
  private nowMs = 0;
  private chosenAtTick = 0;

  constructor(private readonly scene: Phaser.Scene) {
    this.badge = scene.add.image(0, 0, TextureKey.Badge).setDepth(30).setVisible(false);
    this.arrow = scene.add.image(0, 0, TextureKey.Arrow).setDepth(31).setVisible(false);
    this.marker = scene.add.image(0, 0, TextureKey.Arrow).setDepth(30).setRotation(Math.PI / 2).setScale(0.75).setVisible(false);
    // The camera follows the scooter in its preRender, after the scene's update: placed in
    // update alone, the arrow would be drawn against last frame's view, off the edge inset by
    // one frame's camera movement (more on slow frames). So it is placed again once the
    // camera has moved, just before the frame is drawn.
    // 'followupdate' is Phaser.Cameras.Scene2D.Events.FOLLOW_UPDATE, named as a string so this
    // file (whose EDGE_INSET_PX the e2e suite reads in Node) does not load Phaser itself.
    scene.cameras.main.on('followupdate', () => this.place());
  }

  update(city: City, state: GuideState, self: number, selfX: number, selfY: number, nowMs: number): void {
    this.selfX = selfX;
    this.selfY = selfY;
    this.nowMs = nowMs;
    this.chosenAtTick = state.tick;
    chooseGuideTarget(city, state, self, selfX, selfY, this.target);
    this.place();
  }

  /** Places the arrow, or the marker, for the chosen target against the camera's current view. */
  private place(): void {
    const { target, selfX, selfY, nowMs } = this;
    if (target.kind === 'none') {
      this.arrow.setVisible(false);
      this.badge.setVisible(false);
      this.marker.setVisible(false);
      return;
    }
    const camera = this.scene.cameras.main;
    const zoom = camera.zoom;
    const view = camera.worldView;
    const point = edgePointer(view, selfX, selfY, target.x, target.y, EDGE_INSET_PX / zoom, this.point, VISIBLE_INSET_PX / zoom);
    const color = COLORS[target.kind];
    const pulse = 0.75 + 0.25 * Math.sin(nowMs / 160);
    if (point.onScreen) {
      this.arrow.setVisible(false);
      this.badge.setVisible(false);
      this.marker
        .setVisible(true)
        .setTint(color)
        .setPosition(target.x, Math.max(view.y + MARKER_TOP_PX / zoom, target.y - MARKER_RISE - MARKER_BOB * Math.sin(nowMs / 180)));
    } else {
      this.marker.setVisible(false);
      const scale = EDGE_SCALE / zoom;
      const lead = ARROW_LEAD * scale;
      this.badge.setVisible(true).setTint(color).setScale(scale * (0.95 + 0.05 * pulse)).setPosition(point.x, point.y);
      this.arrow
        .setVisible(true)
        .setTint(color)
        .setAlpha(pulse)
        .setScale(scale)
        .setPosition(point.x + Math.cos(point.angle) * lead, point.y + Math.sin(point.angle) * lead)
        .setRotation(point.angle);
    }
  }

  report(): GuideReport {
    const camera = this.scene.cameras.main;
    const shown = this.point.onScreen ? this.marker : this.badge;
    const view = camera.worldView;
    return {
      kind: this.target.kind,
      tick: this.chosenAtTick,
      index: this.target.index,
      targetX: this.target.x,
      targetY: this.target.y,
      selfX: this.selfX,
      selfY: this.selfY,
      onScreen: this.point.onScreen,
      visible: shown.visible,
      angle: this.point.angle,
      rotation: this.point.onScreen ? this.marker.rotation : this.arrow.rotation,
      screenX: (shown.x - view.x) * camera.zoom,
      screenY: (shown.y - view.y) * camera.zoom,
    };
  }
}
