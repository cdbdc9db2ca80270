import type Phaser from 'phaser';

/** Texture keys generated at boot; everything is drawn at runtime, no image files. */
export const TextureKey = {
  Scooter: 'scooter',
  Halo: 'halo',
  Pizza: 'pizza',
  Arrow: 'guide-arrow',
  Badge: 'guide-badge',
  Spark: 'spark',
} as const;

/** Scooter facing east (heading 0), white body so a tint colours it per player. */
export function makeScooterTexture(scene: Phaser.Scene): void {
  const g = scene.make.graphics({}, false);
  // Shadow
  g.fillStyle(0x000000, 0.25);
  g.fillRoundedRect(3, 5, 30, 18, 7);
  // Wheels
  g.fillStyle(0x1d1d1f, 1);
  g.fillRoundedRect(2, 2, 9, 4, 2);
  g.fillRoundedRect(2, 18, 9, 4, 2);
  g.fillRoundedRect(21, 2, 9, 4, 2);
  g.fillRoundedRect(21, 18, 9, 4, 2);
  // Body (tinted)
  g.fillStyle(0xffffff, 1);
  g.fillRoundedRect(1, 4, 30, 16, 7);
  // Pizza box on the back
  g.fillStyle(0xf2c14e, 1);
  g.fillRect(3, 7, 10, 10);
  g.lineStyle(1, 0x8a5a00, 1);
  g.strokeRect(3, 7, 10, 10);
  // Rider's helmet and headlight
  g.fillStyle(0x222222, 1);
  g.fillCircle(19, 12, 5);
  g.fillStyle(0xfff3b0, 1);
  g.fillCircle(29, 12, 2.5);
  g.generateTexture(TextureKey.Scooter, 34, 26);
  g.destroy();
}

/** Ring under the own scooter so a player finds themselves on a projector at a glance. */
export function makeHaloTexture(scene: Phaser.Scene): void {
  const g = scene.make.graphics({}, false);
  g.fillStyle(0xffd60a, 0.28);
  g.fillCircle(32, 32, 30);
  g.lineStyle(3, 0xffd60a, 1);
  g.strokeCircle(32, 32, 28);
  g.generateTexture(TextureKey.Halo, 64, 64);
  g.destroy();
}

/** A small pizza for order markers. */
export function makePizzaTexture(scene: Phaser.Scene): void {
  const g = scene.make.graphics({}, false);
  g.fillStyle(0xd08c2c, 1);
  g.fillCircle(12, 12, 11);
  g.fillStyle(0xffd166, 1);
  g.fillCircle(12, 12, 8.5);
  g.fillStyle(0xc1121f, 1);
  for (const [x, y] of [[9, 9], [15, 10], [11, 15], [16, 15]]) g.fillCircle(x, y, 2);
  g.generateTexture(TextureKey.Pizza, 24, 24);
  g.destroy();
}

/**
 * The guide arrow, pointing east (rotated toward the target): white so a tint colours it per
 * target, with a dark outline that reads on roads, parks and roofs alike.
 */
export function makeArrowTexture(scene: Phaser.Scene): void {
  const g = scene.make.graphics({}, false);
  g.fillStyle(0x111111, 0.85);
  g.fillTriangle(4, 4, 40, 22, 4, 40);
  g.fillStyle(0xffffff, 1);
  g.fillTriangle(8, 10, 33, 22, 8, 34);
  g.fillTriangle(8, 10, 16, 22, 8, 34);
  g.generateTexture(TextureKey.Arrow, 44, 44);
  g.destroy();
}

/** The disc behind the edge arrow: dark, with a white rim a tint colours, so it reads on any tile. */
export function makeBadgeTexture(scene: Phaser.Scene): void {
  const g = scene.make.graphics({}, false);
  g.fillStyle(0x111111, 0.72);
  g.fillCircle(32, 32, 30);
  g.lineStyle(4, 0xffffff, 1);
  g.strokeCircle(32, 32, 28);
  g.generateTexture(TextureKey.Badge, 64, 64);
  g.destroy();
}

/** A small four-pointed star for the delivery burst. */
export function makeSparkTexture(scene: Phaser.Scene): void {
  const g = scene.make.graphics({}, false);
  g.fillStyle(0xffffff, 1);
  g.fillTriangle(8, 0, 10, 8, 6, 8);
  g.fillTriangle(8, 16, 10, 8, 6, 8);
  g.fillTriangle(0, 8, 8, 6, 8, 10);
  g.fillTriangle(16, 8, 8, 6, 8, 10);
  g.fillCircle(8, 8, 2.5);
  g.generateTexture(TextureKey.Spark, 16, 16);
  g.destroy();
}
