import type Phaser from 'phaser';
import type { City } from '../../shared/sim/city';
import { createEdgePoint, edgePointer } from './edge-pointer';
import { chooseGuideTarget, createGuideTarget, type GuideKind, type GuideState } from './guide-target';
import { TextureKey } from './textures';

/** Screen pixels between the view's edge and the edge arrow's centre. */
const EDGE_INSET_PX = 30;
/** World units above the target's centre where the on-screen marker hovers (clear of its label or order bubble). */
const MARKER_RISE = 60;
const MARKER_BOB = 5;
const COLORS: Record<Exclude<GuideKind, 'none'>, number> = { shop: 0xff4d4d, order: 0xffd60a };

/** What the guide shows, for the test hook (screen coordinates in CSS pixels of the canvas). */
export interface GuideReport {
  kind: GuideKind;
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
  private readonly marker: Phaser.GameObjects.Image;
  private selfX = 0;
  private selfY = 0;

  constructor(private readonly scene: Phaser.Scene) {
    this.arrow = scene.add.image(0, 0, TextureKey.Arrow).setDepth(30).setVisible(false);
    this.marker = scene.add.image(0, 0, TextureKey.Arrow).setDepth(30).setRotation(Math.PI / 2).setScale(0.75).setVisible(false);
  }

  update(city: City, state: GuideState, self: number, selfX: number, selfY: number, nowMs: number): void {
    this.selfX = selfX;
    this.selfY = selfY;
    const target = chooseGuideTarget(city, state, self, selfX, selfY, this.target);
    if (target.kind === 'none') {
      this.arrow.setVisible(false);
      this.marker.setVisible(false);
      return;
    }
    const camera = this.scene.cameras.main;
    const zoom = camera.zoom;
    const point = edgePointer(camera.worldView, selfX, selfY, target.x, target.y, EDGE_INSET_PX / zoom, this.point);
    const color = COLORS[target.kind];
    const pulse = 0.75 + 0.25 * Math.sin(nowMs / 160);
    if (point.onScreen) {
      this.arrow.setVisible(false);
      this.marker
        .setVisible(true)
        .setTint(color)
        .setPosition(target.x, target.y - MARKER_RISE - MARKER_BOB * Math.sin(nowMs / 180));
    } else {
      this.marker.setVisible(false);
      this.arrow
        .setVisible(true)
        .setTint(color)
        .setAlpha(pulse)
        .setScale(1 / zoom)
        .setPosition(point.x, point.y)
        .setRotation(point.angle);
    }
  }

  report(): GuideReport {
    const camera = this.scene.cameras.main;
    const shown = this.point.onScreen ? this.marker : this.arrow;
    const view = camera.worldView;
    return {
      kind: this.target.kind,
      index: this.target.index,
      targetX: this.target.x,
      targetY: this.target.y,
      selfX: this.selfX,
      selfY: this.selfY,
      onScreen: this.point.onScreen,
      visible: shown.visible,
      angle: this.point.angle,
      rotation: shown.rotation,
      screenX: (shown.x - view.x) * camera.zoom,
      screenY: (shown.y - view.y) * camera.zoom,
    };
  }
}
