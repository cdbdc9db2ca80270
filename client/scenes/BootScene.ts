import Phaser from 'phaser';
import { preloadLabelGlyphs } from './label-font';
import { SceneKey, type SceneFeed } from './scene-feed';
import { makeArrowTexture, makeBadgeTexture, makeHaloTexture, makePizzaTexture, makeScooterTexture, makeSparkTexture } from './textures';

/** How long the first frame may wait for the labels' font slices (slow school Wi-Fi). */
const FONT_WAIT_MAX_MS = 3000;

/** Builds the runtime textures and waits for the labels' font, then hands over to the game. */
export class BootScene extends Phaser.Scene {
  private feed: SceneFeed | null = null;

  constructor() {
    super(SceneKey.Boot);
  }

  init(data: { feed: SceneFeed }): void {
    this.feed = data.feed;
  }

  create(): void {
    makeScooterTexture(this);
    makeHaloTexture(this);
    makePizzaTexture(this);
    makeArrowTexture(this);
    makeBadgeTexture(this);
    makeSparkTexture(this);
    // The canvas does not wait for web fonts: a label drawn before its glyphs arrive stays in
    // a fallback (boxes, without CJK system fonts). Players' names arrive later and redraw
    // themselves (label-font.ts). Bounded, so a font that never loads cannot keep the game
    // from starting.
    const feed = this.feed;
    const texts = feed === null ? [] : [feed.shopLabel(), '+0123456789'];
    const start = () => this.scene.start(SceneKey.Game, { feed });
    void Promise.race([preloadLabelGlyphs(document.fonts, texts), new Promise((resolve) => setTimeout(resolve, FONT_WAIT_MAX_MS))]).then(start);
  }
}
