import type Phaser from 'phaser';
import type { City } from '../../shared/sim/city';
import { DeliveryWatch, type DeliveryEvent, type DeliveryState } from './delivery-watch';
import { LABEL_FONT_FAMILY } from './label-font';
import { TextureKey } from './textures';

/** How long the points float up and fade, ms. */
const FLOAT_MS = 1600;
const FLOAT_RISE = 56;
/** Sparks per burst over the house. */
const BURST_SPARKS = 18;
/** Deliveries the test hook keeps. */
const KEPT_EVENTS = 20;
const SELF_COLOR = '#ffd60a';
const OTHER_COLOR = '#ffffff';

/** A delivery as the test hook reports it. */
export interface RewardReport extends DeliveryEvent {
  self: boolean;
}

/**
 * The visible reward of a delivery (issue 12): the points float up from the house in big
 * type, the house bursts with sparks and a ring, and it does a little hop. Everyone's
 * deliveries show (a class sees who is scoring); the own ones in gold and larger.
 */
export class DeliveryEffects {
  /** Recent deliveries, newest last (for the test hook). */
  readonly recent: RewardReport[] = [];
  private readonly watch: DeliveryWatch;
  private readonly sparks: Phaser.GameObjects.Particles.ParticleEmitter;
  private readonly found: DeliveryEvent[] = [];

  constructor(
    private readonly scene: Phaser.Scene,
    private readonly city: City,
    maxPlayers: number,
  ) {
    this.watch = new DeliveryWatch(maxPlayers, city.houses.length);
    this.sparks = scene.add
      .particles(0, 0, TextureKey.Spark, {
        speed: { min: 90, max: 220 },
        angle: { min: 200, max: 340 },
        gravityY: 260,
        lifespan: { min: 600, max: 1000 },
        scale: { start: 1.1, end: 0.2 },
        alpha: { start: 1, end: 0 },
        tint: [0xffd60a, 0xff5d8f, 0x4cc9f0, 0x80ed99, 0xffffff],
        emitting: false,
      })
      .setDepth(25);
  }

  /** Call once per frame with the latest replica; `self` is the own slot. */
  update(state: DeliveryState, self: number): void {
    this.found.length = 0;
    if (this.watch.update(this.city, state, this.found) === 0) return;
    for (const event of this.found) this.celebrate(event, event.slot === self);
  }

  private celebrate(event: DeliveryEvent, self: boolean): void {
    this.recent.push({ ...event, self });
    if (this.recent.length > KEPT_EVENTS) this.recent.shift();
    const { scene } = this;
    const top = event.y - 24;
    this.sparks.explode(BURST_SPARKS, event.x, top);

    const ring = scene.add.circle(event.x, event.y, 14).setStrokeStyle(4, self ? 0xffd60a : 0xffffff, 1).setDepth(24);
    scene.tweens.add({ targets: ring, scale: 3.2, alpha: 0, duration: 700, ease: 'Cubic.easeOut', onComplete: () => ring.destroy() });

    const text = scene.add
      .text(event.x, top, `+${event.points}`, {
        fontFamily: LABEL_FONT_FAMILY,
        fontSize: self ? '26px' : '18px',
        fontStyle: 'bold',
        color: self ? SELF_COLOR : OTHER_COLOR,
        stroke: '#1b1f27',
        strokeThickness: 5,
        resolution: 2,
      })
      .setOrigin(0.5, 1)
      .setDepth(26)
      .setScale(0.4);
    scene.tweens.add({ targets: text, scale: 1, duration: 220, ease: 'Back.easeOut' });
    scene.tweens.add({
      targets: text,
      y: top - FLOAT_RISE,
      alpha: 0,
      delay: 250,
      duration: FLOAT_MS - 250,
      ease: 'Sine.easeIn',
      onComplete: () => text.destroy(),
    });

    // The house hops: a roof-coloured flash over its tile, squashing and stretching.
    if (event.house >= 0) {
      const flash = scene.add.rectangle(event.x, event.y, 32, 32, 0xfff3b0, 0.6).setDepth(4);
      scene.tweens.add({ targets: flash, scaleY: 1.25, scaleX: 0.9, yoyo: true, repeat: 1, duration: 140, onComplete: () => flash.destroy() });
    }
  }
}
